// Somatic (export/specs/somatic_spec.h): soma s sums its own D dendrites s*D .. s*D + D - 1.
//   X: [N, S*D] f32, W: [S, D] f32, B: [S] f32 -> Y: [N, S] f32,
//   Y[n, s] = B[s] + sum_t W[s, t] * X[n, s*D + t]
// Computed by the framework's kernel (cpu::somatic_forward), which works on X as it comes, chunk by
// chunk of the batch, the chunks in parallel on ORT's thread pool.
#include "export/plugin/custom_ops.h"
#include "export/plugin/spec_op.h"
#include "export/specs/somatic_spec.h"
#include "ops/cpu/somatic_kernels.h"

namespace dendrite::plugin {

namespace {

constexpr std::int64_t kBatchChunk = 64;  // samples per parallel task

class SomaticKernel {
 public:
  static const CustomOpSpec& spec() { return somatic_spec(); }

  explicit SomaticKernel(const OrtKernelInfo* info) : label_(node_label(spec().name, info)) {}

  OrtStatusPtr ComputeV2(OrtKernelContext* context) noexcept {
    return guarded(label_.c_str(), [&] { compute(context); });
  }

 private:
  void compute(OrtKernelContext* context) const {
    const KernelInputs in(context, label_, spec());  // types, ranks and the shape rule checked
    const TensorArg &x = in.input(0), &w = in.input(1), &b = in.input(2);
    const std::int64_t N = x.dim(0), S = w.dim(0), D = w.dim(1);
    float* y = in.output();
    if (N == 0 || S == 0) return;  // an empty batch (or layer): nothing to compute
    const float *x_data = x.f32(), *w_data = w.f32(), *b_data = b.f32();
    in.for_each_chunk(N, kBatchChunk, [&](std::int64_t n0, std::int64_t count) noexcept {
      cpu::somatic_forward(count, S, D, x_data + n0 * S * D, w_data, b_data, y + n0 * S);
    });
  }

  std::string label_;
};

}  // namespace

const OrtCustomOp* somatic_op() {
  static const SpecOp<SomaticKernel> op;
  return &op;
}

}  // namespace dendrite::plugin
