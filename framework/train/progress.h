// Progress: the live line while training on a terminal ("epoch 2/5  batch 130/422  loss 0.2412
// 48211 samples/s  ETA 0:07"), redrawn at most ten times a second; nothing when the output is
// not a terminal (the trainer prints plain per-epoch lines instead).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace dendrite {

class Progress {
 public:
  explicit Progress(bool enabled, std::FILE* out = stderr);
  void start_epoch(std::int64_t epoch, std::int64_t epochs, std::int64_t batches);
  void update(std::int64_t batch, double loss, std::int64_t samples_done);
  void finish_epoch();  // clears the line

 private:
  bool enabled_;
  std::FILE* out_;
  std::int64_t epoch_ = 0, epochs_ = 0, batches_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

bool stderr_is_terminal();

}  // namespace dendrite
