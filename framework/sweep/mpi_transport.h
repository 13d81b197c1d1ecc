// The sweep on Open MPI: rank 0 is the coordinator (the only process that opens the store or the
// data files), ranks 1..n-1 are workers. Rank 0 broadcasts the setup and the decoded data sets
// (MPI_Bcast), so the other ranks need neither the files nor a shared file system; then workers
// pull runs through point-to-point messages (MPI_Send / MPI_Recv of JSON texts, channel.h).
//
//   if (started_by_mpirun()) {
//     MpiSession mpi(&argc, &argv);
//     if (mpi.rank() == 0) { MpiWorkerPool pool(mpi); ... Coordinator(...).run(); }
//     else { MpiCoordinatorLink link; run_worker(link, ...); }
//   }
//
// Waiting polls (MPI_Iprobe with short sleeps) instead of blocking in MPI_Recv, which would spin
// a core in Open MPI while the coordinator has nothing to do.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "framework/data/dataset.h"
#include "framework/sweep/channel.h"

namespace dendrite {

// True when the process was started by mpirun / srun (Open MPI's or PMIx's environment).
// `dendrite train` and a local sweep never initialise MPI.
bool started_by_mpirun();

class MpiSession {
 public:
  // MPI_Init_thread asking for serialized calls: OpenMP threads never call MPI, but a worker's
  // heartbeat thread does, one call at a time with the main thread (MpiCoordinatorLink).
  MpiSession(int* argc, char*** argv);
  ~MpiSession();                        // MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Whether MPI granted serialized calls from several threads (what heartbeats need).
  bool serialized_threads() const { return serialized_; }
  // Ends every rank of the job (MPI_Abort) with `code`. Only for the tool, after it has saved
  // what it must: library code never calls it.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0, size_ = 1;
  bool serialized_ = false;
};

// From rank 0 to all: `text` is read on rank 0 and written on the others.
void mpi_broadcast_text(std::string& text);
// From rank 0 to all: the data set (images, labels, geometry, classes, name).
void mpi_broadcast_dataset(Dataset& d);

// Rank 0's view: worker i is rank i + 1.
class MpiWorkerPool : public WorkerPool {
 public:
  explicit MpiWorkerPool(const MpiSession& mpi) : size_(mpi.size() - 1) {}
  int size() const override { return size_; }
  std::string name(int worker) const override;
  int rank(int worker) const override { return worker + 1; }
  void send(int worker, const std::string& message) override;
  std::optional<WorkerEvent> wait(std::chrono::milliseconds timeout) override;
  bool replace(int) override { return false; }  // a lost rank ends the job (mpirun's default)
  void shutdown(bool interrupted) override;

 private:
  int size_;
};

// A worker rank's side. With `heartbeat`, a thread sends rank 0 a heartbeat (alive_message) every
// second from construction to destruction, whatever the rank is doing: a run of an hour is not a
// silence, a host whose network went down is (MPI over TCP may never report it). Every MPI call
// of the link holds one mutex, as MPI_THREAD_SERIALIZED asks.
class MpiCoordinatorLink : public CoordinatorLink {
 public:
  explicit MpiCoordinatorLink(bool heartbeat);
  ~MpiCoordinatorLink() override;
  MpiCoordinatorLink(const MpiCoordinatorLink&) = delete;
  MpiCoordinatorLink& operator=(const MpiCoordinatorLink&) = delete;
  void send(const std::string& message) override;
  std::optional<std::string> receive() override;

 private:
  void beat();
  std::mutex mpi_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool ending_ = false;
  std::thread heartbeat_;
};

}  // namespace dendrite
