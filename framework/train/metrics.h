// Classification metrics over a batch of logits.
//
//   std::int64_t correct = count_correct(logits, labels);   // logits [N, C] f32, labels [N] i32
//   std::vector<std::int32_t> predicted;
//   append_argmax(logits, predicted);                         // N more class indices
#pragma once

#include <cstdint>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

// logits: f32 [N, C], labels: i32 [N]. Ties go to the lowest class index.
std::int64_t count_correct(const Tensor& logits, const Tensor& labels);
void append_argmax(const Tensor& logits, std::vector<std::int32_t>& out);

}  // namespace dendrite
