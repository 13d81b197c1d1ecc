// Helpers shared by the data tests: IDX files written byte by byte (independently of the reader
// under test), and gzip compression (zlib's deflate, as gzip(1) writes it).
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace dendrite::testing {

using Bytes = std::vector<std::uint8_t>;

// Appends `n` bytes of `value`, most significant first.
inline void put_be(Bytes& b, std::uint64_t value, int n) {
  for (int shift = 8 * (n - 1); shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(value >> shift));
}
inline void put_f32(Bytes& b, float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, 4);
  put_be(b, u, 4);
}
inline void put_f64(Bytes& b, double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, 8);
  put_be(b, u, 8);
}

// An IDX header: 0, 0, type byte, number of dimensions, big-endian u32 dimensions.
inline Bytes idx_header(std::uint8_t type_code, const std::vector<std::uint32_t>& dims) {
  Bytes b{0, 0, type_code, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims) put_be(b, d, 4);
  return b;
}

// A whole u8 IDX file: header and values.
inline Bytes idx_u8_file(const std::vector<std::uint32_t>& dims, const Bytes& values) {
  Bytes b = idx_header(0x08, dims);
  b.insert(b.end(), values.begin(), values.end());
  return b;
}

inline void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  ASSERT_TRUE(out.good()) << path;
}

// The gzip file (one member) holding `data`.
inline Bytes gzip_bytes(const Bytes& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&z, static_cast<uLong>(data.size())) + 32);
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace dendrite::testing
