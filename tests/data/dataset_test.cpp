#include "framework/data/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "framework/data/idx.h"
#include "tests/common/expect_error.h"
#include "tests/common/mnist_data.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using testing::Bytes;
using test::expect_error;
using testing::idx_header;
using testing::put_f32;
using test::TempDir;
using testing::write_bytes;

// A data set of n samples with the given features and labels, for the in-memory operations.
Dataset make_dataset(const std::vector<std::vector<float>>& rows, const std::vector<std::int32_t>& labels) {
  Dataset d;
  const auto n = static_cast<std::int64_t>(rows.size());
  const auto f = static_cast<std::int64_t>(rows.empty() ? 0 : rows[0].size());
  std::vector<float> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  d.images = Tensor::from_f32({n, f}, flat);
  d.labels = Tensor::from_i32({n}, labels);
  d.sample_shape = {f, 1, 1};
  d.num_classes = 1 + *std::max_element(labels.begin(), labels.end());
  d.name = "toy";
  return d;
}

// Sample i has every feature equal to i, so rows can be traced through reorderings.
Dataset numbered_dataset(const std::vector<std::int32_t>& labels, std::int64_t features = 3) {
  std::vector<std::vector<float>> rows;
  for (std::size_t i = 0; i < labels.size(); ++i)
    rows.emplace_back(static_cast<std::size_t>(features), static_cast<float>(i));
  return make_dataset(rows, labels);
}

TEST(DatasetLoad, U8ImagesAreScaledAndFlattened) {
  TempDir dir;
  const std::string images = dir.file("img-idx3-ubyte"), labels = dir.file("lab-idx1-ubyte");
  std::vector<std::uint8_t> pixels(3 * 2 * 2);
  std::iota(pixels.begin(), pixels.end(), 0);
  pixels[11] = 255;
  write_idx_u8(images, {3, 2, 2}, pixels);
  write_idx_u8(labels, {3}, {4, 0, 9});

  const Dataset d = load_idx_dataset(images, labels, 10);
  EXPECT_EQ(d.size(), 3);
  EXPECT_EQ(d.features(), 4);
  EXPECT_EQ(d.images.shape(), (Shape{3, 4}));
  EXPECT_EQ(d.sample_shape, (Shape{2, 2, 1}));
  EXPECT_EQ(d.num_classes, 10);
  EXPECT_EQ(d.name, "img-idx3-ubyte");
  EXPECT_EQ(d.images.f32()[0], 0.0f);
  EXPECT_EQ(d.images.f32()[5], 5.0f / 255.0f);
  EXPECT_EQ(d.images.f32()[11], 1.0f);
  EXPECT_EQ(std::vector<std::int32_t>(d.labels.i32(), d.labels.i32() + 3), (std::vector<std::int32_t>{4, 0, 9}));
  check_dataset(d, "test");
}

TEST(DatasetLoad, NumClassesDefaultsToMaxLabelPlusOne) {
  TempDir dir;
  const std::string images = dir.file("img"), labels = dir.file("lab");
  write_idx_u8(images, {4, 1}, {1, 2, 3, 4});
  write_idx_u8(labels, {4, 1}, {0, 6, 2, 6});  // (N, 1) labels are accepted
  EXPECT_EQ(load_idx_dataset(images, labels, 0).num_classes, 7);
  EXPECT_EQ(load_idx_dataset(images, labels, -1).num_classes, 7);
}

TEST(DatasetLoad, FloatImagesAreKeptAsTheyAreAndShapesMapToHWC) {
  TempDir dir;
  const std::string labels = dir.file("lab");
  write_idx_u8(labels, {2}, {1, 0});

  const std::string flat = dir.file("flat-f32");
  Bytes b = idx_header(0x0D, {2, 3});
  for (float v : {2.5f, -1.0f, 0.0f, 300.0f, 0.25f, 1.0f}) put_f32(b, v);
  write_bytes(flat, b);
  const Dataset d = load_idx_dataset(flat, labels, 2);
  EXPECT_EQ(d.sample_shape, (Shape{3, 1, 1}));
  EXPECT_EQ(d.images.f32()[0], 2.5f);
  EXPECT_EQ(d.images.f32()[1], -1.0f);
  EXPECT_EQ(d.images.f32()[3], 300.0f);

  const std::string rgb = dir.file("rgb");
  write_idx_u8(rgb, {2, 2, 3, 3}, std::vector<std::uint8_t>(36, 51));
  const Dataset c = load_idx_dataset(rgb, labels, 2);
  EXPECT_EQ(c.sample_shape, (Shape{2, 3, 3}));
  EXPECT_EQ(c.images.shape(), (Shape{2, 18}));
  EXPECT_FLOAT_EQ(c.images.f32()[35], 0.2f);

  const std::string scalar = dir.file("scalar");
  write_idx_u8(scalar, {2}, {0, 255});
  EXPECT_EQ(load_idx_dataset(scalar, labels, 2).sample_shape, (Shape{1, 1, 1}));

  const std::string rank5 = dir.file("rank5");
  write_idx_u8(rank5, {2, 1, 1, 1, 1}, {0, 0});
  expect_error([&] { load_idx_dataset(rank5, labels, 2); }, {rank5, "[2, 1, 1, 1, 1]", "(N, H, W, C)"});
}

