// Shared by the plugin tests: hand-made ONNX models holding one ai.dendrite node (no function
// body, so only the plugin can run them), plain-loop references of the two ops, and a way to
// capture the error a model load or run produces.
//
//   DendriticCase c = DendriticCase::random(/*n_in=*/8, /*n_out=*/5, /*seed=*/1);
//   const std::string path = save_model(c.model(), "dendritic.onnx");
//   OrtModel m(path, /*use_plugin=*/true, 1);
//   Tensor y = m.run(x.f32(), x.dim(0));   // compare with c.reference(x)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "framework/core/tensor.h"

namespace dendrite::plugin_test {

onnx::TensorProto float_tensor(const std::string& name, const std::vector<std::int64_t>& dims,
                               const std::vector<float>& values);
onnx::TensorProto int32_tensor(const std::string& name, const std::vector<std::int32_t>& values);
onnx::TensorProto int64_tensor(const std::string& name, const std::vector<std::int64_t>& values);
onnx::TensorProto double_tensor(const std::string& name, const std::vector<std::int64_t>& dims,
                                const std::vector<double>& values);

// A model: input "x" float[N, n_in], one node `op_type` of domain ai.dendrite named `node_name`
// taking x and the initializers (in order), output "logits" float[N, n_out].
onnx::ModelProto single_node_model(const std::string& op_type, const std::string& node_name,
                                   std::int64_t n_in, std::int64_t n_out,
                                   const std::vector<onnx::TensorProto>& initializers);

// Dendritic(x, W, B, indptr, indices) with random connections (some rows empty).
struct DendriticCase {
  std::int64_t n_in = 0, n_out = 0;
  std::vector<float> w, b;
  std::vector<std::int32_t> indptr, indices;

  static DendriticCase random(std::int64_t n_in, std::int64_t n_out, std::uint64_t seed);
  // The model with int32 or int64 index initializers.
  onnx::ModelProto model(bool int64_indices = false, const std::string& node_name = "dend0") const;
  Tensor reference(const Tensor& x) const;  // y[n, j] = b[j] + sum_e w[e] x[n, indices[e]]
};

// Somatic(x, W [S, D], B [S]).
struct SomaticCase {
  std::int64_t S = 0, D = 0;
  std::vector<float> w, b;

  static SomaticCase random(std::int64_t S, std::int64_t D, std::uint64_t seed);
  onnx::ModelProto model(const std::string& node_name = "soma0") const;
  Tensor reference(const Tensor& x) const;  // y[n, s] = b[s] + sum_t w[s, t] x[n, s*D + t]
};

// DendriticLayer(x, W, B, indptr, indices, soma_W, soma_B): the two cases above joined (the
// dendrites' n_out is S * D), with the node's activation attributes.
struct DendriticLayerCase {
  DendriticCase dendrites;
  SomaticCase somata;
  std::string dendrite_activation = "leaky_relu", soma_activation = "leaky_relu";
  float dendrite_alpha = 0.1f, soma_alpha = 0.1f;  // the slopes below zero

  static DendriticLayerCase random(std::int64_t n_in, std::int64_t S, std::int64_t D, std::uint64_t seed);
  // The model, with the four attributes unless `attributes` is false.
  onnx::ModelProto model(bool int64_indices = false, bool attributes = true) const;
  Tensor reference(const Tensor& x) const;  // each activation x > 0 ? x : slope * x
};

// <the running test's TempDir>/<file_name> (tests/common/temp_dir.h): removed when the test ends.
std::string scratch_path(const std::string& file_name);
// Writes the model to scratch_path(file_name); returns the path.
std::string save_model(const onnx::ModelProto& model, const std::string& file_name);

float max_abs_diff(const Tensor& a, const Tensor& b);

}  // namespace dendrite::plugin_test
