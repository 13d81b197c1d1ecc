#include "framework/core/file_io.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "framework/core/error.h"

namespace dendrite {

namespace {

std::string errno_text(int err) { return std::system_category().message(err); }

std::string folder_of(const std::string& path) {
  const std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

bool process_is_running(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

OutputFile::OutputFile(std::string path, Mode mode, std::string action, std::string shown)
    : path_(std::move(path)), action_(std::move(action)), shown_(shown.empty() ? path_ : std::move(shown)) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (mode == Mode::append ? O_APPEND : O_TRUNC);
  fd_ = ::open(path_.c_str(), flags, 0666);
  if (fd_ < 0) fail(errno_text(errno));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::fail(const std::string& reason) const {
  throw Error(fmt::format("cannot {} '{}': {}", action_, shown_, reason));
}

void OutputFile::write(const void* data, std::size_t n) {
  DENDRITE_ASSERT(fd_ >= 0, "write to '{}' after close", shown_);
  const auto* p = static_cast<const unsigned char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) fail(errno_text(w < 0 ? errno : EIO));
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void OutputFile::sync() {
  DENDRITE_ASSERT(fd_ >= 0, "sync of '{}' after close", shown_);
  // EINVAL: a file that cannot be synced (a device, a pipe); there is nothing to make durable.
  if (::fsync(fd_) != 0 && errno != EINVAL) fail(errno_text(errno));
}

void OutputFile::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  // Linux releases the descriptor even when close() reports EINTR.
  if (::close(fd) != 0 && errno != EINTR) fail(errno_text(errno));
}

bool is_written_in_place(const std::string& path) {
  // /dev/stdout, /dev/fd/1, /proc/self/fd/1: names of open descriptors; replacing one (as root)
  // would put a regular file where the name was, and the descriptor would not see the content.
  const std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
  if (absolute.rfind("/dev/", 0) == 0 || absolute.rfind("/proc/", 0) == 0) return true;
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

std::string temporary_path_for(const std::string& path, pid_t pid) {
  return fmt::format("{}.tmp.{}", path, static_cast<long long>(pid));
}

AtomicFile::AtomicFile(std::string path, std::string action)
    : path_(std::move(path)),
      action_(std::move(action)),
      tmp_(is_written_in_place(path_) ? std::string() : temporary_path_for(path_, ::getpid())),
      out_(tmp_.empty() ? path_ : tmp_, OutputFile::Mode::truncate, action_, path_) {}

AtomicFile::~AtomicFile() {
  if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::commit() {
  DENDRITE_ASSERT(!committed_, "'{}' committed twice", path_);
  if (tmp_.empty()) {  // in place
    out_.close();
    committed_ = true;
    return;
  }
  out_.sync();
  out_.close();
  if (::rename(tmp_.c_str(), path_.c_str()) != 0)
    out_.fail(fmt::format("renaming '{}' to it failed: {}", tmp_, errno_text(errno)));
  committed_ = true;  // the temporary is now the target
  try {
    sync_folder(folder_of(path_));
  } catch (const Error& e) {
    out_.fail(e.what());
  }
}

void write_file_atomic(const std::string& path, std::string_view bytes, const std::string& action) {
  AtomicFile out(path, action);
  out.write(bytes);
  out.commit();
}

void write_file(const std::string& path, std::string_view bytes, const std::string& action) {
  OutputFile out(path, OutputFile::Mode::truncate, action);
  out.write(bytes);
  out.close();
}

void append_to_file(const std::string& path, std::string_view bytes, const std::string& action) {
  OutputFile out(path, OutputFile::Mode::append, action);
  out.write(bytes);
  out.close();
}

std::vector<std::string> remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> removed;
  const std::string prefix = fs::path(path).filename().string() + ".tmp.";
  std::error_code ec;
  for (fs::directory_iterator it(folder_of(path), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    std::error_code type_ec;
    if (pid <= 0 || pid == ::getpid() || process_is_running(pid) || !it->is_regular_file(type_ec)) continue;
    if (::unlink(it->path().c_str()) == 0) removed.push_back(it->path().string());
  }
  return removed;
}

void sync_folder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DENDRITE_CHECK(fd >= 0, "cannot open the folder '{}' to sync it: {}", folder, errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  DENDRITE_CHECK(rc == 0 || err == EINVAL, "syncing the folder '{}' failed: {}", folder, errno_text(err));
}

}  // namespace dendrite
