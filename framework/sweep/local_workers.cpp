#include "framework/sweep/local_workers.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "framework/core/error.h"
#include "framework/sweep/sweep_messages.h"

extern char** environ;

namespace dendrite {

namespace {
constexpr int kWorkerFd = 3;
constexpr auto kShutdownGrace = std::chrono::seconds(5);

// Writes the whole line; false when the peer has gone (no SIGPIPE: MSG_NOSIGNAL).
bool send_line(int fd, const std::string& message) {
  const std::string line = message + "\n";
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t n = ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Moves one complete line out of the buffer.
std::optional<std::string> take_line(std::string& buffer) {
  const std::size_t end = buffer.find('\n');
  if (end == std::string::npos) return std::nullopt;
  std::string line = buffer.substr(0, end);
  buffer.erase(0, end + 1);
  return line;
}
}  // namespace

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  if (WIFEXITED(status)) return fmt::format("exited with code {}", WEXITSTATUS(status));
  return fmt::format("ended with status {}", status);
}

LocalWorkerPool::LocalWorkerPool(int count, std::vector<std::string> argv, std::string setup)
    : argv_(std::move(argv)), setup_(std::move(setup)), slots_(static_cast<std::size_t>(count)) {
  DENDRITE_ASSERT(count > 0 && !argv_.empty(), "LocalWorkerPool needs workers and a program");
  for (int w = 0; w < count; ++w) start(w);
}

LocalWorkerPool::~LocalWorkerPool() {
  for (Slot& s : slots_) {
    if (s.pid > 0) ::kill(s.pid, SIGKILL);
    end(s, false);
  }
}

std::string LocalWorkerPool::name(int worker) const { return fmt::format("worker {}", worker); }

void LocalWorkerPool::start(int worker) {
  Slot& slot = slots_[static_cast<std::size_t>(worker)];
  int fds[2];
  DENDRITE_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0,
                 "cannot create a socket for a sweep worker: {}", std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], kWorkerFd);  // dup2 clears FD_CLOEXEC
  std::vector<char*> argv;
  for (std::string& a : argv_) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw Error(fmt::format("cannot start a sweep worker '{}': {}", argv_[0], std::strerror(rc)));
  }
  slot = Slot{};
  slot.pid = pid;
  slot.fd = fds[0];
  send(worker, setup_);
}

void LocalWorkerPool::send(int worker, const std::string& message) {
  Slot& slot = slots_[static_cast<std::size_t>(worker)];
  // A worker that has gone is reported lost by wait() (its socket reads EOF).
  if (slot.fd >= 0) send_line(slot.fd, message);
}

std::optional<WorkerEvent> LocalWorkerPool::buffered_event() {
  for (std::size_t w = 0; w < slots_.size(); ++w) {
    Slot& s = slots_[w];
    if (std::optional<std::string> line = take_line(s.buffer))
      return WorkerEvent{WorkerEvent::Kind::message, static_cast<int>(w), std::move(*line)};
  }
  for (std::size_t w = 0; w < slots_.size(); ++w) {
    Slot& s = slots_[w];
    if (!s.closed) continue;
    int status = 0;
    ::waitpid(s.pid, &status, 0);
    ::close(s.fd);
    s = Slot{};
    return WorkerEvent{WorkerEvent::Kind::lost, static_cast<int>(w), describe_exit(status)};
  }
  return std::nullopt;
}

std::optional<WorkerEvent> LocalWorkerPool::wait(std::chrono::milliseconds timeout) {
  if (std::optional<WorkerEvent> e = buffered_event()) return e;
  std::vector<pollfd> fds;
  std::vector<std::size_t> owner;
  for (std::size_t w = 0; w < slots_.size(); ++w) {
    if (slots_[w].fd < 0) continue;
    fds.push_back({slots_[w].fd, POLLIN, 0});
    owner.push_back(w);
  }
  if (fds.empty()) {
    std::this_thread::sleep_for(timeout);
    return std::nullopt;
  }
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR) throw Error(fmt::format("waiting for sweep workers: {}", std::strerror(errno)));
  for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    Slot& s = slots_[owner[i]];
    char buf[65536];
    const ssize_t n = ::read(s.fd, buf, sizeof buf);
    if (n > 0) s.buffer.append(buf, static_cast<std::size_t>(n));
    else if (n == 0 || (errno != EINTR && errno != EAGAIN)) s.closed = true;
  }
  return buffered_event();
}

bool LocalWorkerPool::replace(int worker) {
  start(worker);
  return true;
}

void LocalWorkerPool::end(Slot& slot, bool kill_first) {
  if (slot.pid <= 0) return;
  if (kill_first) ::kill(slot.pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  int status = 0;
  while (::waitpid(slot.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(slot.pid, SIGKILL);
      ::waitpid(slot.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (slot.fd >= 0) ::close(slot.fd);
  slot = Slot{};
}

void LocalWorkerPool::shutdown(bool interrupted) {
  for (std::size_t w = 0; w < slots_.size(); ++w)
    if (!interrupted) send(static_cast<int>(w), stop_message());
  for (Slot& s : slots_) end(s, interrupted);
}

LocalCoordinatorLink::LocalCoordinatorLink(int fd, long parent) : fd_(fd) {
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);  // a closed terminal hangs up the whole group: the coordinator decides
  ::signal(SIGPIPE, SIG_IGN);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  DENDRITE_CHECK(::getppid() == static_cast<pid_t>(parent), "the sweep coordinator (pid {}) has gone", parent);
  DENDRITE_CHECK(::fcntl(fd_, F_GETFD) >= 0, "sweep worker: file descriptor {} is not open (this mode is started by "
                 "dendrite sweep, not by hand)", fd_);
  ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
}

void LocalCoordinatorLink::send(const std::string& message) {
  DENDRITE_CHECK(send_line(fd_, message), "the sweep coordinator has gone");
}

std::optional<std::string> LocalCoordinatorLink::receive() {
  for (;;) {
    if (std::optional<std::string> line = take_line(buffer_)) return line;
    char buf[65536];
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
    else if (n == 0 || errno != EINTR) return std::nullopt;
  }
}

}  // namespace dendrite
