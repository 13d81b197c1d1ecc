#include "framework/core/file_lock.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "framework/core/error.h"

namespace dendrite {

namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::system_category().message(err); }

std::function<void(const std::string&)>& before_flock_hook() {
  static std::function<void(const std::string&)> hook;
  return hook;
}

// realpath(3), or nothing with errno set.
bool real_path(const std::string& path, std::string& out) {
  const std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
  if (!resolved) return false;
  out = resolved.get();
  return true;
}

// Linux's limit on symlinks followed in one lookup (ELOOP beyond it).
constexpr int kMaxSymlinks = 40;

std::string resolve(const std::string& path, const std::string& shown, int links_followed) {
  std::string real;
  if (real_path(path, real)) return real;
  if (errno != ENOENT) throw Error(fmt::format("cannot resolve the path '{}': {}", shown, errno_text(errno)));
  // The last part does not exist (or is a dangling symlink): resolve its folder.
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  const fs::path p(trimmed);
  const std::string name = p.filename().string();
  const std::string folder = p.has_parent_path() ? p.parent_path().string() : ".";
  std::string real_folder;
  DENDRITE_CHECK(!name.empty() && name != "." && name != "..", "cannot resolve the path '{}': {}", shown,
                 errno_text(ENOENT));
  if (!real_path(folder, real_folder))
    throw Error(fmt::format("cannot resolve the path '{}': its folder '{}': {}", shown, folder, errno_text(errno)));
  const std::string full = (fs::path(real_folder) / name).string();
  struct stat st {};
  if (::lstat(full.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return full;
  DENDRITE_CHECK(links_followed < kMaxSymlinks, "cannot resolve the path '{}': {}", shown, errno_text(ELOOP));
  std::string target(static_cast<std::size_t>(PATH_MAX), '\0');
  const ssize_t n = ::readlink(full.c_str(), target.data(), target.size());
  DENDRITE_CHECK(n >= 0, "cannot resolve the path '{}': {}", shown, errno_text(errno));
  target.resize(static_cast<std::size_t>(n));
  if (!target.empty() && target.front() != '/') target = (fs::path(real_folder) / target).string();
  return resolve(target, shown, links_followed + 1);
}

// Whether `path` still names the file open as `fd`.
bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// What the holder wrote into the lock file, without trailing blanks; empty when nothing yet.
std::string recorded_holder(int fd) {
  char buf[512] = {};
  ssize_t n;
  do n = ::pread(fd, buf, sizeof buf - 1, 0);
  while (n < 0 && errno == EINTR);
  std::string text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// Replaces the lock file's content by `text`: every byte or an errno (ENOSPC when the file system
// takes no more bytes without saying why).
int write_holder(int fd, const std::string& text) {
  int rc;
  do rc = ::ftruncate(fd, 0);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) return errno;
  std::size_t at = 0;
  while (at < text.size()) {
    const ssize_t n = ::pwrite(fd, text.data() + at, text.size() - at, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return ENOSPC;
    at += static_cast<std::size_t>(n);
  }
  return 0;
}

// "process 4242", from a folder lock's record; the holder may not have written it yet.
std::string folder_holder(const std::string& recorded) {
  const bool digits = !recorded.empty() && recorded.size() < 10 &&
                      recorded.find_first_not_of("0123456789") == std::string::npos;
  return digits ? "process " + recorded : "another process (its PID is not recorded yet)";
}

}  // namespace

std::string resolved_path(const std::string& path) { return resolve(path.empty() ? "." : path, path, 0); }

FileLock FileLock::for_folder(const std::string& folder, const std::string& advice) {
  const std::string given = folder.empty() ? "." : folder;
  std::error_code ec;
  fs::create_directories(given, ec);
  DENDRITE_CHECK(!ec, "cannot create the folder '{}': {}", folder, ec.message());
  const std::string lock_path = (fs::path(resolved_path(given)) / kFolderLockName).string();
  return FileLock(lock_path, std::to_string(::getpid()) + "\n", [&](const std::string& recorded) {
    return fmt::format("'{}' is in use by {} (lock file '{}'); {}", folder, folder_holder(recorded), lock_path, advice);
  });
}

FileLock FileLock::for_file(const std::string& file, const std::string& holder, const InUseMessage& in_use) {
  return FileLock(resolved_path(file) + ".lock", holder, in_use);
}

FileLock::FileLock(std::string lock_path, const std::string& holder, const InUseMessage& in_use)
    : path_(std::move(lock_path)) {
  // A lock file removed and created again between our open and our flock is another file: retry.
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    int fd;
    do fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    while (fd < 0 && errno == EINTR);
    DENDRITE_CHECK(fd >= 0, "cannot create the lock file '{}': {}", path_, errno_text(errno));
    if (before_flock_hook()) before_flock_hook()(path_);
    int rc;
    do rc = ::flock(fd, LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      const int err = errno;
      const std::string recorded = err == EWOULDBLOCK ? recorded_holder(fd) : std::string();
      ::close(fd);
      if (err == EWOULDBLOCK) throw Error(in_use(recorded));
      throw Error(fmt::format("cannot lock '{}': {}", path_, errno_text(err)));
    }
    if (same_file(fd, path_)) fd_ = fd;
    else ::close(fd);
  }
  DENDRITE_CHECK(fd_ >= 0, "cannot lock '{}': the lock file keeps being replaced", path_);
  if (const int err = write_holder(fd_, holder); err != 0) {
    ::close(fd_);
    fd_ = -1;
    throw Error(fmt::format("cannot write the lock file '{}': {}", path_, errno_text(err)));
  }
}

FileLock::FileLock(FileLock&& other) noexcept : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

namespace file_lock_testing {
void set_before_flock(std::function<void(const std::string& lock_path)> hook) { before_flock_hook() = std::move(hook); }
}  // namespace file_lock_testing

}  // namespace dendrite
