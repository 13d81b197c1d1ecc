// DendriticLayer (export/specs/dendritic_layer_spec.h): one dANN layer,
//   Y = f_soma(Somatic(f_dendrite(Dendritic(X, W, B, indptr, indices)), soma_W, soma_B))
// with rectifier activations (relu, leaky_relu, identity) given by the node's attributes.
// Computed by the framework's fused kernel (ops/cpu/dendritic_layer_kernels.h): chunk by chunk of
// the batch, the chunks in parallel on ORT's thread pool, each chunk of X transposed into its
// thread's scratch (one panel of inputs, whatever the batch) and each soma's dendrites summed in
// registers: the [N, S*D] dendrite layer is never written.
#include <atomic>
#include <cmath>
#include <memory>

#include "export/plugin/csr_input.h"
#include "export/plugin/custom_ops.h"
#include "export/plugin/spec_op.h"
#include "export/specs/dendritic_layer_spec.h"
#include "ops/activation_table.h"
#include "ops/cpu/dendritic_layer_kernels.h"

namespace dendrite::plugin {

namespace {

constexpr std::int64_t kBatchChunk = cpu::kLayerPanel;  // samples per parallel task

// The rectifier an activation attribute pair names; throws Error when the kind is not one the
// kernel computes or its slope below zero does not fit it.
cpu::Rectifier rectifier_of(const std::string& label, const Ort::ConstKernelInfo& k, const char* prefix) {
  const CustomOpSpec& spec = dendritic_layer_spec();
  const std::string kind_attr = std::string(prefix) + "_activation", alpha_attr = std::string(prefix) + "_alpha";
  // Absent attributes take the spec's defaults (as ONNX does for the function body).
  std::string kind = spec.find_attr(kind_attr)->text;
  double alpha = spec.find_attr(alpha_attr)->number;
  try {
    kind = k.GetAttribute<std::string>(kind_attr.c_str());
  } catch (const Ort::Exception&) {
  }
  try {
    alpha = k.GetAttribute<float>(alpha_attr.c_str());
  } catch (const Ort::Exception&) {
  }
  DENDRITE_CHECK(std::isfinite(alpha), "{}: attribute {} must be finite, got {}", label, alpha_attr, alpha);
  const auto slope = static_cast<float>(alpha);
  const ActivationRow* row = find_activation_row(kind);
  const RectifierForm form = row ? row->rectifier : RectifierForm::none;
  DENDRITE_CHECK(form != RectifierForm::none, "{}: attribute {} is '{}'; the op computes {}", label, kind_attr, kind,
                 rectifier_kind_list(false));
  if (form == RectifierForm::alpha_slope) return cpu::Rectifier{true, slope};
  const auto expected = static_cast<float>(rectifier_slope(form, 0.0));
  DENDRITE_CHECK(slope == expected, "{}: attribute {} must be {} for {} (the slope below zero), got {}", label,
                 alpha_attr, expected, kind, alpha);
  return form == RectifierForm::identity ? cpu::Rectifier{} : cpu::Rectifier{true, 0.0f};
}

class DendriticLayerKernel {
 public:
  static const CustomOpSpec& spec() { return dendritic_layer_spec(); }

  explicit DendriticLayerKernel(const OrtKernelInfo* info)
      : label_(node_label(spec().name, info)),
        dendrite_(rectifier_of(label_, Ort::ConstKernelInfo(info), "dendrite")),
        soma_(rectifier_of(label_, Ort::ConstKernelInfo(info), "soma")),
        constant_index_(label_, spec(), info) {}

  OrtStatusPtr ComputeV2(OrtKernelContext* context) noexcept {
    return guarded(label_.c_str(), [&] { compute(context); });
  }

 private:
  void compute(OrtKernelContext* context) const {
    const KernelInputs in(context, label_, spec());  // types, ranks and the shape rule checked
    const TensorArg& x = in.input(0);
    const TensorArg& soma_w = in.input(kSomaWeightInput);
    const std::int64_t N = x.dim(0), n_in = x.dim(1), S = soma_w.dim(0), D = soma_w.dim(1);
    std::unique_ptr<const CsrInput> call_index;
    const CsrInput& csr =  // NOTE [constant CSR index]
        constant_index_.for_call(label_, in.input(kRowPtrInput), in.input(kColInput), n_in, call_index);
    float* y = in.output();
    if (N == 0 || S == 0) return;  // an empty batch (or layer): nothing to compute
    const cpu::DendriticLayerParams p{csr.index(), S,          D,  in.input(1).f32(), in.input(2).f32(),
                                      soma_w.f32(), in.input(kSomaBiasInput).f32(), dendrite_, soma_};
    const auto scratch_floats = static_cast<std::size_t>(cpu::dendritic_layer_scratch_floats(p));
    const float* x_data = x.f32();
    std::atomic<bool> out_of_memory{false};
    in.for_each_chunk(N, kBatchChunk, [&](std::int64_t n0, std::int64_t count) noexcept {
      float* scratch = thread_scratch(scratch_floats);
      if (scratch == nullptr) {
        out_of_memory = true;
        return;
      }
      cpu::dendritic_layer_forward_rows(p, x_data + n0 * n_in, count, y + n0 * S, scratch);
    });
    DENDRITE_CHECK(!out_of_memory, "{}: out of memory for a scratch buffer of {} floats", label_, scratch_floats);
  }

  std::string label_;
  cpu::Rectifier dendrite_, soma_;
  ConstantCsr constant_index_;
};

}  // namespace

const OrtCustomOp* dendritic_layer_op() {
  static const SpecOp<DendriticLayerKernel> op;
  return &op;
}

}  // namespace dendrite::plugin
