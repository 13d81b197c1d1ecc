// softmax_cross_entropy: mean over the batch of -log softmax(logits)[label].
//   logits: [N, C] f32, labels: [N] i32 in [0, C) -> loss: [] f32 (rank 0, one element)
// Backward: d_logits = (softmax(logits) - onehot(labels)) * d_loss / N. Labels get no gradient.
// One implementation serves both backends: the loops are cheap next to the layers before them.
#include <algorithm>
#include <cmath>
#include <vector>

#include "framework/core/error.h"
#include "ops/infer_util.h"
#include "ops/op.h"

namespace dendrite {

namespace {
std::vector<TensorType> infer_softmax_cross_entropy(const std::vector<TensorType>& in,
                                                    const Attrs&) {
  const TensorType& logits = in[0];
  const TensorType& labels = in[1];
  expect_type("softmax_cross_entropy", "logits", logits, DType::f32, 2);
  expect_type("softmax_cross_entropy", "labels", labels, DType::i32, 1);
  DENDRITE_CHECK(dims_agree(logits.shape[0], labels.shape[0]),
                 "softmax_cross_entropy: logits {} and labels {} have different batch sizes",
                 type_str(logits), type_str(labels));
  DENDRITE_CHECK(logits.shape[1] > 0, "softmax_cross_entropy: logits {} has no classes",
                 type_str(logits));
  return {TensorType{{}, DType::f32}};
}

class SoftmaxCrossEntropy : public OpKernel {
 public:
  void forward(KernelArgs& args) override {
    const Tensor& logits = *args.inputs[0];
    const Tensor& labels = *args.inputs[1];
    const std::int64_t N = logits.dim(0);
    const std::int64_t C = logits.dim(1);
    DENDRITE_ASSERT(labels.numel() == N, "softmax_cross_entropy: {} labels for {} rows",
                    labels.numel(), N);
    // Grows only (resize within capacity does not allocate): steady state allocates nothing.
    probs_.resize(static_cast<std::size_t>(N * C));
    const float* z = logits.f32();
    const std::int32_t* y = labels.i32();
    double total = 0.0;
    for (std::int64_t n = 0; n < N; ++n) {
      const std::int32_t label = y[n];
      DENDRITE_CHECK(label >= 0 && label < C,
                     "softmax_cross_entropy: label {} at batch index {} is out of range [0, {})",
                     label, n, C);
      const float* row = z + n * C;
      float* p = probs_.data() + n * C;
      // Stable log-sum-exp: subtract the row maximum before exponentiating.
      const float max = *std::max_element(row, row + C);
      double sum = 0.0;
      for (std::int64_t c = 0; c < C; ++c) {
        p[c] = std::exp(row[c] - max);
        sum += p[c];
      }
      const double log_sum = std::log(sum);
      const float inv_sum = static_cast<float>(1.0 / sum);
      for (std::int64_t c = 0; c < C; ++c) p[c] *= inv_sum;
      total += log_sum - (double{row[label]} - max);
    }
    args.outputs[0]->f32()[0] = N > 0 ? static_cast<float>(total / static_cast<double>(N)) : 0.0f;
  }

  void backward(KernelArgs& args) override {
    Tensor* d_logits = args.d_inputs[0];
    if (!d_logits) return;
    const Tensor& labels = *args.inputs[1];
    const std::int64_t N = d_logits->dim(0);
    const std::int64_t C = d_logits->dim(1);
    DENDRITE_ASSERT(static_cast<std::int64_t>(probs_.size()) == N * C,
                    "softmax_cross_entropy: backward without a matching forward");
    const float scale = args.d_outputs[0]->f32()[0] / static_cast<float>(N);
    float* d = d_logits->f32();
    const std::int32_t* y = labels.i32();
    for (std::int64_t n = 0; n < N; ++n) {
      for (std::int64_t c = 0; c < C; ++c) d[n * C + c] = probs_[n * C + c] * scale;
      d[n * C + y[n]] -= scale;
    }
  }

 private:
  std::vector<float> probs_;  // softmax of the last forward: [N, C]
};
}  // namespace

OpDef make_softmax_cross_entropy_op() {
  OpDef def;
  def.name = "softmax_cross_entropy";
  def.num_inputs = 2;
  def.differentiable = {true, false};
  def.infer = infer_softmax_cross_entropy;
  def.make_kernel = [](const Attrs&, Backend) -> std::unique_ptr<OpKernel> {
    return std::make_unique<SoftmaxCrossEntropy>();
  };
  return def;
}

}  // namespace dendrite
