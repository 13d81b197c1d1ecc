// Tests of dataset_content_hash (framework/data/content_hash.h): SHA-256 over the documented
// byte layout (the expected digest was computed independently, with Python's hashlib over the
// same bytes), equal for equal contents wherever they came from, different for any change.
#include "framework/data/content_hash.h"

#include <gtest/gtest.h>

#include "framework/data/data_source.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using testing::Bytes;
using testing::gzip_bytes;
using testing::idx_u8_file;
using test::TempDir;
using testing::write_bytes;

Dataset tiny(const std::vector<float>& images, const std::vector<std::int32_t>& labels) {
  Dataset d;
  const auto n = static_cast<std::int64_t>(labels.size());
  d.images = Tensor::from_f32({n, 2}, images);
  d.labels = Tensor::from_i32({n}, labels);
  d.sample_shape = {2, 1, 1};
  d.num_classes = 2;
  d.name = "tiny";
  return d;
}

TEST(ContentHash, IsTheSha256OfTheDocumentedLayout) {
  // Per split: u64 LE rank 3, H, W, C, N, classes; then the f32 images and i32 labels (LE).
  const Dataset train = tiny({0.5f, 1.0f, 0.0f, 0.25f}, {1, 0}), test = tiny({1.0f, 0.0f}, {1});
  EXPECT_EQ(dataset_content_hash(train, test), "4a220deba11c625fde795436927d2f9a734c4fb2374cbd3ca249919d1b1ee6fd");
}

TEST(ContentHash, AnyChangeOfContentChangesIt) {
  const Dataset train = tiny({0.5f, 1.0f, 0.0f, 0.25f}, {1, 0}), test = tiny({1.0f, 0.0f}, {1});
  const std::string h = dataset_content_hash(train, test);
  std::vector<std::string> changed;
  changed.push_back(dataset_content_hash(tiny({0.5f, 1.0f, 0.0f, 0.2500001f}, {1, 0}), test));  // one value
  changed.push_back(dataset_content_hash(tiny({0.5f, 1.0f, 0.0f, 0.25f}, {1, 1}), test));       // one label
  changed.push_back(dataset_content_hash(test, train));                                          // split order
  Dataset other = tiny({0.5f, 1.0f, 0.0f, 0.25f}, {1, 0});
  other.num_classes = 3;
  changed.push_back(dataset_content_hash(other, test));
  other.num_classes = 2;
  other.sample_shape = {1, 2, 1};  // the same numbers seen as a row instead of a column
  changed.push_back(dataset_content_hash(other, test));
  for (const std::string& c : changed) EXPECT_NE(c, h);
  for (std::size_t i = 0; i < changed.size(); ++i)
    for (std::size_t j = i + 1; j < changed.size(); ++j) EXPECT_NE(changed[i], changed[j]) << i << " " << j;
  // Names and paths are not content.
  other = tiny({0.5f, 1.0f, 0.0f, 0.25f}, {1, 0});
  other.name = "renamed";
  other.images_file = "elsewhere";
  EXPECT_EQ(dataset_content_hash(other, test), h);
}

TEST(ContentHash, PlainAndCompressedFilesOfOneDataSetHashAlike) {
  TempDir dir;
  const Bytes images = idx_u8_file({3, 2, 2}, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255});
  const Bytes labels = idx_u8_file({3}, {0, 1, 0});
  DataSource plain, gz;
  plain.train_images = plain.test_images = dir.file("images");
  plain.train_labels = plain.test_labels = dir.file("labels");
  gz.train_images = gz.test_images = dir.file("images.gz");
  gz.train_labels = gz.test_labels = dir.file("labels.gz");
  write_bytes(plain.train_images, images);
  write_bytes(plain.train_labels, labels);
  write_bytes(gz.train_images, gzip_bytes(images));
  write_bytes(gz.train_labels, gzip_bytes(labels));
  const TrainTest a = load_data(plain), b = load_data(gz);
  EXPECT_EQ(dataset_content_hash(a.train, a.test), dataset_content_hash(b.train, b.test));
  EXPECT_EQ(dataset_content_hash(a.train, a.test).size(), 64u);
}

}  // namespace
}  // namespace dendrite
