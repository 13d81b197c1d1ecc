// masked_dendritic and masked_somatic: the sparse layers computed the way the paper's reference
// code computes them, as a dense layer on the full [n_out, n_in] shape with the 0/1 mask
// applied. They exist to measure what the sparse kernels save (`--impl masked`); a model built
// with them has the same parameters, the same results (up to float rounding) and the same saved
// format as one built with the sparse ops.
//   masked_dendritic: the inputs and math of `dendritic` (ops/dendritic.cpp)
//     x: [N, n_in], w: [nnz], b: [n_out], row_ptr: [n_out + 1] i32, col: [nnz] i32 -> y: [N, n_out]
//   masked_somatic: the inputs and math of `somatic` (ops/somatic.cpp)
//     x: [N, S*D], w: [S, D], b: [S] -> y: [N, S]
// Every step: W_eff = W * M is formed on the dense shape (the stored weights scattered into a
// zeroed [n_out, n_in] matrix), oneDNN inner product runs forward and backward on it, and the
// dense weight gradient is masked (read back at the existing connections only), so absent
// weights get no gradient and stay exactly zero. What the reference code does beyond this (an
// optimizer pass over the dense zeros) is not reproduced: the optimizer sees the stored weights.
//
// The reference backend of these ops is the reference kernel of the sparse op itself.
#include <utility>
#include <vector>

#include "framework/core/error.h"
#include "ops/csr_index.h"
#include "ops/dendritic_shape.h"
#include "ops/onednn/inner_product.h"
#include "ops/op.h"
#include "ops/reference/masked_dense.h"

namespace dendrite {

// The sparse ops these mirror (defined in ops/dendritic.cpp and ops/somatic.cpp).
OpDef make_dendritic_op();
OpDef make_somatic_op();

namespace {

// The mask of one layer: how stored weights map to the dense [n_out, n_in] matrix and back.
// Sparse: a CSR index (row_ptr, col). Block: w [S, D] on the block diagonal of [S, S*D].
class CsrMask {
 public:
  static constexpr const char* kOp = "masked_dendritic";
  static OpDef sparse_op() { return make_dendritic_op(); }

  // {n_in, n_out} of the dense matrix.
  std::pair<std::int64_t, std::int64_t> dense_shape(const KernelArgs& args) {
    const std::int64_t n_in = args.inputs[0]->dim(1);
    tracker_.update(kOp, *args.inputs[kRowPtrInput], *args.inputs[kColInput], n_in);
    return {n_in, args.inputs[2]->dim(0)};
  }
  void scatter(const float* w, float* dense) const { reference::csr_to_dense(tracker_.index(), w, dense); }
  void gather(const float* d_dense, float* d_w) const { reference::gather_csr(tracker_.index(), d_dense, d_w); }

 private:
  CsrTracker tracker_;
};

class BlockMask {
 public:
  static constexpr const char* kOp = "masked_somatic";
  static OpDef sparse_op() { return make_somatic_op(); }

  std::pair<std::int64_t, std::int64_t> dense_shape(const KernelArgs& args) {
    S_ = args.inputs[1]->dim(0);
    D_ = args.inputs[1]->dim(1);
    return {S_ * D_, S_};
  }
  void scatter(const float* w, float* dense) const { reference::block_to_dense(S_, D_, w, dense); }
  void gather(const float* d_dense, float* d_w) const { reference::gather_block(S_, D_, d_dense, d_w); }

 private:
  std::int64_t S_ = 0, D_ = 0;
};

// Dense masked computation through oneDNN for either mask. Buffers grow only and primitives are
// cached per shape, so a steady-state step allocates nothing of its own.
template <class Mask>
class MaskedDenseOneDnn : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const onednn::DenseShape s = shape(args);
    w_eff_.resize(static_cast<std::size_t>(s.n_out * s.n_in));
    mask_.scatter(args.inputs[1]->f32(), w_eff_.data());  // W_eff = W * M
    ip_.forward(s, args.inputs[0]->f32(), w_eff_.data(), args.inputs[2]->f32(),
                args.outputs[0]->f32());
  }

  void backward(KernelArgs& args) override {
    const onednn::DenseShape s = shape(args);
    DENDRITE_ASSERT(w_eff_.size() == static_cast<std::size_t>(s.n_out * s.n_in),
                    "{}: backward before forward", Mask::kOp);
    const float* d_y = args.d_outputs[0]->f32();
    if (Tensor* d_x = args.d_inputs[0]) ip_.backward_data(s, d_y, w_eff_.data(), d_x->f32());
    Tensor* d_w = args.d_inputs[1];
    Tensor* d_b = args.d_inputs[2];
    if (!d_w && !d_b) return;
    d_w_dense_.resize(w_eff_.size());
    if (!d_b) unwanted_b_.resize(static_cast<std::size_t>(s.n_out));
    ip_.backward_weights(s, args.inputs[0]->f32(), d_y, d_w_dense_.data(),
                         d_b ? d_b->f32() : unwanted_b_.data());
    if (d_w) mask_.gather(d_w_dense_.data(), d_w->f32());  // the gradient, masked
  }

 private:
  onednn::DenseShape shape(const KernelArgs& args) {
    const auto [n_in, n_out] = mask_.dense_shape(args);
    return {args.inputs[0]->dim(0), n_in, n_out};
  }

  Mask mask_;
  onednn::InnerProduct ip_;
  std::vector<float> w_eff_, d_w_dense_;  // [n_out, n_in]
  std::vector<float> unwanted_b_;         // [n_out], when nobody wants d_b
};

template <class Mask>
OpDef make_masked_op() {
  OpDef def;
  def.name = Mask::kOp;
  // Not find_op(): this runs while the registry is being built.
  const OpDef sparse = Mask::sparse_op();
  def.num_inputs = sparse.num_inputs;  // the same inputs as the sparse op
  def.differentiable = sparse.differentiable;
  def.infer = sparse.infer;  // the same layer: the same types (messages name the sparse op)
  def.make_kernel = [sparse_kernel = sparse.make_kernel](const Attrs& attrs,
                                                         Backend backend) -> std::unique_ptr<OpKernel> {
    if (backend == Backend::reference) return sparse_kernel(attrs, backend);
    return std::make_unique<MaskedDenseOneDnn<Mask>>();
  };
  return def;
}

}  // namespace

OpDef make_masked_dendritic_op() { return make_masked_op<CsrMask>(); }
OpDef make_masked_somatic_op() { return make_masked_op<BlockMask>(); }

}  // namespace dendrite
