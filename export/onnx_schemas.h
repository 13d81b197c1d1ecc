// The custom ONNX domain "ai.dendrite" (version 1) and the schemas of its two ops, so that the ONNX
// checker verifies their inputs and shape inference passes through them:
//
//   Dendritic(X f32[N, n_in], W f32[nnz], B f32[n_out], indptr int32[n_out + 1], indices int32[nnz])
//       -> Y f32[N, n_out],  Y[n, j] = B[j] + sum_{e = indptr[j]}^{indptr[j+1] - 1} W[e] * X[n, indices[e]]
//   Somatic(X f32[N, S*D], W f32[S, D], B f32[S]) -> Y f32[N, S],
//       Y[n, s] = B[s] + sum_t W[s, t] * X[n, s*D + t]
//
// The schemas allow int32 or int64 indices; dendrite writes int32, as the graph stores them (half
// the bytes). ONNX Runtime needs no int64 here: the function bodies cast to int64 where an ONNX op
// requires it, and a plugin kernel must accept int32. Every exported file also carries a function
// body for each op built from standard ops (onnx_functions.h), for runtimes without the plugin.
//
//   register_dendrite_onnx_schemas();   // idempotent and thread-safe
//   onnx::checker::check_model(model);
#pragma once

namespace dendrite {

inline constexpr const char* kOnnxDomain = "ai.dendrite";
inline constexpr int kOnnxDomainVersion = 1;
inline constexpr int kOnnxOpset = 17;      // of the default domain ""
inline constexpr int kOnnxIrVersion = 8;
inline constexpr const char* kDendriticOp = "Dendritic";
inline constexpr const char* kSomaticOp = "Somatic";

// Registers the domain with ONNX's registry, then the schemas (once per process; does nothing when
// another component registered them already).
void register_dendrite_onnx_schemas();

}  // namespace dendrite
