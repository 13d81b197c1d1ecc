// Progress: the live line while training on a terminal, redrawn at most ten times a second:
//
//   epoch 2/5  batch 130/422  loss 0.2412  acc 0.9312  48211 samples/s  elapsed 1:12  ETA epoch 0:07, run 2:31
//
// loss and acc are the running means over the epoch's batches so far; elapsed is the run's wall
// time (a resumed run counts the time its checkpoint records); the epoch's ETA comes from the
// time per batch so far, the run's adds the remaining epochs at the mean wall time of the full
// epochs this process has seen (validation and checkpoint included), or at batches x time per
// batch before the first one ends. Nothing is drawn when disabled (output not a terminal: the
// trainer prints plain per-epoch lines instead).
//
//   Progress p(enabled);
//   p.start_run(epochs, seconds_before);
//   p.start_epoch(epoch, batches, first_batch, samples_before);   // first_batch > 0 when resumed
//   p.update(batch, running_loss, running_accuracy, samples_done);  // after each batch
//   p.finish_epoch();                                               // clears the line
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace dendrite {

// "0:07", "12:05", "1:02:03" (whole seconds, rounded down; negative counts as 0).
std::string format_duration(double seconds);

class Progress {
 public:
  using Clock = std::function<double()>;  // seconds on a monotonic clock
  explicit Progress(bool enabled, std::FILE* out = stderr, Clock clock = {});

  void start_run(std::int64_t epochs, double seconds_before = 0);
  // epoch is 0-based; batches in the epoch; the first batch this process runs; the samples of
  // the epoch done before it (a resumed epoch).
  void start_epoch(std::int64_t epoch, std::int64_t batches, std::int64_t first_batch = 0,
                   std::int64_t samples_before = 0);
  // batch: 0-based index of the batch just done; loss and accuracy: running means over the
  // epoch; samples_done: the epoch's samples so far.
  void update(std::int64_t batch, double loss, double accuracy, std::int64_t samples_done);
  void finish_epoch();

 private:
  bool enabled_;
  std::FILE* out_;
  Clock clock_;
  std::int64_t epochs_ = 0;
  double run_start_ = 0, seconds_before_ = 0;
  std::int64_t epoch_ = 0, batches_ = 0, first_batch_ = 0, samples_before_ = 0;
  double epoch_start_ = 0, last_draw_ = 0;
  bool epoch_open_ = false, epoch_full_ = false;  // the open epoch started at batch 0
  double full_epoch_seconds_ = 0;                 // sum over the full epochs measured
  std::int64_t full_epochs_ = 0;
};

bool stderr_is_terminal();

}  // namespace dendrite
