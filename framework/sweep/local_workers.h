// Local sweep workers: child processes of the coordinator, each started with posix_spawn (a fresh
// exec of the given program, so nothing of the parent's OpenMP or oneDNN state is inherited) and
// connected by a socketpair whose child end is its file descriptor 3. Messages are lines of JSON.
//
//   LocalWorkerPool pool(2, {"/proc/self/exe", "_sweep-worker", "--fd", "3"}, setup_line);
//   ... Coordinator(store, pool, ...).run();
//
// A worker's process ending (killed, crashed) shows as EOF on its socket: the pool reports the
// worker lost with the reason from waitpid, after any complete lines it sent before. Workers
// ignore SIGINT and SIGHUP (the coordinator decides what Ctrl-C or a closed terminal does) and die with the coordinator
// (PR_SET_PDEATHSIG, set by the worker itself; see LocalCoordinatorLink).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "framework/sweep/channel.h"

namespace dendrite {

class LocalWorkerPool : public WorkerPool {
 public:
  // Starts `count` workers running `argv` and sends each `setup` (one line) first.
  LocalWorkerPool(int count, std::vector<std::string> argv, std::string setup);
  ~LocalWorkerPool() override;  // ends any worker still running (SIGKILL)

  int size() const override { return static_cast<int>(slots_.size()); }
  std::string name(int worker) const override;
  int rank(int worker) const override { return worker; }
  void send(int worker, const std::string& message) override;
  std::optional<WorkerEvent> wait(std::chrono::milliseconds timeout) override;
  bool replace(int worker) override;
  void shutdown(bool interrupted) override;

  pid_t pid(int worker) const { return slots_[static_cast<std::size_t>(worker)].pid; }

 private:
  struct Slot {
    pid_t pid = -1;
    int fd = -1;
    std::string buffer;
    bool closed = false;  // EOF seen; the loss not reported yet
  };
  void start(int worker);
  std::optional<WorkerEvent> buffered_event();
  void end(Slot& slot, bool kill_first);

  std::vector<std::string> argv_;
  std::string setup_;
  std::vector<Slot> slots_;
};

// The worker's end: the socket inherited as `fd`. Makes the process die with its parent
// (`parent`, the coordinator's PID; an Error when it has already gone) and ignore SIGINT and SIGHUP.
class LocalCoordinatorLink : public CoordinatorLink {
 public:
  LocalCoordinatorLink(int fd, long parent);
  void send(const std::string& message) override;
  std::optional<std::string> receive() override;

 private:
  int fd_;
  std::string buffer_;
};

// "killed by signal 9 (Killed)", "exited with code 1" for a waitpid status.
std::string describe_exit(int status);

}  // namespace dendrite
