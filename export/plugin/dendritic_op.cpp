// Dendritic (export/specs/dendritic_spec.h):
//   Y[n, j] = B[j] + sum_{e = indptr[j]}^{indptr[j+1] - 1} W[e] * X[n, indices[e]]
//   X: [N, n_in] f32, W: [nnz] f32, B: [n_out] f32, indptr: [n_out + 1] i32|i64,
//   indices: [nnz] i32|i64 -> Y: [N, n_out] f32
// Computed with the framework's kernels (ops/cpu): chunk by chunk of the batch, the chunks in
// parallel on ORT's thread pool, each chunk of X is transposed to batch-innermost into its
// thread's scratch and cpu::csr_forward_rows writes Y's rows directly. The scratch is one chunk
// (not the batch), so the work stays in cache at any batch size.
#include <atomic>
#include <memory>

#include "export/plugin/csr_input.h"
#include "export/plugin/custom_ops.h"
#include "export/plugin/spec_op.h"
#include "export/specs/dendritic_spec.h"
#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/transpose.h"

namespace dendrite::plugin {

namespace {

constexpr std::size_t kIndptr = kRowPtrInput, kIndices = kColInput;  // the CSR index inputs
// Samples per parallel task: one 64-wide block of the CSR kernel, whose transposed chunk of X
// ([n_in, 64]: 200 KB for 784 inputs) stays in L2.
constexpr std::int64_t kBatchChunk = 64;

class DendriticKernel {
 public:
  static const CustomOpSpec& spec() { return dendritic_spec(); }

  explicit DendriticKernel(const OrtKernelInfo* info)
      : label_(node_label(spec().name, info)), constant_index_(label_, spec(), info) {}

  OrtStatusPtr ComputeV2(OrtKernelContext* context) noexcept {
    return guarded(label_.c_str(), [&] { compute(context); });
  }

 private:
  void compute(OrtKernelContext* context) const {
    const KernelInputs in(context, label_, spec());  // types, ranks and the shape rule checked
    const TensorArg &x = in.input(0), &w = in.input(1), &b = in.input(2);
    const TensorArg &indptr = in.input(kIndptr), &indices = in.input(kIndices);
    const std::int64_t N = x.dim(0), n_in = x.dim(1), n_out = b.dim(0);

    std::unique_ptr<const CsrInput> call_index;
    const CsrInput& csr = constant_index_.for_call(label_, indptr, indices, n_in, call_index);  // NOTE [constant CSR index]

    float* y = in.output();
    if (N == 0 || n_out == 0) return;  // an empty batch (or layer): nothing to compute
    // Chunk [n0, n0 + count) of the batch writes Y's rows n0 .. n0 + count; its transposed X
    // lives in the scratch of the thread that runs it (concurrent runs never share one).
    const CsrIndex& index = csr.index();
    const float *x_data = x.f32(), *w_data = w.f32(), *b_data = b.f32();
    std::atomic<bool> out_of_memory{false};
    in.for_each_chunk(N, kBatchChunk, [&](std::int64_t n0, std::int64_t count) noexcept {
      float* chunk_x_t = thread_scratch(static_cast<std::size_t>(n_in * count));  // [n_in, count]
      if (chunk_x_t == nullptr) {
        out_of_memory = true;
        return;
      }
      cpu::transpose(x_data + n0 * n_in, count, n_in, chunk_x_t);
      cpu::csr_forward_rows(index, count, chunk_x_t, w_data, b_data, y + n0 * n_out);
    });
    DENDRITE_CHECK(!out_of_memory, "{}: out of memory for a scratch buffer of {} x {} floats", label_, n_in,
                   kBatchChunk);
  }

  std::string label_;
  ConstantCsr constant_index_;
};

}  // namespace

const OrtCustomOp* dendritic_op() {
  static const SpecOp<DendriticKernel> op;
  return &op;
}

}  // namespace dendrite::plugin
