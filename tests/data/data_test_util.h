// Helpers shared by the data tests: IDX files written byte by byte (independently of the reader
// under test).
#pragma once

#include <gtest/gtest.h>

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

inline void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  ASSERT_TRUE(out.good()) << path;
}

}  // namespace dendrite::testing
