// ai.dendrite::DendriticLayer (version 1): one dANN layer (Chavlis & Poirazi) as one node, the
// ONNX form of the graph chain dendritic -> activation -> somatic -> activation that the fused
// kernel runs (ops/dendritic_layer.h):
//   DendriticLayer(X f32[N, n_in], W f32[nnz], B f32[S*D], indptr int32|int64[S*D + 1],
//                  indices int32|int64[nnz], soma_W f32[S, D], soma_B f32[S]) -> Y f32[N, S]
//   Z = Dendritic(X, W, B, indptr, indices)            the dendrites (export/specs/dendritic_spec.h)
//   A = f_dendrite(Z)
//   Y = f_soma(Somatic(A, soma_W, soma_B))             soma s sums dendrites s*D .. s*D + D - 1
// Attributes: dendrite_activation and soma_activation, each relu, leaky_relu or identity (the
// rectifiers the fused kernel computes; a layer with other activations is exported as its four
// nodes), and dendrite_alpha and soma_alpha, each the activation's slope below zero: leaky_relu's
// alpha, 0 for relu, 1 for identity. So the function body computes every kind as LeakyRelu with
// that slope, and one body serves every node of a model whatever its activations. Shapes:
// ops/dendritic_layer_shape.h. Kernel: export/plugin/dendritic_layer_op.cpp.
#pragma once

#include "export/specs/custom_op_spec.h"
#include "export/specs/dendritic_spec.h"
#include "export/specs/somatic_spec.h"
#include "ops/dendritic_layer_shape.h"

namespace dendrite {

namespace dendritic_layer_spec_detail {

inline constexpr OnnxInput kInputs[] = {
    {"X", "input, [N, n_in]"},
    {"W", "weight of each input -> dendrite connection, [nnz]"},
    {"B", "bias of each dendrite, [S*D]"},
    {"indptr", "first connection of each dendrite, [S*D + 1], from 0 to nnz, non-decreasing"},
    {"indices", "input column of each connection, [nnz], each in [0, n_in)"},
    {"soma_W", "dendrite -> soma weights, [S, D]: soma s owns dendrites s*D .. s*D + D - 1"},
    {"soma_B", "soma biases, [S]"},
};
static_assert(inputs_match(kInputs, kDendriticLayerShape));

inline constexpr AttrSpec kAttrs[] = {
    {"dendrite_activation", AttrType::string, "the dendrites' nonlinearity: relu, leaky_relu or identity", 0.0,
     "leaky_relu"},
    {"dendrite_alpha", AttrType::f32,
     "the dendrites' slope below zero: leaky_relu's alpha, 0 for relu, 1 for identity", 0.01},
    {"soma_activation", AttrType::string, "the somata's nonlinearity: relu, leaky_relu or identity", 0.0,
     "leaky_relu"},
    {"soma_alpha", AttrType::f32, "the somata's slope below zero: leaky_relu's alpha, 0 for relu, 1 for identity",
     0.01},
};

// The body calls the model-local functions of Dendritic and Somatic (so their bodies are written
// once) and takes each slope from the node's attribute.
inline constexpr const char* kBody = R"ONNX(
  dendrites = ai.dendrite.Dendritic (X, W, B, indptr, indices)
  dendrite_out = LeakyRelu <alpha: float = @dendrite_alpha> (dendrites)
  somata = ai.dendrite.Somatic (dendrite_out, soma_W, soma_B)
  Y = LeakyRelu <alpha: float = @soma_alpha> (somata)
)ONNX";

inline std::string body(const Attrs&) { return kBody; }

// The ops whose functions the body calls.
inline const CustomOpSpec& dendritic() { return dendritic_spec(); }
inline const CustomOpSpec& somatic() { return somatic_spec(); }
inline constexpr CalledSpec kCalls[] = {dendritic, somatic};

}  // namespace dendritic_layer_spec_detail

inline const CustomOpSpec& dendritic_layer_spec() {
  static constexpr CustomOpSpec kSpec{
      "DendriticLayer",
      "One dANN layer: sparse dendrites in CSR form by dendrite, their nonlinearity, each soma summing "
      "its own D dendrites, and the somata's nonlinearity. "
      "Y = f_soma(Somatic(f_dendrite(Dendritic(X, W, B, indptr, indices)), soma_W, soma_B)), each f a "
      "LeakyRelu with the slope of its *_alpha attribute.",
      kDendriticLayerShape,
      dendritic_layer_spec_detail::kInputs,
      {"Y", "soma outputs, [N, S]"},
      dendritic_layer_spec_detail::kAttrs,
      "DendriticLayer as Dendritic, LeakyRelu, Somatic, LeakyRelu (the slopes from the attributes).",
      dendritic_layer_spec_detail::body,
      dendritic_layer_spec_detail::kCalls};
  return kSpec;
}

}  // namespace dendrite
