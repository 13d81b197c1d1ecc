#include "framework/sweep/mpi_transport.h"

#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

#include "framework/core/error.h"
#include "framework/sweep/sweep_messages.h"

namespace dendrite {

namespace {
constexpr int kMessageTag = 17;
constexpr std::int64_t kChunk = std::int64_t{1} << 28;  // elements per MPI_Bcast call (fits an int)

void check_mpi(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw Error(fmt::format("MPI: {} failed: {}", what, std::string(text, static_cast<std::size_t>(length))));
}

void send_text(const std::string& message, int to) {
  DENDRITE_CHECK(message.size() < static_cast<std::size_t>(INT32_MAX), "MPI: a sweep message of {} bytes is too long",
                 message.size());
  check_mpi(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, to, kMessageTag, MPI_COMM_WORLD),
            "MPI_Send");
}

// Polls for a message from `from` (or any rank) until `timeout` (forever when empty); sleeps grow
// from 0.1 to 5 ms so that an idle coordinator or worker costs almost no CPU. With `mpi`, each
// probe and receive holds it (and the sleeps do not).
std::optional<std::pair<int, std::string>> poll_text(int from, std::optional<std::chrono::milliseconds> timeout,
                                                     std::mutex* mpi = nullptr) {
  const auto deadline = timeout ? std::chrono::steady_clock::now() + *timeout : std::chrono::steady_clock::time_point::max();
  auto nap = std::chrono::microseconds(100);
  for (;;) {
    std::unique_lock<std::mutex> hold;
    if (mpi != nullptr) hold = std::unique_lock<std::mutex>(*mpi);
    int flag = 0;
    MPI_Status status;
    check_mpi(MPI_Iprobe(from, kMessageTag, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
    if (flag != 0) {
      int count = 0;
      check_mpi(MPI_Get_count(&status, MPI_CHAR, &count), "MPI_Get_count");
      std::string text(static_cast<std::size_t>(count), '\0');
      check_mpi(MPI_Recv(text.data(), count, MPI_CHAR, status.MPI_SOURCE, kMessageTag, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE), "MPI_Recv");
      return std::make_pair(status.MPI_SOURCE, std::move(text));
    }
    if (hold.owns_lock()) hold.unlock();
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::microseconds(5000));
  }
}

template <typename T>
void broadcast_array(T* data, std::int64_t count, MPI_Datatype type) {
  for (std::int64_t at = 0; at < count; at += kChunk) {
    const auto n = static_cast<int>(std::min(kChunk, count - at));
    check_mpi(MPI_Bcast(data + at, n, type, 0, MPI_COMM_WORLD), "MPI_Bcast");
  }
}
}  // namespace

bool started_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return true;
  }
  return false;
}

MpiSession::MpiSession(int* argc, char*** argv) {
  int provided = 0;
  check_mpi(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  serialized_ = provided >= MPI_THREAD_SERIALIZED;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort does not return; this keeps the promise if it did
}

void mpi_broadcast_text(std::string& text) {
  std::int64_t size = static_cast<std::int64_t>(text.size());
  broadcast_array(&size, 1, MPI_INT64_T);
  text.resize(static_cast<std::size_t>(size));
  broadcast_array(text.data(), size, MPI_CHAR);
}

void mpi_broadcast_dataset(Dataset& d) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  // Geometry first: N, features, classes, the sample shape (always 3 numbers here).
  std::int64_t head[6] = {};
  if (rank == 0) {
    DENDRITE_ASSERT(d.sample_shape.size() == 3, "broadcast of a data set without geometry");
    head[0] = d.size();
    head[1] = d.features();
    head[2] = d.num_classes;
    std::copy(d.sample_shape.begin(), d.sample_shape.end(), head + 3);
  }
  broadcast_array(head, 6, MPI_INT64_T);
  mpi_broadcast_text(d.name);
  if (rank != 0) {
    d.images = Tensor({head[0], head[1]});
    d.labels = Tensor({head[0]}, DType::i32);
    d.num_classes = static_cast<int>(head[2]);
    d.sample_shape = {head[3], head[4], head[5]};
  }
  broadcast_array(d.images.f32(), d.images.numel(), MPI_FLOAT);
  broadcast_array(d.labels.i32(), d.labels.numel(), MPI_INT32_T);
}

std::string MpiWorkerPool::name(int worker) const { return fmt::format("rank {}", worker + 1); }

void MpiWorkerPool::send(int worker, const std::string& message) { send_text(message, worker + 1); }

std::optional<WorkerEvent> MpiWorkerPool::wait(std::chrono::milliseconds timeout) {
  auto got = poll_text(MPI_ANY_SOURCE, timeout);
  if (!got) return std::nullopt;
  return WorkerEvent{WorkerEvent::Kind::message, got->first - 1, std::move(got->second)};
}

void MpiWorkerPool::shutdown(bool interrupted) {
  // Interrupted: the ranks are busy; the tool ends the job (MpiSession::abort) after saving.
  if (interrupted) return;
  for (int w = 0; w < size_; ++w) send(w, stop_message());
}

MpiCoordinatorLink::MpiCoordinatorLink(bool heartbeat) {
  if (heartbeat) heartbeat_ = std::thread([this] { beat(); });
}

MpiCoordinatorLink::~MpiCoordinatorLink() {
  {
    const std::lock_guard<std::mutex> lock(wake_mutex_);
    ending_ = true;
  }
  wake_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void MpiCoordinatorLink::beat() {
  const std::string alive = alive_message();
  std::unique_lock<std::mutex> lock(wake_mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return ending_; })) {
    try {
      const std::lock_guard<std::mutex> hold(mpi_);
      send_text(alive, 0);
    } catch (const Error&) {
      return;  // MPI is failing: the main thread's next call reports it
    }
  }
}

void MpiCoordinatorLink::send(const std::string& message) {
  const std::lock_guard<std::mutex> hold(mpi_);
  send_text(message, 0);
}

std::optional<std::string> MpiCoordinatorLink::receive() {
  auto got = poll_text(0, std::nullopt, &mpi_);
  if (!got) return std::nullopt;
  return std::move(got->second);
}

}  // namespace dendrite
