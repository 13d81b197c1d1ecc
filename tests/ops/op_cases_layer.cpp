// Rows of the op test table for the fused dANN layer kernel (ops/dendritic_layer.h), which is
// defined like an op but is not in the op list.
#include "ops/dendritic_layer.h"
#include "tests/ops/op_cases.h"

namespace dendrite::test {

namespace {
// Inputs that keep every dendrite and soma at least 0.3 away from the rectifiers' kink (0), so
// finite differences of step 1e-2 never cross it, and still use both sides of it: x and w in
// [0.2, 1]; even dendrites have b = 0.3 (z >= 0.3), odd ones b = -(len + 0.3) (z <= -0.3); the
// somata alternate soma_b = +-(D * (max_len + 0.3) + 0.5), more than their dendrites can sum to.
OpCase layer_case(const std::string& name, Activation dendrite, Activation soma, std::int64_t N,
                  std::int64_t n_in, std::int64_t S, std::int64_t D, std::int64_t max_len, std::uint64_t seed) {
  const CsrTensors csr = random_csr(S * D, n_in, 0, max_len, seed, {1});
  Tensor b({S * D}), soma_b({S});
  for (std::int64_t j = 0; j < S * D; ++j) {
    const float len = static_cast<float>(csr.row_ptr.i32()[j + 1] - csr.row_ptr.i32()[j]);
    b.f32()[j] = j % 2 == 0 ? 0.3f : -(len + 0.3f);
  }
  const float soma_margin = static_cast<float>(D) * (static_cast<float>(max_len) + 0.3f) + 0.5f;
  for (std::int64_t s = 0; s < S; ++s) soma_b.f32()[s] = s % 2 == 0 ? soma_margin : -soma_margin;
  OpCase c{name,
           kDendriticLayerKernel,
           dendritic_layer_attrs(dendrite, soma),
           {f32({N, n_in}, uniform(0.2f, 1.0f)), f32({csr.nnz}, uniform(0.2f, 1.0f)), given(b), given(csr.row_ptr),
            given(csr.col), f32({S, D}), given(soma_b)}};
  c.batched = {0};
  c.training = true;
  return c;
}
}  // namespace

void add_dendritic_layer_cases(std::vector<OpCase>& cases) {
  const Activation leaky{ActivationKind::leaky_relu, 0.1f}, relu{ActivationKind::relu, 0.0f};
  const Activation identity{ActivationKind::identity, 0.0f};
  cases.push_back(layer_case("dendritic_layer_leaky_leaky", leaky, leaky, 6, 20, 4, 3, 5, 1));
  cases.push_back(layer_case("dendritic_layer_relu_identity_N1", relu, identity, 1, 10, 3, 4, 4, 2));
  cases.push_back(layer_case("dendritic_layer_identity_relu_N13", identity, relu, 13, 12, 5, 2, 6, 3));
  cases.push_back(layer_case("dendritic_layer_relu_leaky_N70", relu, leaky, 70, 16, 3, 16, 3, 4));
  // Large enough for the multi-threaded paths, random signs (no finite differences).
  OpCase threaded = layer_case("dendritic_layer_threaded", leaky, leaky, 130, 300, 40, 8, 16, 5);
  threaded.inputs[0] = f32({130, 300});
  threaded.inputs[1].fill = uniform(-1.0f, 1.0f);
  threaded.inputs[6] = f32({40});
  threaded.gradcheck = false;
  cases.push_back(threaded);
}

const OpDef& op_def(const std::string& name) {
  return name == kDendriticLayerKernel ? dendritic_layer_def() : find_op(name);
}

}  // namespace dendrite::test
