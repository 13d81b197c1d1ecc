// An in-process pool of fake workers for the coordinator and sweep tests: each worker is ready at
// once and answers a run as its Behaviour says.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "framework/sweep/channel.h"
#include "framework/sweep/sweep_messages.h"
#include "tests/sweep/store_test_util.h"

namespace dendrite::test {

// What a fake worker does with a run: a reply (result message), or nothing with `dies` set (the
// worker is lost), or nothing (the run stays in flight).
struct Reply {
  std::optional<std::string> message;
  bool dies = false;
};
using Behaviour = std::function<Reply(const std::string& key, int worker)>;

class FakePool : public WorkerPool {
 public:
  FakePool(int n, Behaviour b) : n_(n), behaviour_(std::move(b)) {
    for (int w = 0; w < n; ++w) events_.push_back({WorkerEvent::Kind::message, w, ready_message("fake", 100 + w)});
  }
  int size() const override { return n_; }
  std::string name(int w) const override { return "fake " + std::to_string(w); }
  int rank(int w) const override { return w; }
  void send(int w, const std::string& text) override {
    const SweepMessage m = parse_message(text);
    if (m.type != "run") return;
    order.push_back(m.key);
    const Reply r = behaviour_(m.key, w);
    if (r.message) events_.push_back({WorkerEvent::Kind::message, w, *r.message});
    else if (r.dies) events_.push_back({WorkerEvent::Kind::lost, w, "killed by signal 9 (Killed)"});
  }
  std::optional<WorkerEvent> wait(std::chrono::milliseconds) override {
    if (events_.empty()) return std::nullopt;
    WorkerEvent e = events_.front();
    events_.pop_front();
    return e;
  }
  bool replace(int w) override {
    replacements += 1;
    if (can_replace) events_.push_back({WorkerEvent::Kind::message, w, ready_message("fake", 200 + w)});
    return can_replace;
  }
  void shutdown(bool interrupted) override { shut_down_interrupted = interrupted; }

  std::vector<std::string> order;
  int replacements = 0;
  bool can_replace = true;
  std::optional<bool> shut_down_interrupted;

 private:
  int n_;
  Behaviour behaviour_;
  std::deque<WorkerEvent> events_;
};

// A reply that the run is done (test loss 0.5, two epochs).
inline Reply done(const std::string& key) { return {done_message(key, result(0.5)), false}; }

}  // namespace dendrite::test
