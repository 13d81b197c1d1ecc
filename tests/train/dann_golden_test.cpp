// Golden end-to-end test of a dendritic network (Chavlis & Poirazi's dANN-GRF): a tiny fixed
// model built by build_model, run by the executor with layout handoff on and either the fused
// dendritic-layer kernel or activation fusion (or by the reference kernels), against a dense masked reference in plain double-precision loops. The loss, every parameter
// gradient and the parameters after 3 Adam steps must agree.
//
// Network (depth 1): x [7, 64] (an 8x8 image) -> dendritic (D = 3 dendrites on each of S = 4
// somata, k = 5 synapses from a GRF) -> leaky_relu(0.2) -> somatic (each soma sums its own 3
// dendrites) -> leaky_relu(0.05) -> dense 4 -> 4 classes -> softmax cross-entropy. Depth 2
// repeats dendritic -> somatic on the 2x2 grid of somata (k = 3). Odd sizes (batch 7, 3
// dendrites) catch layout bugs; the two slopes differ from every default.
//
// The reference sees each layer as z = (W .* M) x + b with W dense [out, in] and the mask M made
// from the model's own connectivity: the CSR indices of a dendritic layer, the block structure
// of a somatic one, all ones for the output layer.
#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/model/variants.h"
#include "framework/optim/optimizer.h"
#include "tests/common/small_model.h"
#include "tests/train/golden_reference.h"

