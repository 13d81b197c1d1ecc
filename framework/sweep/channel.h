// The two ends of the link between a sweep's coordinator and its workers, written once for both
// transports: local worker processes on a socketpair (local_workers.h) and MPI ranks
// (mpi_transport.h). Messages are single-line JSON texts (sweep_messages.h).
//
//   coordinator                          worker
//   -> {"type":"setup","dataset":..}     (first: the data and threads; MPI ranks get it by
//                                         broadcast, or {"type":"exit","code":..} when there is no work)
//   <- {"type":"ready","host":..}        (once, when its data is loaded)
//   -> {"type":"run","key":..,"config":{..}}
//   <- {"type":"result","key":..,"ok":true,"result":{..}}   (and it is ready again)
//   -> {"type":"stop"}                   (no more work: the worker ends)
//   <- {"type":"alive"}                  (MPI ranks, every second: the coordinator ends the sweep
//                                         when a rank that sent them falls silent, see coordinator.h)
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace dendrite {

struct WorkerEvent {
  enum class Kind { message, lost };
  Kind kind = Kind::message;
  int worker = 0;      // 0 .. size()-1
  std::string text;    // message: its text; lost: why ("killed by signal 9", "exited with code 1")
};

// The coordinator's side: a fixed number of worker slots.
class WorkerPool {
 public:
  virtual ~WorkerPool() = default;
  virtual int size() const = 0;
  // A worker's name for messages and the store ("worker 2", "rank 3").
  virtual std::string name(int worker) const = 0;
  // The rank column of the store: the local worker index or the MPI rank.
  virtual int rank(int worker) const = 0;
  virtual void send(int worker, const std::string& message) = 0;
  // The next event, or nothing after `timeout`.
  virtual std::optional<WorkerEvent> wait(std::chrono::milliseconds timeout) = 0;
  // Starts a new worker in a lost worker's slot; false when the transport cannot (MPI ranks).
  virtual bool replace(int worker) = 0;
  // Ends every worker: with stop messages (they are idle), or at once when interrupted (work in
  // flight is abandoned; the caller has put it back in the queue).
  virtual void shutdown(bool interrupted) = 0;
};

// The worker's side.
class CoordinatorLink {
 public:
  virtual ~CoordinatorLink() = default;
  virtual void send(const std::string& message) = 0;
  // The next message; nothing when the coordinator has gone.
  virtual std::optional<std::string> receive() = 0;
};

}  // namespace dendrite
