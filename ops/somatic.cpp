// somatic: the block-diagonal dendrite -> soma layer; soma s sums only its own D dendrites
// s*D .. s*D+D-1 (D and S come from w's shape; no attributes). Shapes: ops/somatic_shape.h.
//   x: [N, S*D] f32, w: [S, D] f32, b: [S] f32 -> y: [N, S] f32
//   y[n, s] = b[s] + sum_t w[s, t] * x[n, s*D + t]
// Optimized: ops/cpu/somatic_kernels.h, taking a following relu / leaky_relu (alpha >= 0) as a
// fused post-op (ops/cpu/rectifier.h). When x or y is handed over batch-innermost, the layer runs
// as a CSR layer over its block index (ops/cpu/csr_layer.h).
// Reference: the dense masked [S, S*D] matrix (ops/reference/masked_dense.h) and the reference
// dense layer.
#include <limits>
#include <vector>

#include "framework/core/error.h"
#include "ops/sparse_layer_kernel.h"
#include "ops/cpu/somatic_kernels.h"
#include "ops/infer_util.h"
#include "ops/op.h"
#include "ops/reference/dense.h"
#include "ops/reference/masked_dense.h"
#include "ops/somatic_shape.h"

namespace dendrite {

namespace {
constexpr const char* kOp = "somatic";

// Shapes by the layer's rule (ops/somatic_shape.h); the weights are parameters, of fixed shape.
std::vector<TensorType> infer_somatic(const std::vector<TensorType>& in, const Attrs&) {
  const TensorType y = infer_by_rule(kOp, kSomaticShape, in);
  for (std::size_t i = 1; i < in.size(); ++i) expect_concrete(kOp, kSomaticShape.inputs[i].name, in[i]);
  return {y};
}

struct Dims {
  std::int64_t N, S, D;
};
Dims dims_of(const KernelArgs& args) {
  return {args.inputs[0]->dim(0), args.inputs[1]->dim(0), args.inputs[1]->dim(1)};
}

float* ptr(Tensor* t) { return t ? t->f32() : nullptr; }

class SomaticCpu : public SparseLayerKernel {
 public:
  void forward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    if (any_batch_inner()) {
      if (d.N == 0) return;
      layer_.forward(block_index(d), d.N, args.inputs[0]->f32(), args.inputs[1]->f32(), args.inputs[2]->f32(),
                     args.outputs[0]->f32(), args.expects_backward(), args.wants_d_input(0));
      return;
    }
    cpu::somatic_forward(d.N, d.S, d.D, args.inputs[0]->f32(), args.inputs[1]->f32(),
                         args.inputs[2]->f32(), args.outputs[0]->f32(), layer_.post());
  }

  void backward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    if (any_batch_inner()) {
      if (d.N == 0) return;
      layer_.backward(block_index(d), d.N, args.inputs[0]->f32(), args.inputs[1]->f32(), args.outputs[0]->f32(),
                      args.d_outputs[0]->f32(), ptr(args.d_inputs[0]), ptr(args.d_inputs[1]),
                      ptr(args.d_inputs[2]));
      return;
    }
    // The gradient before the fused activation.
    const float* d_z = layer_.rectified(d.N * d.S, args.outputs[0]->f32(), args.d_outputs[0]->f32());
    cpu::somatic_backward(d.N, d.S, d.D, args.inputs[0]->f32(), args.inputs[1]->f32(), d_z,
                          ptr(args.d_inputs[0]), ptr(args.d_inputs[1]), ptr(args.d_inputs[2]));
  }

 private:
  // The block structure as a CSR index (soma s reads inputs s*D + t, as connection s*D + t), for
  // the CSR kernels that run the layer when a side is batch-innermost.
  const CsrIndex& block_index(const Dims& d) {
    if (block_.n_out != d.S || block_.n_in != d.S * d.D) {
      DENDRITE_CHECK(d.S * d.D <= std::numeric_limits<std::int32_t>::max(),
                     "somatic: {} x {} connections are more than an int32 block index can hold", d.S, d.D);
      row_ptr_.resize(static_cast<std::size_t>(d.S + 1));
      col_.resize(static_cast<std::size_t>(d.S * d.D));
      for (std::int64_t s = 0; s <= d.S; ++s) row_ptr_[static_cast<std::size_t>(s)] = static_cast<std::int32_t>(s * d.D);
      for (std::int64_t e = 0; e < d.S * d.D; ++e) col_[static_cast<std::size_t>(e)] = static_cast<std::int32_t>(e);
      block_ = CsrIndex{d.S, d.S * d.D, d.S * d.D, row_ptr_.data(), col_.data()};
      layer_.index_changed();
    }
    return block_;
  }

  std::vector<std::int32_t> row_ptr_, col_;
  CsrIndex block_;
};

class SomaticReference : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    expand(args, d);
    reference::dense_forward(d.N, d.S * d.D, d.S, args.inputs[0]->f32(), dense_w_.data(),
                             args.inputs[2]->f32(), args.outputs[0]->f32());
  }
  void backward(KernelArgs& args) override {
    const Dims d = dims_of(args);
    expand(args, d);
    Tensor* d_w = args.d_inputs[1];
    if (d_w) d_dense_w_.resize(dense_w_.size());
    reference::dense_backward(d.N, d.S * d.D, d.S, args.inputs[0]->f32(), dense_w_.data(),
                              args.d_outputs[0]->f32(), ptr(args.d_inputs[0]),
                              d_w ? d_dense_w_.data() : nullptr, ptr(args.d_inputs[2]));
    if (d_w) reference::gather_block(d.S, d.D, d_dense_w_.data(), d_w->f32());
  }

 private:
  void expand(const KernelArgs& args, const Dims& d) {
    dense_w_.resize(static_cast<std::size_t>(d.S * d.S * d.D));
    reference::block_to_dense(d.S, d.D, args.inputs[1]->f32(), dense_w_.data());
  }
  std::vector<float> dense_w_, d_dense_w_;  // [S, S*D]
};
}  // namespace

OpDef make_somatic_op() {
  OpDef def;
  def.name = kOp;
  set_inputs_by_rule(def, kSomaticShape);
  def.infer = infer_somatic;
  def.make_kernel = [](const Attrs&, Backend backend) -> std::unique_ptr<OpKernel> {
    if (backend == Backend::reference) return std::make_unique<SomaticReference>();
    return std::make_unique<SomaticCpu>();
  };
  return def;
}

}  // namespace dendrite
