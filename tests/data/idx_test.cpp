// Tests of the IDX reader and writer (framework/data/idx.h) on small files written byte by byte.
#include "framework/data/idx.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using testing::Bytes;
using test::expect_error;
using testing::gzip_bytes;
using testing::idx_header;
using testing::put_be;
using testing::put_f32;
using testing::put_f64;
using test::TempDir;
using testing::write_bytes;

TEST(Idx, WriterAndReaderRoundTripU8) {
  TempDir dir;
  const std::string path = dir.file("a-idx2-ubyte");
  write_idx_u8(path, {2, 3}, {0, 1, 2, 127, 128, 255});

  const IdxHeader h = read_idx_header(path);
  EXPECT_EQ(h.type, IdxType::u8);
  EXPECT_EQ(h.dims, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(h.header_bytes, 12);
  EXPECT_EQ(std::filesystem::file_size(path), 12u + 6u);

  const IdxArray a = read_idx(path);
  EXPECT_EQ(a.type, IdxType::u8);
  EXPECT_EQ(a.dims, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.bytes.size(), 6u);  // stays one byte per value
  EXPECT_EQ(a.value(0), 0.0);
  EXPECT_EQ(a.value(4), 128.0);
  EXPECT_EQ(a.value(5), 255.0);

  const IdxTensor t = read_idx_f32(path);
  EXPECT_EQ(t.type, IdxType::u8);
  EXPECT_EQ(t.values.shape(), (Shape{2, 3}));
  EXPECT_EQ(t.values.f32()[3], 127.0f);
  EXPECT_EQ(t.values.f32()[5], 255.0f);
}

TEST(Idx, ReadsEverySignedAndFloatTypeBigEndian) {
  TempDir dir;
  struct Case {
    std::uint8_t code;
    IdxType type;
    Bytes data;
    std::vector<double> expected;
  };
  std::vector<Case> cases;
  {
    Bytes b{0x80, 0x7f, 0xff};
    cases.push_back({0x09, IdxType::i8, b, {-128, 127, -1}});
  }
  {
    Bytes b;
    put_be(b, static_cast<std::uint16_t>(-300), 2);
    put_be(b, 258, 2);
    put_be(b, 0x8000, 2);
    cases.push_back({0x0B, IdxType::i16, b, {-300, 258, -32768}});
  }
  {
    Bytes b;
    put_be(b, static_cast<std::uint32_t>(-70000), 4);
    put_be(b, 16777217, 4);
    put_be(b, 0x7fffffff, 4);
    cases.push_back({0x0C, IdxType::i32, b, {-70000, 16777217, 2147483647}});
  }
  {
    Bytes b;
    put_f32(b, 1.5f);
    put_f32(b, -2.25f);
    put_f32(b, 1e-3f);
    cases.push_back({0x0D, IdxType::f32, b, {1.5, -2.25, static_cast<double>(1e-3f)}});
  }
  {
    Bytes b;
    put_f64(b, 3.141592653589793);
    put_f64(b, -1e-300);
    put_f64(b, 0.1);
    cases.push_back({0x0E, IdxType::f64, b, {3.141592653589793, -1e-300, 0.1}});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(idx_type_name(c.type));
    const std::string path = dir.file(std::string("v-") + idx_type_name(c.type));
    Bytes file = idx_header(c.code, {3});
    file.insert(file.end(), c.data.begin(), c.data.end());
    write_bytes(path, file);

    const IdxArray a = read_idx(path);
    EXPECT_EQ(a.type, c.type);
    EXPECT_EQ(idx_type_code(c.type), c.code);
    EXPECT_EQ(a.bytes.size(), 3 * idx_type_size(c.type));
    const IdxTensor t = read_idx_f32(path);
    const Tensor converted = a.to_f32();
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(a.value(i), c.expected[static_cast<std::size_t>(i)]) << i;  // exact for every type
      EXPECT_EQ(t.values.f32()[i], static_cast<float>(c.expected[static_cast<std::size_t>(i)])) << i;
      EXPECT_EQ(converted.f32()[i], t.values.f32()[i]) << i;
    }
  }
}

