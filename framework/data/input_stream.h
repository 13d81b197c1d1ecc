// InputStream: a data file read front to back, decompressed on the fly (zlib) when it starts
// with the gzip magic bytes 0x1f 0x8b, whatever its name. The readers of every data format
// (IDX, CIFAR, NumPy .npy, CSV) read through it, so each accepts plain and gzip-compressed files
// alike, and every check they make applies to the decompressed bytes.
//
//   InputStream in("train-images-idx3-ubyte.gz", "IDX file");
//   std::uint8_t head[4];
//   in.read_exact(head, 4);                    // Error naming the file if the stream ends first
//   std::size_t got = in.read(buf, n);         // < n only at the end of the stream
//   if (in.gzip()) ...                         // in.size() is then unknown (-1)
//
// Errors (missing file, I/O error, corrupt or truncated gzip stream) throw dendrite::Error with the
// kind and path of the file and, for gzip, the decompressed offset and zlib's reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "framework/data/byte_source.h"

namespace dendrite {

class InputStream : public ByteSource {
 public:
  // kind names the file in messages ("IDX file", "CIFAR file").
  InputStream(const std::string& path, const std::string& kind);
  ~InputStream() override;
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  bool gzip() const { return gzip_; }
  // The length of the data: the file's length for a plain file; -1 for a gzip file (known only
  // once it has been read to the end).
  std::int64_t size() const override { return gzip_ ? -1 : file_size_; }
  // The file's length, or for a gzip file the most it can decompress to (max_gzip_expansion).
  std::int64_t max_size() const override;
  // The length of the file on disk (compressed, for a gzip file).
  std::int64_t file_size() const { return file_size_; }
  // Bytes of data delivered so far (decompressed bytes for a gzip file).
  std::int64_t position() const { return position_; }
  const std::string& path() const { return path_; }
  // "IDX file 'a.gz' (gzip)": how messages name the file.
  std::string describe() const override;

  // Reads up to n bytes into dst; returns the number read, fewer than n only at the end of the
  // data.
  std::size_t read(std::uint8_t* dst, std::size_t n) override;
  // Reads exactly n bytes, or throws Error: "<what> ended at byte <position> ...".
  void read_exact(std::uint8_t* dst, std::size_t n, const std::string& what);
  // Reads and discards the rest; returns how many bytes that was (0 at the end of the data).
  std::int64_t skip_rest();

 private:
  struct Gz;
  std::string path_, kind_;
  bool gzip_ = false;
  std::int64_t file_size_ = 0;
  std::int64_t position_ = 0;
  std::FILE* file_ = nullptr;  // plain files
  std::unique_ptr<Gz> gz_;     // gzip files
};

// True when the file at path starts with the gzip magic bytes (false for a missing or short file).
bool is_gzip_file(const std::string& path);

// The largest number of bytes a gzip file of `compressed_bytes` can decompress to: deflate
// expands at most about 1032:1, plus room for a file of many small members. Readers use it to
// refuse a header that declares more data than the file can hold before allocating for it.
std::int64_t max_gzip_expansion(std::int64_t compressed_bytes);

}  // namespace dendrite
