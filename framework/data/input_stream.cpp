#include "framework/data/input_stream.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "framework/core/error.h"

namespace dendrite {

namespace {
constexpr std::uint8_t kGzipMagic[2] = {0x1f, 0x8b};
constexpr unsigned kGzipBufferBytes = 1u << 17;
// deflate's largest expansion (zlib's technical notes: 1032:1), plus the gzip headers of a file
// made of many tiny members.
constexpr std::int64_t kMaxDeflateRatio = 1032;
constexpr std::int64_t kExpansionSlack = 1 << 16;
}  // namespace

struct InputStream::Gz {
  gzFile file = nullptr;
  ~Gz() {
    if (file != nullptr) gzclose_r(file);
  }
};

bool is_gzip_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::uint8_t head[2] = {0, 0};
  const bool gzip = std::fread(head, 1, 2, f) == 2 && head[0] == kGzipMagic[0] && head[1] == kGzipMagic[1];
  std::fclose(f);
  return gzip;
}

std::int64_t max_gzip_expansion(std::int64_t compressed_bytes) {
  const std::int64_t limit = INT64_MAX / kMaxDeflateRatio - kExpansionSlack;
  return std::min(compressed_bytes, limit) * kMaxDeflateRatio + kExpansionSlack;
}

InputStream::InputStream(const std::string& path, const std::string& kind) : path_(path), kind_(kind) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  DENDRITE_CHECK(fs::exists(st), "{} '{}' does not exist", kind_, path);
  DENDRITE_CHECK(!fs::is_directory(st), "{} '{}' is a directory, not a file", kind_, path);
  const std::uintmax_t size = fs::file_size(path, ec);
  DENDRITE_CHECK(!ec, "cannot get the size of {} '{}': {}", kind_, path, ec.message());
  file_size_ = static_cast<std::int64_t>(size);
  gzip_ = is_gzip_file(path);
  if (gzip_) {
    gz_ = std::make_unique<Gz>();
    gz_->file = gzopen(path.c_str(), "rb");
    DENDRITE_CHECK(gz_->file != nullptr, "cannot open {} '{}': {}", kind_, path,
                   errno ? std::strerror(errno) : "out of memory");
    gzbuffer(gz_->file, kGzipBufferBytes);
  } else {
    file_ = std::fopen(path.c_str(), "rb");
    DENDRITE_CHECK(file_ != nullptr, "cannot open {} '{}': {}", kind_, path, std::strerror(errno));
  }
}

InputStream::~InputStream() {
  if (file_ != nullptr) std::fclose(file_);
}

std::int64_t InputStream::max_size() const { return gzip_ ? max_gzip_expansion(file_size_) : file_size_; }

std::string InputStream::describe() const {
  return fmt::format("{} '{}'{}", kind_, path_, gzip_ ? " (gzip)" : "");
}

std::size_t InputStream::read(std::uint8_t* dst, std::size_t n) {
  std::size_t done = 0;
  if (!gzip_) {
    done = std::fread(dst, 1, n, file_);
    DENDRITE_CHECK(done == n || !std::ferror(file_), "read error in {} '{}' at byte {}: {}", kind_, path_,
                   position_ + static_cast<std::int64_t>(done), std::strerror(errno));
    position_ += static_cast<std::int64_t>(done);
    return done;
  }
  while (done < n) {
    const auto want = static_cast<unsigned>(std::min<std::size_t>(n - done, INT_MAX / 2));
    const int got = gzread(gz_->file, dst + done, want);
    int code = Z_OK;
    const char* reason = gzerror(gz_->file, &code);
    if (got > 0) done += static_cast<std::size_t>(got);
    // A short read is the end of the data, unless zlib reports why it stopped: Z_BUF_ERROR is a
    // file that ends inside a gzip stream, Z_DATA_ERROR a corrupt stream (bad block, bad CRC).
    if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR)) {
      std::string why = code == Z_ERRNO ? std::strerror(errno) : reason;
      if (why.rfind(path_ + ": ", 0) == 0) why.erase(0, path_.size() + 2);  // zlib prefixes the path
      throw Error(fmt::format("{} '{}' is not a valid gzip stream: {} (after {} decompressed bytes)", kind_, path_,
                              why, position_ + static_cast<std::int64_t>(done)));
    }
    if (code == Z_BUF_ERROR) {
      throw Error(fmt::format("{} '{}' is a truncated gzip stream: the file ends inside it (after {} decompressed "
                              "bytes)",
                              kind_, path_, position_ + static_cast<std::int64_t>(done)));
    }
    if (static_cast<unsigned>(got) < want) break;
  }
  position_ += static_cast<std::int64_t>(done);
  return done;
}

void InputStream::read_exact(std::uint8_t* dst, std::size_t n, const std::string& what) {
  const std::int64_t start = position_;
  const std::size_t got = read(dst, n);
  if (got == n) return;
  throw Error(fmt::format("{} ended at byte {} while reading {} (bytes {}-{}){}", describe(),
                          start + static_cast<std::int64_t>(got), what, start, start + static_cast<std::int64_t>(n) - 1,
                          gzip_ ? "" : " (was it changed while being read?)"));
}

std::int64_t InputStream::skip_rest() {
  std::vector<std::uint8_t> buffer(kGzipBufferBytes);
  std::int64_t skipped = 0;
  for (;;) {
    const std::size_t got = read(buffer.data(), buffer.size());
    skipped += static_cast<std::int64_t>(got);
    if (got < buffer.size()) return skipped;
  }
}

}  // namespace dendrite