TEST(Idx, ReadsFilesLargerThanOneChunk) {
  // 300,000 f32 values = 1.2 MB: crosses the reader's 1 MiB chunk boundary.
  TempDir dir;
  const std::string path = dir.file("big-f32");
  constexpr std::uint32_t kN = 300000;
  Bytes file = idx_header(0x0D, {kN / 100, 100});
  for (std::uint32_t i = 0; i < kN; ++i) put_f32(file, static_cast<float>(i) * 0.5f);
  write_bytes(path, file);
  const IdxTensor t = read_idx_f32(path);
  ASSERT_EQ(t.values.shape(), (Shape{3000, 100}));
  for (std::uint32_t i : {0u, 1u, 262143u, 262144u, 262145u, kN - 1}) EXPECT_EQ(t.values.f32()[i], i * 0.5f) << i;
  const IdxArray a = read_idx(path);
  EXPECT_EQ(a.value(262144), 131072.0);
  EXPECT_EQ(a.value(kN - 1), (kN - 1) * 0.5);

  // A NaN in the second chunk is reported with its element index, multi-index and byte offset.
  const std::size_t nan_at = 290001;
  Bytes nan_bits;
  put_f32(nan_bits, std::numeric_limits<float>::quiet_NaN());
  std::copy(nan_bits.begin(), nan_bits.end(), file.begin() + 12 + 4 * static_cast<std::ptrdiff_t>(nan_at));
  write_bytes(path, file);
  for (const auto& read : {std::function<void()>([&] { read_idx(path); }),
                           std::function<void()>([&] { read_idx_f32(path); })}) {
    expect_error(read, {path, "not finite", "element 290001", "[2900, 1]", "byte 1160016"});
  }
}

// ---- gzip: the same reader on the decompressed bytes ----

TEST(IdxGzip, CompressedFileReadsAsThePlainOne) {
  TempDir dir;
  Bytes file = idx_header(0x0D, {3000, 100});  // 1.2 MB of f32: more than one chunk
  for (std::uint32_t i = 0; i < 300000; ++i) put_f32(file, static_cast<float>(i % 1000) * 0.25f);
  const std::string plain = dir.file("x-idx2"), gz = dir.file("x-idx2.gz");
  write_bytes(plain, file);
  write_bytes(gz, gzip_bytes(file));
  const IdxHeader h = read_idx_header(gz);
  EXPECT_EQ(h.type, IdxType::f32);
  EXPECT_EQ(h.dims, (std::vector<std::int64_t>{3000, 100}));
  const IdxTensor a = read_idx_f32(plain), b = read_idx_f32(gz);
  ASSERT_EQ(b.values.shape(), a.values.shape());
  EXPECT_EQ(std::memcmp(a.values.f32(), b.values.f32(), a.values.nbytes()), 0);
  EXPECT_EQ(read_idx(gz).bytes, read_idx(plain).bytes);
}

TEST(IdxGzip, EveryCheckAppliesToTheDecompressedBytes) {
  TempDir dir;
  const std::string path = dir.file("bad.gz");
  Bytes b = idx_header(0x08, {4, 5});
  b.resize(b.size() + 17, 0);  // 3 bytes short
  write_bytes(path, gzip_bytes(b));
  EXPECT_NO_THROW(read_idx_header(path));  // the length is known only once it is decompressed
  expect_error([&] { read_idx(path); },
               {path, "(gzip)", "shape [4, 5] of u8", "needs 20 data bytes", "decompressed stream has 17", "truncated"});
  b.resize(b.size() + 3 + 2, 0);  // 2 bytes too many
  write_bytes(path, gzip_bytes(b));
  expect_error([&] { read_idx_f32(path); }, {path, "needs 20 data bytes", "has 22", "trailing bytes"});

  Bytes magic = idx_header(0x08, {1});
  magic[0] = 0x01;
  magic.push_back(0);
  write_bytes(path, gzip_bytes(magic));
  expect_error([&] { read_idx(path); }, {path, "(gzip)", "bad magic number", "0x01 0x00"});

  write_bytes(path, gzip_bytes({0, 0, 8}));
  expect_error([&] { read_idx(path); }, {path, "3 bytes decompressed", "4-byte start"});
  write_bytes(path, gzip_bytes({}));
  expect_error([&] { read_idx(path); }, {path, "empty (0 bytes decompressed)"});
  Bytes cut = idx_header(0x08, {5, 5});
  cut.resize(9);
  write_bytes(path, gzip_bytes(cut));
  expect_error([&] { read_idx(path); }, {path, "9 bytes decompressed", "2 dimensions need a 12-byte header"});

  Bytes nan = idx_header(0x0D, {2});
  put_f32(nan, 0.5f);
  put_f32(nan, std::numeric_limits<float>::quiet_NaN());
  write_bytes(path, gzip_bytes(nan));
  expect_error([&] { read_idx_f32(path); }, {path, "element 1", "byte 12", "not finite"});
}

