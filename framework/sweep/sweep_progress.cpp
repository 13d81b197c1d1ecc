#include "framework/sweep/sweep_progress.h"

#include <fmt/format.h>

#include <cmath>

namespace dendrite {

SweepProgress::SweepProgress(std::int64_t total, std::int64_t done_before, double pending_cost, int workers,
                             bool live, std::FILE* out)
    : total_(total),
      done_(done_before),
      remaining_cost_(pending_cost),
      workers_(workers),
      live_(live),
      out_(out),
      start_(Clock::now()),
      last_draw_(start_) {}

void SweepProgress::started(const RunRecord&) {
  running_ += 1;
  tick();
}

void SweepProgress::requeued(const RunRecord&) { running_ -= 1; }

void SweepProgress::worker_lost(const std::string& who, const std::string& why, const std::string& what) {
  workers_lost_ += 1;
  print_line(fmt::format("LOST    {}: {}{}", who, why, what.empty() ? "" : "; " + what));
}

void SweepProgress::print_line(const std::string& what) {
  if (live_) {
    std::fprintf(out_, "\r\033[K%s\n", what.c_str());
    draw();
  } else {
    std::fprintf(out_, "%s  [%s]\n", what.c_str(), counts().c_str());
    std::fflush(out_);
  }
}

void SweepProgress::finished(const RunRecord& run, const RunSummary* result, const std::string& error,
                             double seconds) {
  running_ -= 1;
  finished_here_ += 1;
  remaining_cost_ -= run.cost;
  finished_cost_ += run.cost;
  if (result != nullptr) done_ += 1;
  else failed_ += 1;
  std::string what = result != nullptr
                         ? fmt::format("done    {}  test acc {:.4f} loss {:.4g}  {:.1f} s", describe_run(run),
                                       result->test_accuracy, result->test_loss, seconds)
                         : fmt::format("FAILED  {}: {}", describe_run(run), error);
  // On a terminal, a failure is worth a line of its own above the live line; successes only update it.
  if (live_ && result != nullptr) draw();
  else print_line(what);
}

std::string SweepProgress::counts() const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::int64_t pending = total_ - done_ - failed_ - running_;
  const double rate = finished_cost_ > 0 && elapsed > 0 ? finished_cost_ / elapsed : static_cast<double>(workers_);
  const std::string per_hour = finished_here_ > 0 && elapsed > 0
                                   ? fmt::format("{:.0f} runs/h", 3600.0 * static_cast<double>(finished_here_) / elapsed)
                                   : std::string("-- runs/h");
  const std::string lost = workers_lost_ == 0 ? std::string()
      : fmt::format(", {} worker{} lost", workers_lost_, workers_lost_ == 1 ? "" : "s");
  return fmt::format("{}/{} done, {} running, {} failed, {} pending{} | {} | ETA {}", done_, total_, running_, failed_,
                     pending, lost, per_hour, clock_text(std::max(remaining_cost_, 0.0) / rate));
}

void SweepProgress::tick() {
  if (!live_) return;
  if (drawn_ && Clock::now() - last_draw_ < std::chrono::seconds(1)) return;
  draw();
}

void SweepProgress::draw() {
  last_draw_ = Clock::now();
  drawn_ = true;
  std::fprintf(out_, "\r\033[Ksweep %s", counts().c_str());
  std::fflush(out_);
}

void SweepProgress::finish() {
  if (live_ && drawn_) std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

std::string describe_run(const RunRecord& r) {
  std::string text = r.model;
  if (r.config.contains("hidden") && r.config["hidden"].is_string())
    text += " hidden " + r.config["hidden"].get<std::string>();
  if (r.dendrites) text += fmt::format(" D{}", *r.dendrites);
  if (r.somata) text += fmt::format(" S{}", *r.somata);
  if (r.synapses) text += fmt::format(" k{}", *r.synapses);
  text += fmt::format(" L{} seed {}", r.layers, r.seed);
  if (r.input_noise > 0) text += fmt::format(" noise {}", r.input_noise);
  if (r.sequential) text += " sequential";
  return text;
}

std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  const auto s = static_cast<long long>(std::llround(seconds));
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

}  // namespace dendrite