TEST(DatasetLoad, NonFiniteFloatImagesAreRejected) {
  TempDir dir;
  const std::string images = dir.file("inf-images"), labels = dir.file("lab");
  Bytes b = idx_header(0x0D, {2, 1});
  put_f32(b, 0.5f);
  put_f32(b, INFINITY);
  write_bytes(images, b);
  write_idx_u8(labels, {2}, {0, 1});
  expect_error([&] { load_idx_dataset(images, labels, 2); }, {images, "element 1", "not finite"});
}

TEST(DatasetLoad, CountMismatchNamesBothFilesAndCounts) {
  TempDir dir;
  const std::string images = dir.file("img"), labels = dir.file("lab");
  write_idx_u8(images, {3, 2}, std::vector<std::uint8_t>(6, 0));
  write_idx_u8(labels, {5}, {0, 1, 0, 1, 0});
  expect_error([&] { load_idx_dataset(images, labels, 2); }, {images, labels, "3 images", "5 labels"});
}

TEST(DatasetLoad, LabelsOutOfRangeNameFileIndexAndValue) {
  TempDir dir;
  const std::string images = dir.file("img"), labels = dir.file("lab");
  write_idx_u8(images, {4, 1}, {0, 0, 0, 0});
  write_idx_u8(labels, {4}, {0, 1, 9, 10});
  expect_error([&] { load_idx_dataset(images, labels, 10); }, {labels, "index 3", "is 10", "[0, 10)"});

  write_bytes(labels, Bytes{0, 0, 0x09, 1, 0, 0, 0, 4, 0, 1, 0xFE, 0});  // i8 labels: 0, 1, -2, 0
  expect_error([&] { load_idx_dataset(images, labels, 0); }, {labels, "index 2", "is -2"});

  Bytes f = idx_header(0x0D, {4});
  for (float v : {0.0f, 1.0f, 1.5f, 2.0f}) put_f32(f, v);
  write_bytes(labels, f);
  expect_error([&] { load_idx_dataset(images, labels, 3); }, {labels, "index 2", "is 1.5", "integer"});

  write_idx_u8(labels, {2, 2}, {0, 1, 1, 0});
  expect_error([&] { load_idx_dataset(images, labels, 2); }, {labels, "[2, 2]", "(N) or (N, 1)"});
}

TEST(DatasetLoad, MissingFilesAreNamed) {
  TempDir dir;
  const std::string images = dir.file("img"), labels = dir.file("missing-labels");
  write_idx_u8(images, {1, 1}, {0});
  expect_error([&] { load_idx_dataset(images, labels, 2); }, {labels, "does not exist"});
}

TEST(DatasetLoad, TransposedImagesAreTurnedBack) {
  // A 2x3 image stored column by column (as EMNIST stores its images) is the 3x2 image below.
  TempDir dir;
  const std::string images = dir.file("img"), labels = dir.file("lbl");
  // Stored rows: (0 1 2), (3 4 5). The image they hold has rows (0 3), (1 4), (2 5).
  write_idx_u8(images, {1, 2, 3}, {0, 1, 2, 3, 4, 5});
  write_idx_u8(labels, {1}, {0});
  EXPECT_EQ(idx_sample_shape(images), (Shape{2, 3, 1}));
  EXPECT_EQ(idx_sample_shape(images, /*transposed=*/true), (Shape{3, 2, 1}));
  const Dataset d = load_idx_dataset(images, labels, 2, /*transposed=*/true);
  EXPECT_EQ(d.sample_shape, (Shape{3, 2, 1}));
  const std::vector<float> expected = {0, 3, 1, 4, 2, 5};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(d.images.f32()[i] * 255.0f, expected[i]) << i;
  EXPECT_EQ(d.images_file, images);
  EXPECT_EQ(d.labels_file, labels);
}

