#include "framework/core/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "framework/core/error.h"

namespace dendrite {

namespace {

std::string errno_text(int err) { return std::system_category().message(err); }

// "process 4242", from the lock file's first line; the holder may not have written it yet.
std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const bool digits = !text.empty() && text.size() < 10 && text.find_first_not_of("0123456789") == std::string::npos;
  return digits ? "process " + text : "another process (its PID is not recorded yet)";
}

bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

FolderLock::FolderLock(const std::string& folder, const std::string& advice)
    : path_((std::filesystem::path(folder.empty() ? "." : folder) / kFolderLockName).string()) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  DENDRITE_CHECK(!ec, "cannot create the folder '{}': {}", folder, ec.message());
  // A lock file removed and created again between our open and our flock is another file: retry.
  for (int attempt = 0; attempt < 100; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    DENDRITE_CHECK(fd_ >= 0, "cannot create the lock file '{}': {}", path_, errno_text(errno));
    int rc;
    do rc = ::flock(fd_, LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      const int err = errno;
      const std::string holder = err == EWOULDBLOCK ? holder_of(fd_) : std::string();
      ::close(fd_);
      fd_ = -1;
      DENDRITE_CHECK(err != EWOULDBLOCK, "'{}' is in use by {} (lock file '{}'); {}", folder, holder, path_, advice);
      throw Error(fmt::format("cannot lock '{}': {}", path_, errno_text(err)));
    }
    if (same_file(fd_, path_)) break;
    ::close(fd_);
    fd_ = -1;
  }
  DENDRITE_CHECK(fd_ >= 0, "cannot lock '{}': the lock file keeps being replaced", path_);
  const std::string pid = std::to_string(::getpid()) + "\n";
  errno = 0;
  const bool written = ::ftruncate(fd_, 0) == 0 &&
                       ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  if (!written) {
    const int err = errno != 0 ? errno : ENOSPC;  // a short write sets no errno
    ::close(fd_);
    fd_ = -1;
    throw Error(fmt::format("cannot write the lock file '{}': {}", path_, errno_text(err)));
  }
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace dendrite
