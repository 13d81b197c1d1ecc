#include "framework/train/progress.h"

#include <unistd.h>

#include <chrono>
#include <cmath>

#include <fmt/format.h>

namespace dendrite {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::isfinite(seconds) && seconds > 0 ? seconds : 0);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

namespace {
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Progress::Progress(bool enabled, std::FILE* out, Clock clock)
    : enabled_(enabled), out_(out), clock_(clock ? std::move(clock) : Clock(steady_seconds)) {
  run_start_ = clock_();
}

void Progress::start_run(std::int64_t epochs, double seconds_before) {
  epochs_ = epochs;
  seconds_before_ = seconds_before;
  run_start_ = clock_();
}

void Progress::start_epoch(std::int64_t epoch, std::int64_t batches, std::int64_t first_batch,
                           std::int64_t samples_before) {
  const double now = clock_();
  // The previous epoch's wall time runs up to here: its validation and checkpoint included.
  if (epoch_open_ && epoch_full_) {
    full_epoch_seconds_ += now - epoch_start_;
    full_epochs_ += 1;
  }
  epoch_ = epoch;
  batches_ = batches;
  first_batch_ = first_batch;
  samples_before_ = samples_before;
  epoch_start_ = now;
  last_draw_ = now - 1;
  epoch_open_ = true;
  epoch_full_ = first_batch == 0;
}

void Progress::update(std::int64_t batch, double loss, double accuracy, std::int64_t samples_done) {
  if (!enabled_) return;
  const double now = clock_();
  if (now - last_draw_ < 0.1 && batch + 1 < batches_) return;
  last_draw_ = now;
  const double in_epoch = now - epoch_start_;
  const auto batches_run = static_cast<double>(batch + 1 - first_batch_);
  const double per_batch = batches_run > 0 ? in_epoch / batches_run : 0.0;
  const double epoch_eta = per_batch * static_cast<double>(batches_ - batch - 1);
  const double per_epoch = full_epochs_ > 0 ? full_epoch_seconds_ / static_cast<double>(full_epochs_)
                                            : per_batch * static_cast<double>(batches_);
  const double run_eta = epoch_eta + per_epoch * static_cast<double>(epochs_ - epoch_ - 1);
  const double rate = in_epoch > 0 ? static_cast<double>(samples_done - samples_before_) / in_epoch : 0.0;
  const std::string line =
      fmt::format("\r\033[Kepoch {}/{}  batch {}/{}  loss {:.4f}  acc {:.4f}  {:.0f} samples/s  elapsed {}  ETA epoch "
                  "{}, run {}",
                  epoch_ + 1, epochs_, batch + 1, batches_, loss, accuracy, rate,
                  format_duration(seconds_before_ + now - run_start_), format_duration(epoch_eta),
                  format_duration(run_eta));
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

void Progress::finish_epoch() {
  if (!enabled_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
}

}  // namespace dendrite
