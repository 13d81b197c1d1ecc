#include "framework/sweep/coordinator.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "framework/core/error.h"
#include "framework/sweep/sweep_messages.h"

namespace dendrite {

namespace {
using Clock = std::chrono::steady_clock;
// How often the coordinator looks at the stop flag: under mpirun, rank 0 has about a second
// between SIGTERM and SIGKILL to put the runs in flight back.
constexpr auto kWaitSlice = std::chrono::milliseconds(100);
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
}  // namespace

struct Coordinator::Slot {
  bool ready = false;       // announced itself and has no run
  bool ever_ready = false;  // since it was (re)started
  std::size_t run = kNone;  // the run in flight
  std::string host;
  Clock::time_point started;
  bool heartbeats = false;  // has sent heartbeats, so its silence means something
  Clock::time_point last_heard;
};

Coordinator::Coordinator(Store& store, WorkerPool& pool, std::vector<RunRecord> runs, SweepProgress& progress,
                         CoordinatorOptions options)
    : store_(store),
      pool_(pool),
      runs_(std::move(runs)),
      progress_(progress),
      options_(options),
      slots_(static_cast<std::size_t>(pool.size())),
      losses_(runs_.size(), 0) {
  queue_.resize(runs_.size());
  std::iota(queue_.begin(), queue_.end(), std::size_t{0});
  // The next run is the last element: sort by ascending cost, the grid's order among equals.
  std::stable_sort(queue_.begin(), queue_.end(), [this](std::size_t a, std::size_t b) {
    return runs_[a].cost > runs_[b].cost;
  });
  std::reverse(queue_.begin(), queue_.end());
}

Coordinator::~Coordinator() = default;

CoordinatorOutcome Coordinator::run() {
  try {
    for (;;) {
      const bool stopping = options_.stop != nullptr && options_.stop->load();
      if (stopping) {
        outcome_.interrupted = true;
        break;
      }
      assign_ready_workers();
      const bool busy = std::any_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.run != kNone; });
      if (queue_.empty() && !busy) break;
      const std::optional<WorkerEvent> event = pool_.wait(kWaitSlice);
      progress_.tick();
      if (!event) {
        check_silent_workers();  // only when every message that came has been read
        continue;
      }
      if (event->kind == WorkerEvent::Kind::lost) handle_lost(event->worker, event->text);
      else handle_message(event->worker, event->text);
    }
  } catch (...) {
    requeue_in_flight();
    pool_.shutdown(/*interrupted=*/true);
    progress_.finish();
    throw;
  }
  if (outcome_.interrupted) requeue_in_flight();
  pool_.shutdown(outcome_.interrupted);
  progress_.finish();
  return outcome_;
}

void Coordinator::assign_ready_workers() {
  for (int w = 0; w < pool_.size() && !queue_.empty(); ++w) {
    Slot& slot = slots_[static_cast<std::size_t>(w)];
    if (!slot.ready) continue;
    const std::size_t next = queue_.back();
    queue_.pop_back();
    const RunRecord& r = runs_[next];
    store_.mark_running(r.key, slot.host, pool_.rank(w));
    pool_.send(w, run_message(r.key, r.config));
    slot.ready = false;
    slot.run = next;
    slot.started = slot.last_heard = Clock::now();
    progress_.started(r);
  }
}

void Coordinator::check_silent_workers() {
  if (options_.worker_timeout.count() <= 0) return;
  const Clock::time_point now = Clock::now();
  for (int w = 0; w < pool_.size(); ++w) {
    const Slot& slot = slots_[static_cast<std::size_t>(w)];
    if (slot.run == kNone || !slot.heartbeats || now - slot.last_heard < options_.worker_timeout) continue;
    const double silent = std::chrono::duration<double>(now - slot.last_heard).count();
    handle_lost(w, fmt::format("it sent nothing for {:.0f} s: its host is unreachable or down, or the process hangs",
                               silent));
  }
}

void Coordinator::handle_message(int worker, const std::string& text) {
  Slot& slot = slots_[static_cast<std::size_t>(worker)];
  const SweepMessage m = parse_message(text);
  slot.last_heard = Clock::now();
  if (m.type == "alive") {
    slot.heartbeats = true;
    return;
  }
  if (m.type == "ready") {
    slot.ready = slot.ever_ready = true;
    slot.host = m.host;
    return;
  }
  if (m.type == "fatal") throw Error(fmt::format("{} on {}: {}", pool_.name(worker), slot.host, m.error));
  DENDRITE_CHECK(m.type == "result" && slot.run != kNone && runs_[slot.run].key == m.key,
                 "{} sent a '{}' message the coordinator did not expect", pool_.name(worker), m.type);
  const RunRecord& r = runs_[slot.run];
  const double seconds = std::chrono::duration<double>(Clock::now() - slot.started).count();
  if (m.ok) {
    store_.record_done(r.key, m.result);
    outcome_.done += 1;
    progress_.finished(r, &m.result, "", seconds);
  } else {
    store_.record_failed(r.key, m.error);
    outcome_.failed += 1;
    progress_.finished(r, nullptr, m.error, seconds);
  }
  slot.run = kNone;
  slot.ready = true;
}

void Coordinator::handle_lost(int worker, const std::string& why) {
  Slot& slot = slots_[static_cast<std::size_t>(worker)];
  const std::string who = fmt::format("{}{}", pool_.name(worker), slot.host.empty() ? "" : " on " + slot.host);
  DENDRITE_CHECK(slot.ever_ready, "{} ended before it was ready ({}); see its messages above", who, why);
  if (slot.run == kNone) progress_.worker_lost(who, why, "");
  if (slot.run != kNone) {
    const std::size_t i = slot.run;
    const RunRecord& r = runs_[i];
    losses_[i] += 1;
    if (losses_[i] >= kMaxWorkerLosses) {
      const std::string error = fmt::format("the worker running it died {} times (last: {} {})", losses_[i], who, why);
      progress_.worker_lost(who, why, fmt::format("its run {} has failed", describe_run(r)));
      store_.record_failed(r.key, error);
      outcome_.failed += 1;
      progress_.finished(r, nullptr, error, 0);
    } else {
      store_.mark_pending(r.key);
      outcome_.requeued += 1;
      progress_.requeued(r);
      progress_.worker_lost(who, why, fmt::format("its run {} goes back to the queue", describe_run(r)));
      queue_.push_back(i);  // next in line: it was among the largest
    }
  }
  slot = Slot{};
  DENDRITE_CHECK(pool_.replace(worker), "{} was lost ({}); the sweep cannot go on without it (rerun the same "
                 "command to continue)", who, why);
}

void Coordinator::requeue_in_flight() {
  // One transaction: under mpirun, rank 0 has about a second before the job is killed.
  std::vector<std::string> keys;
  for (Slot& slot : slots_) {
    if (slot.run == kNone) continue;
    keys.push_back(runs_[slot.run].key);
    slot.run = kNone;
  }
  try {
    if (!keys.empty()) store_.mark_pending(keys);
  } catch (const Error&) {  // the store failing is the error being reported already
  }
}

}  // namespace dendrite