namespace dendrite {
namespace {

using namespace golden;

constexpr int kBatchSize = 7, kClasses = 4, kDendrites = 3, kSomata = 4;
constexpr double kDendriteSlope = 0.2, kSomaSlope = 0.05;

// One layer of the reference network: h = act((W .* M) x + b), act a leaky ReLU of `slope`
// (slope 1: the identity of the output layer). The layer's weight parameter holds the entries of
// W where M is 1, element e at dense position at[e] (row * in + column).
struct RefLayer {
  std::string weight, bias;  // parameter names in the model
  int in = 0, out = 0;
  std::vector<int> at;
  Vec mask;  // [out * in]
  double slope = 1.0;
};

RefLayer dendritic_layer(const Model& m, const std::string& prefix, int in, double slope) {
  const Tensor& row_ptr = m.graph.value(m.graph.find(prefix + ".row_ptr")).data;
  const Tensor& col = m.graph.value(m.graph.find(prefix + ".col")).data;
  RefLayer l{prefix + ".weight", prefix + ".bias", in, static_cast<int>(row_ptr.numel() - 1), {}, {}, slope};
  for (int j = 0; j < l.out; ++j)
    for (std::int32_t e = row_ptr.i32()[j]; e < row_ptr.i32()[j + 1]; ++e) l.at.push_back(j * in + col.i32()[e]);
  return l;
}

RefLayer somatic_layer(const std::string& prefix, double slope) {
  RefLayer l{prefix + ".weight", prefix + ".bias", kSomata * kDendrites, kSomata, {}, {}, slope};
  for (int s = 0; s < kSomata; ++s)  // soma s reads dendrites s*D .. s*D + D - 1
    for (int t = 0; t < kDendrites; ++t) l.at.push_back(s * l.in + s * kDendrites + t);
  return l;
}

RefLayer dense_layer(const std::string& prefix, int in, int out) {
  RefLayer l{prefix + ".weight", prefix + ".bias", in, out, {}, {}, 1.0};
  for (int i = 0; i < in * out; ++i) l.at.push_back(i);
  return l;
}

std::vector<RefLayer> reference_layers(const Model& m, int depth) {
  std::vector<RefLayer> layers;
  int in = 64;
  for (int d = 0; d < depth; ++d) {
    const std::string prefix = "layer" + std::to_string(d);
    layers.push_back(dendritic_layer(m, prefix + ".dendrites", in, kDendriteSlope));
    layers.push_back(somatic_layer(prefix + ".somata", kSomaSlope));
    in = kSomata;
  }
  layers.push_back(dense_layer("output", in, kClasses));
  for (RefLayer& l : layers) {
    l.mask.assign(static_cast<std::size_t>(l.in * l.out), 0.0);
    for (int a : l.at) l.mask[static_cast<std::size_t>(a)] = 1.0;
  }
  return layers;
}

using Params = std::map<std::string, Vec>;

struct RefStep {
  double loss = 0;
  Params grad;
  int negative_pre_activations[2] = {0, 0};  // dendrites, somata: the slopes are exercised
};

// Forward and backward of the whole network on x [N, 64], in double precision.
RefStep reference_step(const std::vector<RefLayer>& layers, const Params& p, const Vec& x, const std::vector<int>& y) {
  RefStep r;
  const int N = static_cast<int>(y.size());
  std::vector<Vec> inputs{x}, pre;  // per layer: its input and its z
  for (const RefLayer& l : layers) {
    Vec w(l.mask.size(), 0.0);  // the dense W, zero outside the mask
    for (std::size_t e = 0; e < l.at.size(); ++e) w[static_cast<std::size_t>(l.at[e])] = p.at(l.weight)[e];
    const Vec& h_in = inputs.back();
    Vec z(static_cast<std::size_t>(N * l.out)), h(z.size());
    for (int n = 0; n < N; ++n)
      for (int j = 0; j < l.out; ++j) {
        double s = p.at(l.bias)[static_cast<std::size_t>(j)];
        for (int i = 0; i < l.in; ++i) s += l.mask[j * l.in + i] * w[j * l.in + i] * h_in[n * l.in + i];
        z[n * l.out + j] = s;
        h[n * l.out + j] = s > 0 ? s : l.slope * s;
        if (l.slope != 1.0 && s < 0) ++r.negative_pre_activations[l.slope == kDendriteSlope ? 0 : 1];
      }
    pre.push_back(z);
    inputs.push_back(h);
  }
  Vec d_h;
  r.loss = softmax_cross_entropy(inputs.back(), y, kClasses, d_h);
  for (std::size_t k = layers.size(); k-- > 0;) {
    const RefLayer& l = layers[k];
    const Vec& z = pre[k];
    const Vec& h_in = inputs[k];
    Vec w(l.mask.size(), 0.0);
    for (std::size_t e = 0; e < l.at.size(); ++e) w[static_cast<std::size_t>(l.at[e])] = p.at(l.weight)[e];
    Vec d_w(l.mask.size(), 0.0), d_b(static_cast<std::size_t>(l.out), 0.0), d_in(h_in.size(), 0.0);
    for (int n = 0; n < N; ++n)
      for (int j = 0; j < l.out; ++j) {
        const double d_z = d_h[n * l.out + j] * (z[n * l.out + j] > 0 ? 1.0 : l.slope);
        d_b[static_cast<std::size_t>(j)] += d_z;
        for (int i = 0; i < l.in; ++i) {
          d_w[j * l.in + i] += l.mask[j * l.in + i] * d_z * h_in[n * l.in + i];
          d_in[n * l.in + i] += l.mask[j * l.in + i] * w[j * l.in + i] * d_z;
        }
      }
    Vec& g = r.grad[l.weight];
    for (int a : l.at) g.push_back(d_w[static_cast<std::size_t>(a)]);
    r.grad[l.bias] = d_b;
    d_h = d_in;
  }
  return r;
}

ModelSpec golden_spec(int depth) {
  VariantOptions o = test::small_options();
  o.dendrites = kDendrites;
  o.somata = kSomata;
  o.synapses = depth == 1 ? 5 : 3;  // layer 2 reads the 2x2 grid of 4 somata
  o.layers = depth;
  o.dendrite_activation = {"leaky_relu", kDendriteSlope};
  o.soma_activation = {"leaky_relu", kSomaSlope};
  return variant_spec("dann-grf", o);
}

struct GoldenCase {
  Backend backend;
  int depth;
  bool fuse_layers = true;  // the executor's layer fusion (optimized backend)
};

std::string case_name(const GoldenCase& c) {
  const std::string backend = c.backend == Backend::reference ? "reference" : c.fuse_layers ? "fused_layers" : "optimized";
  return backend + "_depth" + std::to_string(c.depth);
}
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << case_name(c); }

class DannGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(DannGolden, LossGradientsAndThreeAdamSteps) {
  const GoldenCase c = GetParam();
  Model m = build_model(golden_spec(c.depth));
  const std::vector<RefLayer> layers = reference_layers(m, c.depth);

  // Fixed parameters (no zero bias: a bias the kernels drop must show), the same on both sides.
  Params p;
  int seed = 0;
  for (ValueId id : m.graph.parameters()) {
    Value& v = m.graph.value(id);
    const bool bias = v.name.size() > 5 && v.name.compare(v.name.size() - 5, 5, ".bias") == 0;
    Vec values(static_cast<std::size_t>(v.data.numel()));
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = fixed_value(seed++, bias ? 0.3 : 0.6);
    v.data = to_tensor(values, v.data.shape());
    p[v.name] = values;
  }
  Vec x(kBatchSize * 64);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5 + 0.5 * fixed_value(1000 + static_cast<int>(i), 1.0);
  const std::vector<int> y = {0, 3, 1, 2, 2, 0, 1};
  const Tensor xt = to_tensor(x, {kBatchSize, 64});
  const Tensor yt = Tensor::from_i32({kBatchSize}, {y[0], y[1], y[2], y[3], y[4], y[5], y[6]});

