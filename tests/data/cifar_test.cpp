// Tests of the CIFAR binary reader (framework/data/cifar.h) on files written record by record:
// the channel-major to channel-last layout, the two CIFAR-100 labels, several batches in order,
// gzip, and every malformed file named with its length or record.
#include "framework/data/cifar.h"

#include <gtest/gtest.h>

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

// The stored value of channel ch of pixel (r, c) in record `record`: distinct across the three.
std::uint8_t pixel(int record, int r, int c, int ch) { return static_cast<std::uint8_t>(record * 31 + ch * 97 + r * 7 + c); }

// `n` records starting at record number `first`, with the given label bytes per record.
Bytes records(int first, int n, const std::vector<std::vector<std::uint8_t>>& labels) {
  Bytes b;
  for (int i = 0; i < n; ++i) {
    const auto& l = labels[static_cast<std::size_t>(i)];
    b.insert(b.end(), l.begin(), l.end());
    for (int ch = 0; ch < 3; ++ch)  // channel-major: the red plane, the green plane, the blue plane
      for (int r = 0; r < 32; ++r)
        for (int c = 0; c < 32; ++c) b.push_back(pixel(first + i, r, c, ch));
  }
  return b;
}

void expect_pixels(const Dataset& d, std::int64_t row, int record) {
  const float* x = d.images.f32() + row * kCifarImageBytes;
  for (int r : {0, 5, 31})
    for (int c : {0, 17, 31})
      for (int ch = 0; ch < 3; ++ch)
        ASSERT_EQ(x[(r * 32 + c) * 3 + ch], pixel(record, r, c, ch) / 255.0f) << row << " " << r << " " << c << " " << ch;
}

TEST(Cifar, RecordsBecomeChannelLastImagesInFileOrder) {
  TempDir dir;
  const std::string a = dir.file("data_batch_1.bin"), b = dir.file("data_batch_2.bin");
  write_bytes(a, records(0, 3, {{3}, {0}, {9}}));
  write_bytes(b, gzip_bytes(records(3, 2, {{1}, {7}})));  // a compressed batch reads the same
  const Dataset d = load_cifar({a, b}, 1, 0, 10);
  EXPECT_EQ(d.images.shape(), (Shape{5, 3072}));
  EXPECT_EQ(d.sample_shape, (Shape{32, 32, 3}));
  EXPECT_EQ(d.num_classes, 10);
  EXPECT_EQ(std::vector<std::int32_t>(d.labels.i32(), d.labels.i32() + 5), (std::vector<std::int32_t>{3, 0, 9, 1, 7}));
  for (int i = 0; i < 5; ++i) expect_pixels(d, i, i);
  EXPECT_EQ(d.images_file, a + ", " + b);
}

TEST(Cifar, Cifar100HasCoarseThenFineLabels) {
  TempDir dir;
  const std::string path = dir.file("train.bin");
  write_bytes(path, records(0, 2, {{19, 99}, {4, 30}}));
  const Dataset fine = load_cifar({path}, 2, 1, 100);
  const Dataset coarse = load_cifar({path}, 2, 0, 20);
  EXPECT_EQ(fine.labels.i32()[0], 99);
  EXPECT_EQ(fine.labels.i32()[1], 30);
  EXPECT_EQ(coarse.labels.i32()[0], 19);
  EXPECT_EQ(coarse.labels.i32()[1], 4);
  expect_pixels(fine, 1, 1);  // images start after both label bytes
  EXPECT_EQ(coarse.num_classes, 20);
}

TEST(CifarErrors, LengthNotAWholeNumberOfRecords) {
  TempDir dir;
  const std::string path = dir.file("data_batch_3.bin");
  Bytes b = records(0, 2, {{1}, {2}});
  b.resize(b.size() - 1);
  write_bytes(path, b);
  expect_error([&] { load_cifar({path}, 1, 0, 10); },
               {"CIFAR file '" + path + "'", "is 6145 bytes", "not a whole number of 3073-byte records",
                "1 label byte + 3072 pixel bytes", "10,000 records are 30730000 bytes"});
  // The same for CIFAR-100's 3074-byte records, in a compressed file (decompressed length).
  b = records(0, 1, {{1, 2}});
  b.push_back(0);
  write_bytes(path, gzip_bytes(b));
  expect_error([&] { load_cifar({path}, 2, 1, 100); },
               {path, "(gzip)", "3075 bytes decompressed", "3074-byte records", "2 label bytes"});
  write_bytes(path, {});
  expect_error([&] { load_cifar({path}, 1, 0, 10); }, {path, "is 0 bytes"});
}

TEST(CifarErrors, LabelOutsideTheClasses) {
  TempDir dir;
  const std::string a = dir.file("a.bin"), b = dir.file("b.bin");
  write_bytes(a, records(0, 2, {{1}, {2}}));
  write_bytes(b, records(0, 3, {{1}, {2}, {10}}));
  // Record 2 of the second file: its index in that file, and its byte offset.
  expect_error([&] { load_cifar({a, b}, 1, 0, 10); },
               {"CIFAR file '" + b + "'", "record 2 (byte 6146)", "label 10", "[0, 10)"});
  write_bytes(b, records(0, 1, {{25, 3}}));
  expect_error([&] { load_cifar({b}, 2, 0, 20); }, {b, "record 0 (byte 0)", "label 25", "[0, 20)"});
}

TEST(CifarErrors, MissingOrCorruptFiles) {
  TempDir dir;
  const std::string good = dir.file("good.bin"), missing = dir.file("test_batch.bin");
  write_bytes(good, records(0, 1, {{0}}));
  expect_error([&] { load_cifar({good, missing}, 1, 0, 10); }, {"CIFAR file '" + missing + "' does not exist"});
  const Bytes gz = gzip_bytes(records(0, 4, {{0}, {1}, {2}, {3}}));
  write_bytes(missing, Bytes(gz.begin(), gz.begin() + 100));
  expect_error([&] { load_cifar({missing}, 1, 0, 10); }, {missing, "truncated gzip stream"});
  expect_error([&] { load_cifar({}, 1, 0, 10); }, {"no files"});
  expect_error([&] { load_cifar({good}, 1, 1, 10); }, {"label byte 1 of 1"});
}

}  // namespace
}  // namespace dendrite
