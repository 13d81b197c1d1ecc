// Tests of InputStream (framework/data/input_stream.h): plain and gzip files read alike, chosen by
// the magic bytes, and every way a gzip stream can be broken reported with the file's name.
#include "framework/data/input_stream.h"

#include <gtest/gtest.h>

#include <numeric>

#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using testing::Bytes;
using test::expect_error;
using testing::gzip_bytes;
using test::TempDir;
using testing::write_bytes;

Bytes counting_bytes(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>((i * 7 + i / 251) & 0xff);
  return b;
}

Bytes read_all(const std::string& path) {
  InputStream in(path, "test file");
  Bytes out(1 << 20);
  out.resize(in.read(out.data(), out.size()));
  return out;
}

TEST(InputStream, PlainAndGzipFilesGiveTheSameBytesWhateverTheirNames) {
  TempDir dir;
  const Bytes data = counting_bytes(300000);
  const std::string plain = dir.file("data.gz"), gz = dir.file("data.bin");  // names say nothing
  write_bytes(plain, data);
  write_bytes(gz, gzip_bytes(data));
  EXPECT_FALSE(is_gzip_file(plain));
  EXPECT_TRUE(is_gzip_file(gz));
  EXPECT_FALSE(is_gzip_file(dir.file("missing")));
  EXPECT_EQ(read_all(plain), data);
  EXPECT_EQ(read_all(gz), data);

  InputStream in(gz, "test file");
  EXPECT_TRUE(in.gzip());
  EXPECT_EQ(in.size(), -1);
  EXPECT_EQ(in.file_size(), static_cast<std::int64_t>(std::filesystem::file_size(gz)));
  EXPECT_EQ(in.describe(), "test file '" + gz + "' (gzip)");
  Bytes head(10);
  in.read_exact(head.data(), head.size(), "the start");
  EXPECT_EQ(head, Bytes(data.begin(), data.begin() + 10));
  EXPECT_EQ(in.position(), 10);
  EXPECT_EQ(in.skip_rest(), 300000 - 10);
  EXPECT_EQ(in.skip_rest(), 0);

  InputStream p(plain, "test file");
  EXPECT_FALSE(p.gzip());
  EXPECT_EQ(p.size(), 300000);
}

TEST(InputStream, ConcatenatedGzipMembersReadAsOneStream) {
  // gzip(1) reads `cat a.gz b.gz` as the two files joined, and so does the reader.
  TempDir dir;
  const Bytes a = counting_bytes(1000), b(500, 9);
  Bytes both = gzip_bytes(a);
  const Bytes second = gzip_bytes(b);
  both.insert(both.end(), second.begin(), second.end());
  const std::string path = dir.file("two-members");
  write_bytes(path, both);
  Bytes expected = a;
  expected.insert(expected.end(), b.begin(), b.end());
  EXPECT_EQ(read_all(path), expected);
}

TEST(InputStream, ReadExactNamesWhatWasCut) {
  TempDir dir;
  const std::string path = dir.file("short");
  write_bytes(path, gzip_bytes(counting_bytes(5)));
  InputStream in(path, "test file");
  Bytes buf(8);
  expect_error([&] { in.read_exact(buf.data(), 8, "the header"); },
               {path, "(gzip)", "ended at byte 5", "the header", "bytes 0-7"});
}

TEST(InputStreamErrors, TruncatedGzipStream) {
  TempDir dir;
  const Bytes gz = gzip_bytes(counting_bytes(100000));
  const std::string path = dir.file("cut.gz");
  write_bytes(path, Bytes(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2)));
  expect_error([&] { read_all(path); }, {"test file '" + path + "'", "truncated gzip stream", "ends inside it"});
  // Only the magic bytes.
  write_bytes(path, {0x1f, 0x8b});
  expect_error([&] { read_all(path); }, {path, "truncated gzip stream", "after 0 decompressed bytes"});
}

TEST(InputStreamErrors, CorruptDeflateDataAndBadChecksum) {
  TempDir dir;
  const Bytes gz = gzip_bytes(counting_bytes(100000));
  const std::string path = dir.file("bad.gz");
  Bytes bad = gz;
  bad[10] = 0xff;  // the first deflate block header: an invalid block type
  write_bytes(path, bad);
  expect_error([&] { read_all(path); }, {path, "not a valid gzip stream", "invalid block type"});

  bad = gz;
  bad[bad.size() - 6] ^= 0x01;  // the CRC-32 of the trailer
  write_bytes(path, bad);
  expect_error([&] { read_all(path); }, {path, "not a valid gzip stream", "incorrect data check"});

  bad = gz;
  bad[bad.size() - 2] ^= 0x01;  // the length (ISIZE) of the trailer
  write_bytes(path, bad);
  expect_error([&] { read_all(path); }, {path, "not a valid gzip stream", "incorrect length check"});

  bad = gz;
  bad[2] = 0x07;  // compression method 7 instead of deflate (8)
  write_bytes(path, bad);
  expect_error([&] { read_all(path); }, {path, "not a valid gzip stream", "unknown compression method"});
}

TEST(InputStreamErrors, MissingFileAndDirectory) {
  TempDir dir;
  expect_error([&] { InputStream in(dir.file("none"), "CIFAR file"); }, {"CIFAR file", "none", "does not exist"});
  std::filesystem::create_directories(dir.file("sub"));
  expect_error([&] { InputStream in(dir.file("sub"), "CIFAR file"); }, {"sub", "is a directory"});
}

TEST(InputStream, ExpansionBoundCoversDeflatesWorstCase) {
  // All-zero data compresses best (about 1030:1); the bound holds above it.
  const Bytes zeros(4 << 20, 0);
  const Bytes gz = gzip_bytes(zeros);
  EXPECT_GE(max_gzip_expansion(static_cast<std::int64_t>(gz.size())), static_cast<std::int64_t>(zeros.size()));
  EXPECT_LT(max_gzip_expansion(static_cast<std::int64_t>(gz.size())), 2 * static_cast<std::int64_t>(zeros.size()));
  EXPECT_GT(max_gzip_expansion(INT64_MAX), 0);  // saturates instead of overflowing
}

}  // namespace
}  // namespace dendrite