  ExecutorOptions options{c.backend, {m.logits}, m.loss};  // fusion and layout handoff on
  options.fuse_layers = c.fuse_layers;
  Executor exec(m.graph, options);
  std::vector<std::string> order;
  for (int n : exec.forward_order()) order.push_back(exec.kernel_name(n));
  if (c.backend == Backend::optimized && c.fuse_layers) {
    // One fused kernel per layer; the somata reach the next layer batch-innermost.
    std::vector<std::string> fused(static_cast<std::size_t>(c.depth), "dendritic_layer");
    fused.insert(fused.end(), {"dense", "softmax_cross_entropy"});
    EXPECT_EQ(order, fused);
    for (int d = 0; d < c.depth; ++d) {
      const std::string prefix = "layer" + std::to_string(d);
      EXPECT_EQ(exec.stored_batch_inner(m.graph.find(prefix + ".somata.act")), d + 1 < c.depth) << prefix;
    }
  } else if (c.backend == Backend::optimized) {
    // Both activations of each layer live inside their kernels, and the dendritic output reaches
    // the somatic layer (and the somata the next dendritic layer) batch-innermost.
    std::vector<std::string> fused;
    for (int d = 0; d < c.depth; ++d) fused.insert(fused.end(), {"dendritic", "somatic"});
    fused.insert(fused.end(), {"dense", "softmax_cross_entropy"});
    EXPECT_EQ(order, fused);
    for (int d = 0; d < c.depth; ++d) {
      const std::string prefix = "layer" + std::to_string(d);
      EXPECT_TRUE(exec.stored_batch_inner(m.graph.find(prefix + ".dendrites.act"))) << prefix;
      EXPECT_EQ(exec.stored_batch_inner(m.graph.find(prefix + ".somata.act")), d + 1 < c.depth) << prefix;
    }
  } else {
    EXPECT_EQ(order.size(), m.graph.nodes().size()) << "the reference backend fuses nothing";
  }

  NamedTensors named;
  std::vector<Vec*> ref_params;
  for (ValueId id : m.graph.parameters()) {
    named.emplace_back(m.graph.value(id).name, m.graph.value(id).data);
    ref_params.push_back(&p[m.graph.value(id).name]);
  }
  OptimizerConfig cfg;
  cfg.lr = 0.01;
  auto adam = make_optimizer(cfg, named);
  RefAdam ref_adam;
  ref_adam.lr = cfg.lr;
  for (int step = 0; step < 3; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    exec.set_input(m.x, xt);
    exec.set_input(m.y, yt);
    exec.forward(true);
    exec.backward();
    const RefStep r = reference_step(layers, p, x, y);
    EXPECT_GT(r.negative_pre_activations[0], 0);
    EXPECT_GT(r.negative_pre_activations[1], 0);
    EXPECT_NEAR(exec.value(m.loss).f32()[0], r.loss, 1e-5);
    std::vector<const Vec*> ref_grads;
    for (ValueId id : m.graph.parameters()) {
      const std::string& name = m.graph.value(id).name;
      expect_close(exec.grad(id), r.grad.at(name), "d " + name, 1e-5);
      ref_grads.push_back(&r.grad.at(name));
    }
    adam->step(exec.parameter_grads());
    ref_adam.step(ref_params, ref_grads);
  }
  for (ValueId id : m.graph.parameters())
    expect_close(m.graph.value(id).data, p[m.graph.value(id).name], m.graph.value(id).name + " after 3 steps", 1e-5);
  if (c.backend == Backend::optimized && c.fuse_layers) {  // the dendrites live inside the fused kernel only
    for (int d = 0; d < c.depth; ++d) EXPECT_THROW(exec.value(m.graph.find("layer" + std::to_string(d) + ".dendrites.act")), Error);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, DannGolden,
                         ::testing::Values(GoldenCase{Backend::optimized, 1}, GoldenCase{Backend::optimized, 1, false},
                                           GoldenCase{Backend::reference, 1}, GoldenCase{Backend::optimized, 2},
                                           GoldenCase{Backend::optimized, 2, false}, GoldenCase{Backend::reference, 2}),
                         [](const auto& param_info) { return case_name(param_info.param); });

}  // namespace
}  // namespace dendrite
