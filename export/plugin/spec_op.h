// SpecOp<Kernel>: the OrtCustomOp of one ai.dendrite op, everything but the computing read from
// the op's spec (export/specs/<op>_spec.h): name, number of inputs (declared with any element
// type, so a wrongly typed model reaches the kernel and gets its message instead of ORT silently
// running the model-local function body), one float output, and output shape inference by the
// spec's shape rule. Kernel computes; it names its spec and checks each call with KernelInputs:
//
//   class SomaticKernel {
//    public:
//     static const CustomOpSpec& spec() { return somatic_spec(); }
//     explicit SomaticKernel(const OrtKernelInfo* info);
//     OrtStatusPtr ComputeV2(OrtKernelContext* context) noexcept;
//   };
//   const OrtCustomOp* somatic_op() { static const SpecOp<SomaticKernel> op; return &op; }
#pragma once

#include "export/plugin/kernel_support.h"

namespace dendrite::plugin {

// The output shape by the spec's rule, when ORT knows the input ranks and they and the known
// dimensions agree; otherwise no information (the kernel then reports the problem). Never fails.
OrtStatusPtr infer_output_shape(const CustomOpSpec& spec, OrtShapeInferContext* context) noexcept;

template <class Kernel>
struct SpecOp : Ort::CustomOpBase<SpecOp<Kernel>, Kernel, /*WithStatus=*/true> {
  SpecOp() { OrtCustomOp::InferOutputShapeFn = infer_shape; }

  OrtStatusPtr CreateKernelV2(const OrtApi&, const OrtKernelInfo* info, void** kernel) const noexcept {
    return guarded(Kernel::spec().name, [&] { *kernel = new Kernel(info); });
  }
  const char* GetName() const { return Kernel::spec().name; }
  std::size_t GetInputTypeCount() const { return Kernel::spec().inputs.size(); }
  ONNXTensorElementDataType GetInputType(std::size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED; }
  std::size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(std::size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }

 private:
  static OrtStatusPtr ORT_API_CALL infer_shape(const OrtCustomOp*, OrtShapeInferContext* context) noexcept {
    return infer_output_shape(Kernel::spec(), context);
  }
};

}  // namespace dendrite::plugin
