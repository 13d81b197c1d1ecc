#include "framework/sweep/store_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "framework/core/error.h"
#include "framework/sweep/process_info.h"

namespace dendrite {

namespace {
std::string read_holder(int fd) {
  char text[512] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  std::string holder = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : std::string();
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder.empty() ? "a process that has not written its PID yet" : holder;
}
}  // namespace

StoreLock::StoreLock(const std::string& store_path) {
  const std::string path = store_path + ".lock";
  // O_CLOEXEC: worker processes must not inherit the lock (it would outlive a killed coordinator).
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  DENDRITE_CHECK(fd_ >= 0, "cannot create the lock file '{}' of the store: {}", path, std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string holder = err == EWOULDBLOCK ? read_holder(fd_) : std::string();
    ::close(fd_);
    fd_ = -1;
    DENDRITE_CHECK(err != EWOULDBLOCK, "store '{}' is in use by another dendrite sweep ({}); wait for it to end or "
                   "stop it", store_path, holder);
    throw Error(fmt::format("cannot lock '{}': {}", path, std::strerror(err)));
  }
  const std::string holder = fmt::format("pid {} on host {}, since {}\n", ::getpid(), host_name(), utc_now());
  const bool written = ::ftruncate(fd_, 0) == 0 &&
                       ::pwrite(fd_, holder.data(), holder.size(), 0) == static_cast<ssize_t>(holder.size());
  DENDRITE_CHECK(written, "cannot write the lock file '{}': {}", path, std::strerror(errno));
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace dendrite
