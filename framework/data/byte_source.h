// ByteSource: bytes read front to back from somewhere whose length may or may not be known in
// advance: a data file (InputStream: plain or gzip) or a member of a zip archive (NpzMember). The
// NumPy .npy reader reads through it, so a .npy file, a gzip-compressed one and an array inside a
// .npz archive go through one parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dendrite {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into dst; returns the number read, fewer than n only at the end of the
  // data. Corrupt data (a bad gzip or deflate stream, a CRC mismatch) throws Error.
  virtual std::size_t read(std::uint8_t* dst, std::size_t n) = 0;
  // How messages name the source: "NumPy file 'a.npy'", "array 'x.npy' in NumPy archive 'a.npz'".
  virtual std::string describe() const = 0;
  // The length of the data when known before reading it (a plain file), else -1.
  virtual std::int64_t size() const = 0;
  // An upper bound of the length of the data (a compressed stream can expand only so far):
  // readers refuse a header that declares more before setting memory aside for it.
  virtual std::int64_t max_size() const = 0;
};

}  // namespace dendrite
