// ai.dendrite::Dendritic (version 1), the ONNX form of the graph op `dendritic`
// (ops/dendritic.cpp), a sparse layer in CSR form by output unit:
//   Dendritic(X f32[N, n_in], W f32[nnz], B f32[n_out], indptr int32|int64[n_out + 1],
//             indices int32|int64[nnz]) -> Y f32[N, n_out],
//   Y[n, j] = B[j] + sum_{e = indptr[j]}^{indptr[j+1] - 1} W[e] * X[n, indices[e]]
// The schema allows int32 or int64 indices; dendrite writes int32, as the graph stores them (half
// the bytes). ONNX Runtime needs no int64 here: the function body casts to int64 where an ONNX op
// requires it, and the plugin's kernel accepts both. No attributes. Shapes: ops/dendritic_shape.h.
// Kernel: export/plugin/dendritic_op.cpp.
#pragma once

#include "export/specs/custom_op_spec.h"
#include "ops/dendritic_shape.h"

namespace dendrite {

namespace dendritic_spec_detail {

inline constexpr OnnxInput kInputs[] = {
    {"X", "input, [N, n_in]"},
    {"W", "weight of each connection, [nnz]"},
    {"B", "bias of each output unit, [n_out]"},
    {"indptr", "first connection of each output unit, [n_out + 1], from 0 to nnz, non-decreasing"},
    {"indices", "input column of each connection, [nnz], each in [0, n_in)"},
};
static_assert(inputs_match(kInputs, kDendriticShape));

// Dendritic as a masked dense layer: the CSR weights are scattered into a dense [n_out, width]
// matrix (zeros where there is no connection; width = 1 + the largest input index, so only the
// columns of X that some connection reads), then one Gemm computes X[:, :width] * Wd^T + B.
//
// Why this form: every node that builds Wd depends on initializers only (W, indptr, indices), so
// ONNX Runtime constant-folds the whole construction once when the session is created and each
// run is a Slice and a Gemm (fused with the activation that follows). A first version took the
// width from Shape(X, start = 1); ORT does not fold that (X has a symbolic batch dimension), so
// Wd was rebuilt on every run. A gather / segment-sum form (Gather X by indices, Mul W,
// ScatterElements-add by row) needs [N, nnz] intermediates and a serial scatter on every run.
// Measured in ORT 1.30, 2 threads, N = 128, MNIST input, k = 16: dANN-R D=16 S=256 16 ms per
// run against 530-730 ms for the gather form; D=1 S=128 0.2 ms against 11-15 ms. The cost is
// memory: n_out * width floats (the size of the dense vANN layer the dANN replaces; 100 MB for
// D=64 S=512 on MNIST) and a longer session start (0.2 s for D=16 S=256, 1 s for D=64 S=512).
//
// Row id of every connection, from the row pointers (empty rows anywhere, including at the end,
// are handled): mark[indptr[j]] += 1 for j = 1 .. n_out-1 in a vector of nnz + 1 zeros (the extra
// slot takes the marks of trailing empty rows, indptr[j] == nnz), then row[e] = cumsum(mark)[e].
// ScatterND uses reduction "add" so that repeated (row, column) pairs would add up as in the
// framework's kernel (dendrite's connectivity has none).
inline constexpr const char* kBody = R"ONNX(
  zero = Constant <value = int64[1] {0}> ()
  one = Constant <value = int64[1] {1}> ()
  minus_one = Constant <value = int64[1] {-1}> ()
  axis0 = Constant <value_int = 0> ()
  ptr = Cast <to = 7> (indptr)
  inner = Slice (ptr, one, minus_one)
  inner_shape = Shape (inner)
  inner_ones = Expand (one, inner_shape)
  nnz = Shape (indices)
  slots = Add (nnz, one)
  no_marks = ConstantOfShape <value = int64[1] {0}> (slots)
  marks = ScatterElements <axis = 0, reduction = "add"> (no_marks, inner, inner_ones)
  rows_and_end = CumSum (marks, axis0)
  rows = Slice (rows_and_end, zero, nnz)
  cols = Cast <to = 7> (indices)
  row_column = Unsqueeze (rows, one)
  col_column = Unsqueeze (cols, one)
  coords = Concat <axis = 1> (row_column, col_column)
  max_col = ReduceMax <keepdims = 1> (cols)
  width = Add (max_col, one)
  x_used = Slice (X, zero, width, one)
  n_out = Shape (B)
  dense_shape = Concat <axis = 0> (n_out, width)
  zeros = ConstantOfShape <value = float[1] {0}> (dense_shape)
  dense_w = ScatterND <reduction = "add"> (zeros, coords, W)
  Y = Gemm <transB = 1> (x_used, dense_w, B)
)ONNX";

inline std::string body(const Attrs&) { return kBody; }

}  // namespace dendritic_spec_detail

inline const CustomOpSpec& dendritic_spec() {
  static constexpr CustomOpSpec kSpec{
      "Dendritic",
      "Sparse fully connected layer in CSR form by output unit: "
      "Y[n, j] = B[j] + sum over e in [indptr[j], indptr[j+1]) of W[e] * X[n, indices[e]].",
      kDendriticShape,
      dendritic_spec_detail::kInputs,
      {"Y", "output, [N, n_out]"},
      {},
      "Dendritic as standard ops: CSR weights scattered into a dense matrix, then Gemm.",
      dendritic_spec_detail::body};
  return kSpec;
}

}  // namespace dendrite
