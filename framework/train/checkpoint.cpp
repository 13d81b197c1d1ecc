// Writing checkpoint files; the layout is described in checkpoint.h, the reader is in
// checkpoint_load.cpp.
#include "framework/train/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

#include "framework/core/error.h"
#include "framework/train/checkpoint_io.h"
#include "framework/train/crc32.h"

namespace dendrite {

const Tensor* Checkpoint::find(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return &t;
  return nullptr;
}

const Tensor& Checkpoint::tensor(const std::string& name) const {
  if (const Tensor* t = find(name)) return *t;
  std::string names;
  for (const auto& entry : tensors) names += (names.empty() ? "" : ", ") + entry.first;
  throw Error(fmt::format("checkpoint '{}' has no tensor '{}' (it has {} tensors: {})",
                          path.empty() ? std::string("<in memory>") : path, name, tensors.size(),
                          names.empty() ? std::string("none") : names));
}

namespace {

// The JSON header text, and where each tensor goes in the data section.
struct Plan {
  std::string header;
  std::vector<std::uint64_t> offsets;
  std::uint64_t data_bytes = 0;
};

Plan plan_file(const std::string& path, const Checkpoint& ckpt) {
  Plan plan;
  nlohmann::json table = nlohmann::json::array();
  std::set<std::string> seen;
  std::uint64_t end = 0;
  for (const auto& [name, t] : ckpt.tensors) {
    DENDRITE_CHECK(!name.empty(), "cannot save checkpoint '{}': a tensor has an empty name", path);
    DENDRITE_CHECK(seen.insert(name).second,
                   "cannot save checkpoint '{}': two tensors are named '{}'", path, name);
    DENDRITE_CHECK(t.numel() == shape_numel(t.shape()) && (t.raw() != nullptr || t.numel() == 0),
                   "cannot save checkpoint '{}': tensor '{}' is undefined", path, name);
    const std::uint64_t offset = align_up(end);
    plan.offsets.push_back(offset);
    end = offset + t.nbytes();
    table.push_back({{"name", name},
                     {"dtype", dtype_name(t.dtype())},
                     {"shape", t.shape()},
                     {"offset", offset},
                     {"nbytes", static_cast<std::uint64_t>(t.nbytes())}});
  }
  plan.data_bytes = end;
  nlohmann::json header = {{"meta", ckpt.meta}, {"data_bytes", end}, {"tensors", std::move(table)}};
  try {
    plan.header = header.dump();
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("cannot save checkpoint '{}': the metadata cannot be written as JSON: {}",
                            path, e.what()));
  }
  return plan;
}

// An open file that every written byte goes through, so the CRC is computed on the way.
class CrcFile {
 public:
  explicit CrcFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(fmt::format("cannot create '{}': {}", path, errno_text(errno)));
  }
  ~CrcFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  CrcFile(const CrcFile&) = delete;
  CrcFile& operator=(const CrcFile&) = delete;

  void write(const void* data, std::size_t n) {
    crc_ = crc32_update(crc_, data, n);
    write_raw(data, n);
  }
  void write_zeros(std::size_t n) {
    static const unsigned char kZeros[kCheckpointAlignment] = {};
    while (n > 0) {
      const std::size_t chunk = n < sizeof(kZeros) ? n : sizeof(kZeros);
      write(kZeros, chunk);
      n -= chunk;
    }
  }
  // The CRC of everything written so far, appended without being hashed itself.
  void write_crc() {
    unsigned char le[4];
    put_le(le, crc_, 4);
    write_raw(le, 4);
  }
  void sync_and_close() {
    if (::fsync(fd_) != 0) throw Error(fmt::format("fsync of '{}' failed: {}", path_, errno_text(errno)));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(fmt::format("closing '{}' failed: {}", path_, errno_text(errno)));
  }

 private:
  void write_raw(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0)
        throw Error(fmt::format("writing '{}' failed: {}", path_, errno_text(w < 0 ? errno : EIO)));
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }

  std::string path_;
  int fd_ = -1;
  std::uint32_t crc_ = 0;
};

void write_file(const std::string& file, const Checkpoint& ckpt, const Plan& plan) {
  CrcFile out(file);
  unsigned char prefix[kPrefixBytes];
  std::copy(kCheckpointMagic, kCheckpointMagic + 8, prefix);
  put_le(prefix + 8, kCheckpointVersion, 4);
  put_le(prefix + 12, plan.header.size(), 8);
  out.write(prefix, sizeof(prefix));
  out.write(plan.header.data(), plan.header.size());
  std::uint64_t pos = kPrefixBytes + plan.header.size();
  const std::uint64_t data_start = align_up(pos);
  out.write_zeros(data_start - pos);
  pos = 0;  // from here on, relative to data_start
  for (std::size_t i = 0; i < ckpt.tensors.size(); ++i) {
    const Tensor& t = ckpt.tensors[i].second;
    out.write_zeros(plan.offsets[i] - pos);
    out.write(t.raw(), t.nbytes());
    pos = plan.offsets[i] + t.nbytes();
  }
  out.write_crc();
  out.sync_and_close();
}

// Makes the rename itself durable. Filesystems that cannot sync directories say EINVAL.
void sync_directory(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DENDRITE_CHECK(fd >= 0, "saved checkpoint '{}' but cannot open its directory '{}' to sync it: {}",
                 path, dir, errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  DENDRITE_CHECK(rc == 0 || err == EINVAL, "saved checkpoint '{}' but syncing its directory '{}' failed: {}",
                 path, dir, errno_text(err));
}

}  // namespace

void save_checkpoint(const std::string& path, const Checkpoint& ckpt) {
  const Plan plan = plan_file(path, ckpt);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  try {
    write_file(tmp, ckpt, plan);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
      throw Error(fmt::format("renaming '{}' to '{}' failed: {}", tmp, path, errno_text(errno)));
  } catch (const Error& e) {
    ::unlink(tmp.c_str());
    throw Error(fmt::format("cannot save checkpoint '{}': {}", path, e.what()));
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  sync_directory(path);
}

}  // namespace dendrite
