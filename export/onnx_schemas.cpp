#include "export/onnx_schemas.h"

#include <mutex>

#include <onnx/defs/schema.h>
#include <onnx/defs/shape_inference.h>

namespace dendrite {

namespace {

using onnx::InferenceContext;
using onnx::TensorShapeProto;

// The shape of input i when it is known, else nullptr. A known shape of the wrong rank fails
// inference with a message naming the op and the input.
const TensorShapeProto* known_shape(InferenceContext& ctx, std::size_t i, int rank, const char* op,
                                    const char* input) {
  if (!onnx::hasInputShape(ctx, i)) return nullptr;
  const TensorShapeProto& s = onnx::getInputShape(ctx, i);
  if (s.dim_size() != rank)
    fail_shape_inference(op, ": input ", input, " must have rank ", rank, ", got rank ", s.dim_size());
  return &s;
}

// Both dimensions known and different.
bool dims_conflict(const TensorShapeProto::Dimension& a, std::int64_t b) {
  return a.has_dim_value() && a.dim_value() != b;
}

// Y [N, units]: N copied from X's first dimension (often the symbol "N"), units from `units`.
void set_output_shape(InferenceContext& ctx, const TensorShapeProto* x, const TensorShapeProto::Dimension* units) {
  TensorShapeProto* y = onnx::getOutputShape(ctx, 0);
  y->clear_dim();
  TensorShapeProto::Dimension* n = y->add_dim();
  if (x) *n = x->dim(0);
  TensorShapeProto::Dimension* u = y->add_dim();
  if (units) *u = *units;
}

void infer_dendritic(InferenceContext& ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  const TensorShapeProto* x = known_shape(ctx, 0, 2, kDendriticOp, "X");
  const TensorShapeProto* w = known_shape(ctx, 1, 1, kDendriticOp, "W");
  const TensorShapeProto* b = known_shape(ctx, 2, 1, kDendriticOp, "B");
  const TensorShapeProto* indptr = known_shape(ctx, 3, 1, kDendriticOp, "indptr");
  const TensorShapeProto* indices = known_shape(ctx, 4, 1, kDendriticOp, "indices");
  if (b && indptr && b->dim(0).has_dim_value() && dims_conflict(indptr->dim(0), b->dim(0).dim_value() + 1))
    fail_shape_inference(kDendriticOp, ": indptr has ", indptr->dim(0).dim_value(), " entries, B has ",
                         b->dim(0).dim_value(), " (n_out + 1 and n_out expected)");
  if (w && indices && w->dim(0).has_dim_value() && dims_conflict(indices->dim(0), w->dim(0).dim_value()))
    fail_shape_inference(kDendriticOp, ": indices has ", indices->dim(0).dim_value(), " entries, W has ",
                         w->dim(0).dim_value(), " (both nnz expected)");
  set_output_shape(ctx, x, b ? &b->dim(0) : nullptr);
}

void infer_somatic(InferenceContext& ctx) {
  onnx::propagateElemTypeFromInputToOutput(ctx, 0, 0);
  const TensorShapeProto* x = known_shape(ctx, 0, 2, kSomaticOp, "X");
  const TensorShapeProto* w = known_shape(ctx, 1, 2, kSomaticOp, "W");
  const TensorShapeProto* b = known_shape(ctx, 2, 1, kSomaticOp, "B");
  if (x && w && w->dim(0).has_dim_value() && w->dim(1).has_dim_value() &&
      dims_conflict(x->dim(1), w->dim(0).dim_value() * w->dim(1).dim_value()))
    fail_shape_inference(kSomaticOp, ": X has ", x->dim(1).dim_value(), " columns, W is [", w->dim(0).dim_value(),
                         ", ", w->dim(1).dim_value(), "] (S*D columns expected)");
  if (w && b && w->dim(0).has_dim_value() && dims_conflict(b->dim(0), w->dim(0).dim_value()))
    fail_shape_inference(kSomaticOp, ": B has ", b->dim(0).dim_value(), " entries, W has ", w->dim(0).dim_value(),
                         " rows (S each expected)");
  set_output_shape(ctx, x, w ? &w->dim(0) : nullptr);
}

onnx::OpSchema dendritic_schema() {
  onnx::OpSchema s;
  s.SetName(kDendriticOp)
      .SetDomain(kOnnxDomain)
      .SinceVersion(kOnnxDomainVersion)
      .SetDoc("Sparse fully connected layer in CSR form by output unit: "
              "Y[n, j] = B[j] + sum over e in [indptr[j], indptr[j+1]) of W[e] * X[n, indices[e]].")
      .Input(0, "X", "input, [N, n_in]", "T")
      .Input(1, "W", "weight of each connection, [nnz]", "T")
      .Input(2, "B", "bias of each output unit, [n_out]", "T")
      .Input(3, "indptr", "first connection of each output unit, [n_out + 1], from 0 to nnz, non-decreasing", "I")
      .Input(4, "indices", "input column of each connection, [nnz], each in [0, n_in)", "I")
      .Output(0, "Y", "output, [N, n_out]", "T")
      .TypeConstraint("T", {"tensor(float)"}, "values")
      .TypeConstraint("I", {"tensor(int32)", "tensor(int64)"}, "indices")
      .TypeAndShapeInferenceFunction(infer_dendritic);
  return s;
}

onnx::OpSchema somatic_schema() {
  onnx::OpSchema s;
  s.SetName(kSomaticOp)
      .SetDomain(kOnnxDomain)
      .SinceVersion(kOnnxDomainVersion)
      .SetDoc("Each soma sums its own D dendrites (block-diagonal connectivity): "
              "Y[n, s] = B[s] + sum over t < D of W[s, t] * X[n, s*D + t].")
      .Input(0, "X", "dendrite outputs, [N, S*D], soma s owns columns s*D .. s*D + D - 1", "T")
      .Input(1, "W", "dendrite -> soma weights, [S, D]", "T")
      .Input(2, "B", "soma biases, [S]", "T")
      .Output(0, "Y", "soma inputs, [N, S]", "T")
      .TypeConstraint("T", {"tensor(float)"}, "values")
      .TypeAndShapeInferenceFunction(infer_somatic);
  return s;
}

}  // namespace

void register_dendrite_onnx_schemas() {
  static std::once_flag once;
  std::call_once(once, [] {
    // NOTE [domain before schemas]: ONNX 1.12 mis-handles a schema of a domain it does not know
    // (it logs an error and a later lookup crashes), so the domain goes in first.
    auto& domains = onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
    if (domains.Map().count(kOnnxDomain) == 0)
      domains.AddDomainToVersion(kOnnxDomain, kOnnxDomainVersion, kOnnxDomainVersion);
    if (!onnx::OpSchemaRegistry::Schema(kDendriticOp, kOnnxDomainVersion, kOnnxDomain))
      onnx::RegisterSchema(dendritic_schema());
    if (!onnx::OpSchemaRegistry::Schema(kSomaticOp, kOnnxDomainVersion, kOnnxDomain))
      onnx::RegisterSchema(somatic_schema());
  });
}

}  // namespace dendrite