TEST(SplitValidation, LastSamplesBecomeValidationAsCopies) {
  Dataset d = numbered_dataset({0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
  auto [train, val] = split_validation(d, 0.1);
  EXPECT_EQ(train.size(), 9);
  EXPECT_EQ(val.size(), 1);
  EXPECT_EQ(val.images.f32()[0], 9.0f);
  EXPECT_EQ(val.labels.i32()[0], 0);
  EXPECT_EQ(train.images.f32()[8 * 3], 8.0f);
  EXPECT_EQ(train.sample_shape, d.sample_shape);
  EXPECT_EQ(val.num_classes, 3);

  d.images.f32()[0] = 100.0f;  // copies: the parts do not change with the original
  d.labels.i32()[9] = 2;
  EXPECT_EQ(train.images.f32()[0], 0.0f);
  EXPECT_EQ(val.labels.i32()[0], 0);

  EXPECT_EQ(split_validation(d, 0.25).second.size(), 3);  // round(2.5) = 3
  EXPECT_EQ(split_validation(d, 0.24).second.size(), 2);
  auto [all, none] = split_validation(d, 0.0);
  EXPECT_EQ(all.size(), 10);
  EXPECT_EQ(none.size(), 0);
  EXPECT_EQ(none.images.shape(), (Shape{0, 3}));
}

TEST(SplitValidation, AMovedDataSetKeepsItsStorageForTheTrainingPart) {
  Dataset d = numbered_dataset({0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
  const void* storage = d.images.raw();
  auto [train, val] = split_validation(std::move(d), 0.2);
  EXPECT_EQ(train.images.raw(), storage);  // no copy
  EXPECT_EQ(train.images.shape(), (Shape{8, 3}));
  EXPECT_EQ(train.labels.shape(), (Shape{8}));
  EXPECT_EQ(train.images.f32()[7 * 3], 7.0f);
  EXPECT_EQ(train.name, "toy (train split)");
  ASSERT_EQ(val.size(), 2);
  EXPECT_EQ(val.images.f32()[0], 8.0f);
  EXPECT_EQ(val.labels.i32()[1], 0);
  EXPECT_NE(val.images.raw(), storage);
  // The same parts as the copying split.
  const Dataset again = numbered_dataset({0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
  auto [train_copy, val_copy] = split_validation(again, 0.2);
  EXPECT_TRUE(train.images.bitwise_equal(train_copy.images));
  EXPECT_TRUE(val.labels.bitwise_equal(val_copy.labels));
  // A data set sharing its storage with another is copied, so the other one cannot change.
  Dataset original = numbered_dataset({0, 1, 2, 0, 1});
  Dataset alias = original;
  auto [train2, val2] = split_validation(std::move(alias), 0.2);
  EXPECT_NE(train2.images.raw(), original.images.raw());
  train2.images.f32()[0] = 100.0f;
  EXPECT_EQ(original.images.f32()[0], 0.0f);
  // Bad fractions are refused before anything is moved.
  Dataset e = numbered_dataset({0, 1, 0, 1});
  expect_error([&] { split_validation(std::move(e), 0.9); }, {"leaves no training samples"});
  EXPECT_EQ(e.size(), 4);
}

TEST(SplitValidation, BadFractionsAreErrors) {
  const Dataset d = numbered_dataset({0, 1, 0, 1});
  expect_error([&] { split_validation(d, 1.0); }, {"fraction 1", "[0, 1)"});
  expect_error([&] { split_validation(d, -0.1); }, {"fraction -0.1", "[0, 1)"});
  expect_error([&] { split_validation(d, std::nan("")); }, {"fraction nan"});
  expect_error([&] { split_validation(d, 0.9); }, {"leaves no training samples", "'toy'"});
}

TEST(InputNoise, ClipsToUnitRangeAndIsDeterministic) {
  std::vector<std::vector<float>> rows(200, std::vector<float>(50, 0.5f));
  const Dataset clean = make_dataset(rows, std::vector<std::int32_t>(200, 0));
  Dataset a = clean, b = clean, c = clean;
  a.images = clean.images.clone();
  b.images = clean.images.clone();
  c.images = clean.images.clone();
  Rng r1(7), r2(7), r3(8);
  add_input_noise(a, 1.0, r1);
  add_input_noise(b, 1.0, r2);
  add_input_noise(c, 1.0, r3);
  EXPECT_TRUE(a.images.bitwise_equal(b.images));
  EXPECT_FALSE(a.images.bitwise_equal(c.images));
  std::int64_t zeros = 0, ones = 0, inside = 0;
  for (std::int64_t i = 0; i < a.images.numel(); ++i) {
    const float x = a.images.f32()[i];
    ASSERT_GE(x, 0.0f);
    ASSERT_LE(x, 1.0f);
    zeros += x == 0.0f;
    ones += x == 1.0f;
    inside += x > 0.0f && x < 1.0f;
  }
  // With sigma 1 around 0.5, P(clip at 0) = P(clip at 1) = P(|z| > 0.5) / 2 ~ 0.31 each.
  const double n = static_cast<double>(a.images.numel());
  EXPECT_NEAR(zeros / n, 0.3085, 0.03);
  EXPECT_NEAR(ones / n, 0.3085, 0.03);
  EXPECT_NEAR(inside / n, 0.383, 0.03);
}

TEST(InputNoise, HasTheRequestedStandardDeviation) {
  std::vector<std::vector<float>> rows(100, std::vector<float>(100, 0.5f));
  Dataset d = make_dataset(rows, std::vector<std::int32_t>(100, 0));
  Rng rng(3);
  add_input_noise(d, 0.1, rng);  // 5 sigma from the clip bounds: clipping is negligible
  double sum = 0, sum_sq = 0;
  for (std::int64_t i = 0; i < d.images.numel(); ++i) {
    const double e = d.images.f32()[i] - 0.5;
    sum += e;
    sum_sq += e * e;
  }
  const double n = static_cast<double>(d.images.numel());
  EXPECT_NEAR(sum / n, 0.0, 0.005);
  EXPECT_NEAR(std::sqrt(sum_sq / n), 0.1, 0.005);

  Rng untouched(3);
  const std::uint64_t before = untouched.state()[0];
  Dataset same = make_dataset(rows, std::vector<std::int32_t>(100, 0));
  add_input_noise(same, 0.0, untouched);
  EXPECT_EQ(untouched.state()[0], before);
  EXPECT_EQ(same.images.f32()[17], 0.5f);
  expect_error([&] { add_input_noise(same, -0.5, untouched); }, {"sigma -0.5"});
}

TEST(SortByClass, IsStable) {
  Dataset d = numbered_dataset({2, 0, 1, 0, 2, 1, 0});
  sort_by_class(d);
  EXPECT_EQ(std::vector<std::int32_t>(d.labels.i32(), d.labels.i32() + 7),
            (std::vector<std::int32_t>{0, 0, 0, 1, 1, 2, 2}));
  const std::vector<float> expected_rows{1, 3, 6, 2, 5, 0, 4};
  for (std::size_t r = 0; r < expected_rows.size(); ++r) {
    for (int j = 0; j < 3; ++j) EXPECT_EQ(d.images.f32()[r * 3 + static_cast<std::size_t>(j)], expected_rows[r]) << r;
  }
}

TEST(SortByClass, MatchesStableSortOnARandomSet) {
  Rng rng(11);
  std::vector<std::int32_t> labels(1000);
  for (auto& l : labels) l = static_cast<std::int32_t>(rng.below(10));
  Dataset d = numbered_dataset(labels, 2);
  std::vector<std::int64_t> expected(labels.size());
  std::iota(expected.begin(), expected.end(), 0);
  std::stable_sort(expected.begin(), expected.end(), [&](std::int64_t a, std::int64_t b) {
    return labels[static_cast<std::size_t>(a)] < labels[static_cast<std::size_t>(b)];
  });
  sort_by_class(d);
  for (std::size_t r = 0; r < expected.size(); ++r) {
    ASSERT_EQ(d.images.f32()[2 * r], static_cast<float>(expected[r])) << r;
    ASSERT_EQ(d.images.f32()[2 * r + 1], static_cast<float>(expected[r])) << r;
    ASSERT_EQ(d.labels.i32()[r], labels[static_cast<std::size_t>(expected[r])]) << r;
  }
}

TEST(CheckDataset, RejectsInconsistentTensors) {
  Dataset d = numbered_dataset({0, 1, 0});
  d.labels = Tensor::from_i32({2}, {0, 1});
  expect_error([&] { sort_by_class(d); }, {"sort_by_class", "'toy'", "i32 [3]"});
  d = numbered_dataset({0, 1, 0});
  d.sample_shape = {2, 2, 1};
  expect_error([&] { check_dataset(d, "here"); }, {"here", "[2, 2, 1]", "3 features"});
}

}  // namespace
}  // namespace dendrite
