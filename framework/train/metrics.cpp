#include "framework/train/metrics.h"

#include "framework/core/error.h"

namespace dendrite {

namespace {
std::int32_t argmax_row(const float* row, std::int64_t classes) {
  std::int64_t best = 0;
  for (std::int64_t c = 1; c < classes; ++c)
    if (row[c] > row[best]) best = c;
  return static_cast<std::int32_t>(best);
}
}  // namespace

std::int64_t count_correct(const Tensor& logits, const Tensor& labels) {
  DENDRITE_ASSERT(logits.rank() == 2 && labels.rank() == 1 && logits.dim(0) == labels.dim(0),
                  "count_correct: logits {} vs labels {}", shape_str(logits.shape()), shape_str(labels.shape()));
  const std::int64_t n = logits.dim(0), c = logits.dim(1);
  std::int64_t correct = 0;
  for (std::int64_t i = 0; i < n; ++i) correct += argmax_row(logits.f32() + i * c, c) == labels.i32()[i];
  return correct;
}

void append_argmax(const Tensor& logits, std::vector<std::int32_t>& out) {
  const std::int64_t n = logits.dim(0), c = logits.dim(1);
  for (std::int64_t i = 0; i < n; ++i) out.push_back(argmax_row(logits.f32() + i * c, c));
}

}  // namespace dendrite
