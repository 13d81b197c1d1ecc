#include "tests/plugin/plugin_test_util.h"

#include <onnx/defs/attr_proto_util.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "export/onnx_schemas.h"
#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "tests/common/temp_dir.h"

namespace dendrite::plugin_test {

namespace {

onnx::TensorProto tensor_header(const std::string& name, int type, const std::vector<std::int64_t>& dims) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(type);
  for (std::int64_t d : dims) t.add_dims(d);
  return t;
}

// float[N, width] with the symbolic batch "N".
void set_matrix_type(onnx::ValueInfoProto& v, const std::string& name, std::int64_t width) {
  v.set_name(name);
  auto* tensor = v.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  tensor->mutable_shape()->add_dim()->set_dim_param("N");
  tensor->mutable_shape()->add_dim()->set_dim_value(width);
}

}  // namespace

onnx::TensorProto float_tensor(const std::string& name, const std::vector<std::int64_t>& dims,
                               const std::vector<float>& values) {
  onnx::TensorProto t = tensor_header(name, onnx::TensorProto::FLOAT, dims);
  for (float v : values) t.add_float_data(v);
  return t;
}

onnx::TensorProto int32_tensor(const std::string& name, const std::vector<std::int32_t>& values) {
  onnx::TensorProto t = tensor_header(name, onnx::TensorProto::INT32, {static_cast<std::int64_t>(values.size())});
  for (std::int32_t v : values) t.add_int32_data(v);
  return t;
}

onnx::TensorProto int64_tensor(const std::string& name, const std::vector<std::int64_t>& values) {
  onnx::TensorProto t = tensor_header(name, onnx::TensorProto::INT64, {static_cast<std::int64_t>(values.size())});
  for (std::int64_t v : values) t.add_int64_data(v);
  return t;
}

onnx::TensorProto double_tensor(const std::string& name, const std::vector<std::int64_t>& dims,
                                const std::vector<double>& values) {
  onnx::TensorProto t = tensor_header(name, onnx::TensorProto::DOUBLE, dims);
  for (double v : values) t.add_double_data(v);
  return t;
}

onnx::ModelProto single_node_model(const std::string& op_type, const std::string& node_name,
                                   std::int64_t n_in, std::int64_t n_out,
                                   const std::vector<onnx::TensorProto>& initializers) {
  onnx::ModelProto m;
  m.set_ir_version(kOnnxIrVersion);
  m.set_producer_name("dendrite plugin tests");
  auto* onnx_opset = m.add_opset_import();
  onnx_opset->set_domain("");
  onnx_opset->set_version(kOnnxOpset);
  auto* dendrite_opset = m.add_opset_import();
  dendrite_opset->set_domain(kOnnxDomain);
  dendrite_opset->set_version(kOnnxDomainVersion);

  onnx::GraphProto& g = *m.mutable_graph();
  g.set_name("single_node");
  set_matrix_type(*g.add_input(), "x", n_in);
  set_matrix_type(*g.add_output(), "logits", n_out);
  onnx::NodeProto& node = *g.add_node();
  node.set_name(node_name);
  node.set_op_type(op_type);
  node.set_domain(kOnnxDomain);
  node.add_input("x");
  for (const onnx::TensorProto& t : initializers) {
    *g.add_initializer() = t;
    node.add_input(t.name());
  }
  node.add_output("logits");
  return m;
}

DendriticCase DendriticCase::random(std::int64_t n_in, std::int64_t n_out, std::uint64_t seed) {
  DendriticCase c;
  c.n_in = n_in;
  c.n_out = n_out;
  Rng rng(seed);
  c.indptr.push_back(0);
  for (std::int64_t j = 0; j < n_out; ++j) {
    const std::int64_t k = j % 3 == 1 ? 0 : 1 + static_cast<std::int64_t>(rng.below(4));  // some rows empty
    for (std::int64_t e = 0; e < k; ++e) {
      c.indices.push_back(static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(n_in))));
      c.w.push_back(static_cast<float>(rng.uniform(-1.0, 1.0)));
    }
    c.indptr.push_back(static_cast<std::int32_t>(c.indices.size()));
    c.b.push_back(static_cast<float>(rng.uniform(-0.5, 0.5)));
  }
  return c;
}

onnx::ModelProto DendriticCase::model(bool int64_indices, const std::string& node_name) const {
  const auto nnz = static_cast<std::int64_t>(w.size());
  std::vector<onnx::TensorProto> inits = {float_tensor("W", {nnz}, w), float_tensor("B", {n_out}, b)};
  if (int64_indices) {
    inits.push_back(int64_tensor("indptr", {indptr.begin(), indptr.end()}));
    inits.push_back(int64_tensor("indices", {indices.begin(), indices.end()}));
  } else {
    inits.push_back(int32_tensor("indptr", indptr));
    inits.push_back(int32_tensor("indices", indices));
  }
  return single_node_model("Dendritic", node_name, n_in, n_out, inits);
}

