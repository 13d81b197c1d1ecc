// Somatic: soma s sums its own D dendrites s*D .. s*D + D - 1.
//   X: [N, S*D] f32, W: [S, D] f32, B: [S] f32 -> Y: [N, S] f32,
//   Y[n, s] = B[s] + sum_t W[s, t] * X[n, s*D + t]
// Computed by the framework's kernel (cpu::somatic_forward), which works on X as it comes, chunk by
// chunk of the batch, the chunks in parallel on ORT's thread pool.
#include "export/onnx_schemas.h"
#include "export/plugin/custom_ops.h"
#include "export/plugin/kernel_support.h"
#include "ops/cpu/somatic_kernels.h"

namespace dendrite::plugin {

namespace {

constexpr ONNXTensorElementDataType kFloat = ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
constexpr std::int64_t kBatchChunk = 64;  // samples per parallel task

class SomaticKernel {
 public:
  explicit SomaticKernel(const OrtKernelInfo* info) : label_(node_label(kSomaticOp, info)) {}

  OrtStatusPtr ComputeV2(OrtKernelContext* context) noexcept {
    return guarded(label_.c_str(), [&] { compute(context); });
  }

 private:
  void compute(OrtKernelContext* context) const {
    const KernelInputs in(context, label_, {"X", "W", "B"});
    const TensorArg x = in.tensor(0, 2, {kFloat});
    const TensorArg w = in.tensor(1, 2, {kFloat});
    const TensorArg b = in.tensor(2, 1, {kFloat});
    const std::int64_t N = x.dim(0), S = w.dim(0), D = w.dim(1);
    DENDRITE_CHECK(b.dim(0) == S, "{}: B {} must have one entry per soma, W {} has S = {}", label_,
                   shape_string(b.shape), shape_string(w.shape), S);
    DENDRITE_CHECK(x.dim(1) == S * D, "{}: X {} must have S * D = {} * {} = {} columns for W {}",
                   label_, shape_string(x.shape), S, D, S * D, shape_string(w.shape));
    float* y = in.output(0, {N, S});
    if (N == 0 || S == 0) return;  // an empty batch (or layer): nothing to compute
    const float *x_data = x.f32(), *w_data = w.f32(), *b_data = b.f32();
    in.for_each_chunk(N, kBatchChunk, [&](std::int64_t n0, std::int64_t count) noexcept {
      cpu::somatic_forward(count, S, D, x_data + n0 * S * D, w_data, b_data, y + n0 * S);
    });
  }

  std::string label_;
};

// Y: [X.dim0, W.dim0] when the ranks fit; otherwise no information (the kernel reports it).
OrtStatusPtr ORT_API_CALL infer_somatic_shape(const OrtCustomOp*, OrtShapeInferContext* context) noexcept {
  try {
    Ort::ShapeInferContext c(&Ort::GetApi(), context);
    const Ort::ShapeInferContext::Shape& x = c.GetInputShape(0);
    const Ort::ShapeInferContext::Shape& w = c.GetInputShape(1);
    if (x.size() == 2 && w.size() == 2) c.SetOutputShape(0, {x[0], w[0]});
  } catch (...) {  // best effort: shapes are checked when the kernel runs
  }
  return nullptr;
}

struct SomaticOp : Ort::CustomOpBase<SomaticOp, SomaticKernel, /*WithStatus=*/true> {
  SomaticOp() { OrtCustomOp::InferOutputShapeFn = infer_somatic_shape; }

  OrtStatusPtr CreateKernelV2(const OrtApi&, const OrtKernelInfo* info, void** kernel) const noexcept {
    return guarded(kSomaticOp, [&] { *kernel = new SomaticKernel(info); });
  }
  const char* GetName() const { return kSomaticOp; }
  std::size_t GetInputTypeCount() const { return 3; }
  ONNXTensorElementDataType GetInputType(std::size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED; }
  std::size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(std::size_t) const { return kFloat; }
};

}  // namespace

const OrtCustomOp* somatic_op() {
  static const SomaticOp op;
  return &op;
}

}  // namespace dendrite::plugin