TEST(IdxGzip, HeaderDeclaringMoreThanTheFileCanHoldIsRefusedBeforeAllocating) {
  // 10^12 bytes declared in a file of a few dozen bytes: refused from the header, so neither the
  // header reader nor the loaders try to set aside a terabyte.
  TempDir dir;
  const std::string path = dir.file("bomb.gz");
  write_bytes(path, gzip_bytes(idx_header(0x08, {1000000, 1000, 1000})));
  for (const auto& read : {std::function<void()>([&] { read_idx_header(path); }),
                           std::function<void()>([&] { read_idx(path); }),
                           std::function<void()>([&] { read_idx_f32(path); })}) {
    expect_error(read, {path, "[1000000, 1000, 1000]", "needs 1000000000000 data bytes",
                        "more than a", "gzip file can hold"});
  }
}

TEST(IdxGzip, CorruptStreamNamesTheFile) {
  TempDir dir;
  Bytes file = idx_header(0x08, {100, 100});
  for (int i = 0; i < 10000; ++i) file.push_back(static_cast<std::uint8_t>(i * 13));
  const Bytes gz = gzip_bytes(file);
  const std::string path = dir.file("cut.gz");
  write_bytes(path, Bytes(gz.begin(), gz.end() - 20));
  expect_error([&] { read_idx(path); }, {"IDX file '" + path + "'", "truncated gzip stream"});
  Bytes bad = gz;
  bad[bad.size() - 5] ^= 0x10;  // the CRC-32
  write_bytes(path, bad);
  expect_error([&] { read_idx_f32(path); }, {"IDX file '" + path + "'", "not a valid gzip stream", "incorrect data check"});
}

// ---- every error names the file and the problem ----

TEST(IdxErrors, MissingFile) {
  TempDir dir;
  const std::string path = dir.file("nothing-here");
  expect_error([&] { read_idx(path); }, {path, "does not exist"});
  expect_error([&] { read_idx_header(path); }, {path, "does not exist"});
  expect_error([&] { read_idx_f32(path); }, {path, "does not exist"});
}

TEST(IdxErrors, DirectoryIsNotAFile) {
  TempDir dir;
  const std::string path = dir.file("subdir");
  std::filesystem::create_directories(path);
  expect_error([&] { read_idx(path); }, {path, "is a directory"});
}

TEST(IdxErrors, UnreadableFile) {
  // A real limit of the environment, not a broken setup: root (CAP_DAC_OVERRIDE, as in CI
  // containers) opens files whatever their permission bits, so this error cannot be provoked.
  if (::geteuid() == 0) GTEST_SKIP() << "root can read files without read permission";
  TempDir dir;
  const std::string path = dir.file("locked");
  write_idx_u8(path, {1}, {7});
  std::filesystem::permissions(path, std::filesystem::perms::none);
  expect_error([&] { read_idx(path); }, {path, "cannot open", "Permission denied"});
}

TEST(IdxErrors, EmptyFile) {
  TempDir dir;
  const std::string path = dir.file("empty");
  write_bytes(path, {});
  expect_error([&] { read_idx(path); }, {path, "empty", "0 bytes"});
}

TEST(IdxErrors, ShorterThanTheHeaderStart) {
  TempDir dir;
  const std::string path = dir.file("three-bytes");
  write_bytes(path, {0, 0, 8});
  expect_error([&] { read_idx(path); }, {path, "3 bytes", "4-byte start of an IDX header"});
}

TEST(IdxErrors, ShorterThanItsDimensions) {
  TempDir dir;
  const std::string path = dir.file("cut-header");
  Bytes b = idx_header(0x08, {5, 5});
  b.resize(9);  // the second dimension is cut
  write_bytes(path, b);
  expect_error([&] { read_idx(path); }, {path, "9 bytes", "shorter than its header", "2 dimensions", "12-byte"});
}

TEST(IdxErrors, BadMagic) {
  TempDir dir;
  const std::string path = dir.file("bad-magic");
  Bytes b = idx_header(0x08, {1});
  b[1] = 0x03;
  b.push_back(1);
  write_bytes(path, b);
  expect_error([&] { read_idx(path); }, {path, "bad magic", "bytes 0-1", "0x00 0x03"});
}

TEST(IdxErrors, UnknownTypeByte) {
  TempDir dir;
  const std::string path = dir.file("type-0a");
  Bytes b = idx_header(0x0A, {1});
  b.push_back(0);
  write_bytes(path, b);
  expect_error([&] { read_idx(path); }, {path, "unknown type byte 0x0a", "byte 2"});
}

