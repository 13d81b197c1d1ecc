// Helpers shared by the data tests: a scratch directory per test, IDX files written byte by
// byte (independently of the reader under test), gzip compression (zlib's deflate, as gzip(1)
// writes it), and a check on error messages.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "framework/core/error.h"

namespace dendrite::testing {

// A fresh directory named after the running test, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("dendrite-data-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

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

// Expects fn to throw dendrite::Error whose message contains every one of `parts`.
inline void expect_error(const std::function<void()>& fn, const std::vector<std::string>& parts) {
  try {
    fn();
    ADD_FAILURE() << "no dendrite::Error thrown; expected a message with '" << parts.front() << "'";
  } catch (const InternalError& e) {
    ADD_FAILURE() << "internal error instead of a user error: " << e.what();
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const std::string& p : parts)
      EXPECT_NE(message.find(p), std::string::npos) << "'" << p << "' not in: " << message;
  }
}

}  // namespace dendrite::testing
