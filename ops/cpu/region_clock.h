// RegionClock: how long the threads of a kernel's OpenMP parallel regions wait instead of
// working: each region's wall time minus the mean time its threads spend in their share of the
// work. Starting the threads, the slowest thread's lead at the join and time at barriers all
// count as waiting (synchronisation). Summed over every region timed so far.
//
//   clock.begin();                          // before the region, on the calling thread
//   #pragma omp parallel
//   {
//     clock.work(tid, [&] { ... });          // the thread's share (several calls add up)
//   #pragma omp barrier
//     clock.work(tid, [&] { ... });
//   }
//   clock.end(threads);                     // after it: threads = the region's team size
//   double s = clock.wait_seconds();
//
// Slots are per thread and a cache line each; they grow on the first region of a larger team
// (begin), so steady-state calls allocate nothing.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace dendrite::cpu {

class RegionClock {
 public:
  void begin(int max_threads) {
    if (static_cast<int>(slots_.size()) < max_threads) slots_.resize(static_cast<std::size_t>(max_threads));
    for (Slot& s : slots_) s.work = 0;
    start_ = Clock::now();
  }
  template <class Fn>
  void work(int tid, const Fn& fn) {
    const Clock::time_point t0 = Clock::now();
    fn();
    slots_[static_cast<std::size_t>(tid)].work += seconds(Clock::now() - t0);
  }
  void end(int threads) {
    const double wall = seconds(Clock::now() - start_);
    double work = 0;
    for (int t = 0; t < threads; ++t) work += slots_[static_cast<std::size_t>(t)].work;
    wait_ += std::max(0.0, wall - work / std::max(1, threads));
  }
  double wait_seconds() const { return wait_; }

 private:
  using Clock = std::chrono::steady_clock;
  static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
  struct alignas(64) Slot {
    double work = 0;
  };
  std::vector<Slot> slots_;
  Clock::time_point start_;
  double wait_ = 0;
};

}  // namespace dendrite::cpu
