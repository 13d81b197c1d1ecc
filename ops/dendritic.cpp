// dendritic: a sparse layer whose connections are given in CSR form by output unit
// (ops/csr_index.h); it stores and computes only the existing connections. Used for
// input -> dendrite masks (R, LRF, GRF, all-to-all) and random dendrite -> soma masks.
//   x: [N, n_in] f32, w: [nnz] f32, b: [n_out] f32, row_ptr: [n_out + 1] i32, col: [nnz] i32
//   -> y: [N, n_out] f32,  y[n, j] = b[j] + sum_{e in row j} w[e] * x[n, col[e]]
// Gradients: d_x, d_w, d_b (row_ptr and col are not differentiable). Shapes: ops/dendritic_shape.h.
// Optimized: ops/cpu/csr_layer.h, the kernels of csr_kernels.h on a batch-innermost copy of x.
// A row-major y, and d_y when d_x is not wanted, go through the kernels' in-cache tiles; else d_y
// is copied batch-innermost too. x and y may also be handed over batch-innermost (no copies).
// Fusion: a following relu / leaky_relu (alpha >= 0) becomes a post-op (ops/cpu/rectifier.h),
// applied to the outputs before they are stored; its backward is applied to d_y as the weight
// gradient reads it (tile by tile or row by row), or in one pass before the d_x path.
// Reference: the dense masked matrix (ops/reference/masked_dense.h) and the reference dense layer.
#include <limits>
#include <vector>

#include "framework/core/error.h"
#include "ops/sparse_layer_kernel.h"
#include "ops/csr_index.h"
#include "ops/dendritic_shape.h"
#include "ops/infer_util.h"
#include "ops/op.h"
#include "ops/reference/dense.h"
#include "ops/reference/masked_dense.h"

namespace dendrite {

namespace {
constexpr const char* kOp = "dendritic";

// Shapes by the layer's rule (ops/dendritic_shape.h). The graph also needs: a fixed input width
// (the index range), parameters and indices of fixed shape, and connections int32 can index.
std::vector<TensorType> infer_dendritic(const std::vector<TensorType>& in, const Attrs&) {
  const TensorType y = infer_by_rule(kOp, kDendriticShape, in);
  for (std::size_t i = 1; i < in.size(); ++i) expect_concrete(kOp, kDendriticShape.inputs[i].name, in[i]);
  const TensorType& x = in[0];
  const TensorType& w = in[1];
  DENDRITE_CHECK(x.shape[1] != kBatch, "dendritic: x {} must have a fixed number of inputs",
                 type_str(x));
  DENDRITE_CHECK(w.shape[0] <= std::numeric_limits<std::int32_t>::max(),
                 "dendritic: w {} has more connections than int32 row_ptr can index",
                 type_str(w));
  return {y};
}

// The shapes of one call, read from the tensors.
struct Dims {
  std::int64_t N, n_in, n_out;
};
Dims dims_of(const KernelArgs& args) {
  return {args.inputs[0]->dim(0), args.inputs[0]->dim(1), args.inputs[2]->dim(0)};
}

float* ptr(Tensor* t) { return t ? t->f32() : nullptr; }

class DendriticCpu : public SparseLayerKernel {
 public:
  void forward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    const CsrIndex& csr = index(args, d);
    batch_ = d.N;
    if (d.N == 0) return;
    layer_.forward(csr, d.N, args.inputs[0]->f32(), args.inputs[1]->f32(), args.inputs[2]->f32(),
                   args.outputs[0]->f32(), args.expects_backward(), args.wants_d_input(0));
  }

  void backward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    const CsrIndex& csr = index(args, d);
    DENDRITE_ASSERT(batch_ == d.N, "dendritic: backward for batch {} after forward for batch {}",
                    d.N, batch_);
    if (d.N == 0) return;
    layer_.backward(csr, d.N, args.inputs[0]->f32(), args.inputs[1]->f32(), args.outputs[0]->f32(),
                    args.d_outputs[0]->f32(), ptr(args.d_inputs[0]), ptr(args.d_inputs[1]),
                    ptr(args.d_inputs[2]));
  }

 private:
  const CsrIndex& index(const KernelArgs& args, const Dims& d) {
    if (tracker_.update(kOp, *args.inputs[kRowPtrInput], *args.inputs[kColInput], d.n_in)) layer_.index_changed();
    return tracker_.index();
  }

  CsrTracker tracker_;
  std::int64_t batch_ = -1;
};

class DendriticReference : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    const CsrIndex& csr = index(args, d);
    dense_w_.resize(static_cast<std::size_t>(d.n_out * d.n_in));
    reference::csr_to_dense(csr, args.inputs[1]->f32(), dense_w_.data());
    reference::dense_forward(d.N, d.n_in, d.n_out, args.inputs[0]->f32(), dense_w_.data(),
                             args.inputs[2]->f32(), args.outputs[0]->f32());
  }

  void backward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    const CsrIndex& csr = index(args, d);
    dense_w_.resize(static_cast<std::size_t>(d.n_out * d.n_in));
    reference::csr_to_dense(csr, args.inputs[1]->f32(), dense_w_.data());
    Tensor* d_w = args.d_inputs[1];
    if (d_w) d_dense_w_.resize(dense_w_.size());
    reference::dense_backward(d.N, d.n_in, d.n_out, args.inputs[0]->f32(), dense_w_.data(),
                              args.d_outputs[0]->f32(), ptr(args.d_inputs[0]),
                              d_w ? d_dense_w_.data() : nullptr, ptr(args.d_inputs[2]));
    if (d_w) reference::gather_csr(csr, d_dense_w_.data(), d_w->f32());
  }

 private:
  const CsrIndex& index(const KernelArgs& args, const Dims& d) {
    tracker_.update(kOp, *args.inputs[kRowPtrInput], *args.inputs[kColInput], d.n_in);
    return tracker_.index();
  }

  CsrTracker tracker_;
  std::vector<float> dense_w_, d_dense_w_;  // [n_out, n_in]
};
}  // namespace

OpDef make_dendritic_op() {
  OpDef def;
  def.name = kOp;
  set_inputs_by_rule(def, kDendriticShape);
  def.infer = infer_dendritic;
  def.make_kernel = [](const Attrs&, Backend backend) -> std::unique_ptr<OpKernel> {
    if (backend == Backend::reference) return std::make_unique<DendriticReference>();
    return std::make_unique<DendriticCpu>();
  };
  return def;
}

}  // namespace dendrite
