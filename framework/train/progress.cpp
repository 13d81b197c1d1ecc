#include "framework/train/progress.h"

#include <unistd.h>

namespace dendrite {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled, std::FILE* out) : enabled_(enabled), out_(out) {}

void Progress::start_epoch(std::int64_t epoch, std::int64_t epochs, std::int64_t batches) {
  epoch_ = epoch;
  epochs_ = epochs;
  batches_ = batches;
  start_ = std::chrono::steady_clock::now();
  last_draw_ = start_ - std::chrono::seconds(1);
}

void Progress::update(std::int64_t batch, double loss, std::int64_t samples_done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && batch + 1 < batches_) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(samples_done) / elapsed : 0.0;
  const double per_batch = batch >= 0 ? elapsed / static_cast<double>(batch + 1) : 0.0;
  const auto eta = static_cast<std::int64_t>(per_batch * static_cast<double>(batches_ - batch - 1));
  std::fprintf(out_, "\r\033[Kepoch %lld/%lld  batch %lld/%lld  loss %.4f  %.0f samples/s  ETA %lld:%02lld",
               static_cast<long long>(epoch_ + 1), static_cast<long long>(epochs_),
               static_cast<long long>(batch + 1), static_cast<long long>(batches_), loss, rate,
               static_cast<long long>(eta / 60), static_cast<long long>(eta % 60));
  std::fflush(out_);
}

void Progress::finish_epoch() {
  if (!enabled_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

}  // namespace dendrite