Tensor DendriticCase::reference(const Tensor& x) const {
  const std::int64_t N = x.dim(0);
  Tensor y({N, n_out});
  for (std::int64_t n = 0; n < N; ++n)
    for (std::int64_t j = 0; j < n_out; ++j) {
      double acc = b[j];
      for (std::int32_t e = indptr[j]; e < indptr[j + 1]; ++e) acc += double{w[e]} * x.f32()[n * n_in + indices[e]];
      y.f32()[n * n_out + j] = static_cast<float>(acc);
    }
  return y;
}

SomaticCase SomaticCase::random(std::int64_t S, std::int64_t D, std::uint64_t seed) {
  SomaticCase c;
  c.S = S;
  c.D = D;
  Rng rng(seed);
  for (std::int64_t i = 0; i < S * D; ++i) c.w.push_back(static_cast<float>(rng.uniform(-1.0, 1.0)));
  for (std::int64_t s = 0; s < S; ++s) c.b.push_back(static_cast<float>(rng.uniform(-0.5, 0.5)));
  return c;
}

onnx::ModelProto SomaticCase::model(const std::string& node_name) const {
  return single_node_model("Somatic", node_name, S * D, S, {float_tensor("W", {S, D}, w), float_tensor("B", {S}, b)});
}

Tensor SomaticCase::reference(const Tensor& x) const {
  const std::int64_t N = x.dim(0);
  Tensor y({N, S});
  for (std::int64_t n = 0; n < N; ++n)
    for (std::int64_t s = 0; s < S; ++s) {
      double acc = b[s];
      for (std::int64_t t = 0; t < D; ++t) acc += double{w[s * D + t]} * x.f32()[n * S * D + s * D + t];
      y.f32()[n * S + s] = static_cast<float>(acc);
    }
  return y;
}

DendriticLayerCase DendriticLayerCase::random(std::int64_t n_in, std::int64_t S, std::int64_t D, std::uint64_t seed) {
  return {DendriticCase::random(n_in, S * D, seed), SomaticCase::random(S, D, seed + 1)};
}

onnx::ModelProto DendriticLayerCase::model(bool int64_indices, bool attributes) const {
  onnx::ModelProto m = dendrites.model(int64_indices, "layer0");
  onnx::GraphProto& g = *m.mutable_graph();
  *g.add_initializer() = float_tensor("soma_W", {somata.S, somata.D}, somata.w);
  *g.add_initializer() = float_tensor("soma_B", {somata.S}, somata.b);
  onnx::NodeProto& node = *g.mutable_node(0);
  node.set_op_type("DendriticLayer");
  node.add_input("soma_W");
  node.add_input("soma_B");
  g.mutable_output(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)->set_dim_value(somata.S);
  if (attributes) {
    *node.add_attribute() = onnx::MakeAttribute("dendrite_activation", dendrite_activation);
    *node.add_attribute() = onnx::MakeAttribute("dendrite_alpha", dendrite_alpha);
    *node.add_attribute() = onnx::MakeAttribute("soma_activation", soma_activation);
    *node.add_attribute() = onnx::MakeAttribute("soma_alpha", soma_alpha);
  }
  return m;
}

Tensor DendriticLayerCase::reference(const Tensor& x) const {
  auto rectify = [](Tensor t, float slope) {
    for (std::int64_t i = 0; i < t.numel(); ++i) t.f32()[i] = t.f32()[i] > 0 ? t.f32()[i] : slope * t.f32()[i];
    return t;
  };
  return rectify(somata.reference(rectify(dendrites.reference(x), dendrite_alpha)), soma_alpha);
}

std::string scratch_path(const std::string& file_name) { return test::TempDir::of_running_test().file(file_name); }

std::string save_model(const onnx::ModelProto& model, const std::string& file_name) {
  const std::string path = scratch_path(file_name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  EXPECT_TRUE(model.SerializeToOstream(&out)) << path;
  return path;
}

float max_abs_diff(const Tensor& a, const Tensor& b) {
  EXPECT_EQ(a.shape(), b.shape());
  if (a.shape() != b.shape()) return INFINITY;
  float d = 0.0f;
  for (std::int64_t i = 0; i < a.numel(); ++i) d = std::max(d, std::abs(a.f32()[i] - b.f32()[i]));
  return d;
}

}  // namespace dendrite::plugin_test