TEST(IdxErrors, ZeroOrTooManyDimensions) {
  TempDir dir;
  const std::string zero = dir.file("zero-dims");
  write_bytes(zero, {0, 0, 0x08, 0, 1, 2, 3});
  expect_error([&] { read_idx(zero); }, {zero, "declares 0 dimensions", "byte 3", "1 to 8"});

  const std::string nine = dir.file("nine-dims");
  Bytes b = idx_header(0x08, std::vector<std::uint32_t>(9, 1));
  b.push_back(0);
  write_bytes(nine, b);
  expect_error([&] { read_idx(nine); }, {nine, "declares 9 dimensions", "1 to 8"});
}

TEST(IdxErrors, ZeroDimension) {
  TempDir dir;
  const std::string path = dir.file("zero-dim");
  write_bytes(path, idx_header(0x08, {3, 0, 2}));
  expect_error([&] { read_idx(path); }, {path, "dimension 1", "bytes 8-11", "equal to 0"});
}

TEST(IdxErrors, DimensionProductOverflows) {
  TempDir dir;
  const std::string path = dir.file("huge");
  write_bytes(path, idx_header(0x0E, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}));
  expect_error([&] { read_idx(path); }, {path, "[4294967295, 4294967295, 4294967295]", "overflows"});
}

TEST(IdxErrors, TruncatedData) {
  TempDir dir;
  const std::string path = dir.file("truncated");
  Bytes b = idx_header(0x0B, {2, 5});  // 10 i16 values = 20 bytes
  b.resize(b.size() + 17, 0);
  write_bytes(path, b);
  expect_error([&] { read_idx(path); }, {path, "shape [2, 5] of i16", "needs 20 data bytes", "has 17", "truncated"});
}

TEST(IdxErrors, TrailingBytes) {
  TempDir dir;
  const std::string path = dir.file("trailing");
  Bytes b = idx_header(0x08, {4});
  b.resize(b.size() + 6, 0);
  write_bytes(path, b);
  expect_error([&] { read_idx_f32(path); }, {path, "needs 4 data bytes", "has 6", "trailing bytes"});
  expect_error([&] { read_idx_header(path); }, {path, "trailing bytes"});
}

TEST(IdxErrors, NaNAndInfInFloatData) {
  TempDir dir;
  const std::string f32 = dir.file("nan-f32");
  Bytes b = idx_header(0x0D, {3});
  put_f32(b, 1.0f);
  put_f32(b, std::numeric_limits<float>::quiet_NaN());
  put_f32(b, 2.0f);
  write_bytes(f32, b);
  expect_error([&] { read_idx(f32); }, {f32, "f32 value nan", "element 1", "byte 12", "not finite"});
  expect_error([&] { read_idx_f32(f32); }, {f32, "element 1", "not finite"});

  const std::string f64 = dir.file("inf-f64");
  b = idx_header(0x0E, {2, 2});
  put_f64(b, 0.0);
  put_f64(b, 0.0);
  put_f64(b, 0.0);
  put_f64(b, -std::numeric_limits<double>::infinity());
  write_bytes(f64, b);
  expect_error([&] { read_idx(f64); }, {f64, "f64 value -inf", "element 3", "[1, 1]", "byte 36", "not finite"});
}

TEST(IdxErrors, F64TooLargeForF32) {
  TempDir dir;
  const std::string path = dir.file("big-f64");
  Bytes b = idx_header(0x0E, {2});
  put_f64(b, 1.0);
  put_f64(b, 1e300);
  write_bytes(path, b);
  EXPECT_EQ(read_idx(path).value(1), 1e300);  // fine as f64
  expect_error([&] { read_idx_f32(path); }, {path, "element 1", "too large for f32"});
}

TEST(IdxErrors, WriterChecksItsArguments) {
  TempDir dir;
  const std::string path = dir.file("out");
  expect_error([&] { write_idx_u8(path, {}, {}); }, {path, "0 dimensions"});
  expect_error([&] { write_idx_u8(path, std::vector<std::int64_t>(9, 1), {1}); }, {path, "9 dimensions"});
  expect_error([&] { write_idx_u8(path, {2, 0}, {}); }, {path, "dimension 1 is 0"});
  expect_error([&] { write_idx_u8(path, {2, 3}, {1, 2, 3}); }, {path, "holds 6 values but 3 were given"});
  const std::string nowhere = dir.file("no-such-dir/out");
  expect_error([&] { write_idx_u8(nowhere, {1}, {1}); }, {nowhere, "cannot create"});
}

}  // namespace
}  // namespace dendrite
