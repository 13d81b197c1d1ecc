// Tests of DataSource (framework/data/data_source.h): named data sets read from generated files
// in their distributed formats (KMNIST gzip, EMNIST transposed, CIFAR batches), IDX files with and
// without a class count, the checks before loading, and the real MNIST / Fashion-MNIST.
#include "framework/data/data_source.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "framework/data/cifar.h"
#include "tests/common/expect_error.h"
#include "tests/common/mnist_data.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using testing::Bytes;
using test::expect_error;
using testing::gzip_bytes;
using testing::idx_u8_file;
using test::TempDir;
using testing::write_bytes;

// n 28x28 images whose pixel (r, c) of image i is (i + 3r + 5c) % 256, stored as given or
// transposed (pixel (r, c) at position c * 28 + r, as EMNIST stores it).
Bytes images28(int n, bool transposed) {
  Bytes b(static_cast<std::size_t>(n) * 784);
  for (int i = 0; i < n; ++i)
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c)
        b[static_cast<std::size_t>(i * 784 + (transposed ? c * 28 + r : r * 28 + c))] =
            static_cast<std::uint8_t>(i + 3 * r + 5 * c);
  return b;
}

void expect_upright(const Dataset& d) {
  for (std::int64_t i = 0; i < d.size(); ++i)
    for (int r : {0, 1, 13, 27})
      for (int c : {0, 2, 27})
        ASSERT_EQ(d.images.f32()[i * 784 + r * 28 + c] * 255.0f, static_cast<float>((i + 3 * r + 5 * c) % 256))
            << i << " " << r << " " << c;
}

void write_idx_pair(const std::string& folder, const std::string& images, const std::string& labels, int n,
                    bool transposed, const Bytes& label_values, bool gzip) {
  std::filesystem::create_directories(folder);
  const Bytes img = idx_u8_file({static_cast<std::uint32_t>(n), 28, 28}, images28(n, transposed));
  const Bytes lbl = idx_u8_file({static_cast<std::uint32_t>(n)}, label_values);
  write_bytes(folder + "/" + images + (gzip ? ".gz" : ""), gzip ? gzip_bytes(img) : img);
  write_bytes(folder + "/" + labels + (gzip ? ".gz" : ""), gzip ? gzip_bytes(lbl) : lbl);
}

// IDX files train-img, train-lbl, test-img (gzip, as test-img.gz), test-lbl in dir.
DataSource idx_files(const TempDir& dir) {
  DataSource s;
  s.train_images = dir.file("train-img");
  s.train_labels = dir.file("train-lbl");
  s.test_images = dir.file("test-img.gz");
  s.test_labels = dir.file("test-lbl");
  return s;
}

DataSource named(const std::string& name, const std::string& dir) {
  DataSource s;
  s.dataset = name;
  s.data_dir = dir;
  return s;
}

TEST(DataSource, KmnistFromItsGzipFiles) {
  TempDir dir;
  const std::string folder = dir.file("kmnist");
  write_idx_pair(folder, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 4, false, {0, 1, 9, 2}, true);
  write_idx_pair(folder, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 2, false, {3, 1}, true);
  const DataShapes shapes = peek_data_shapes(named("kmnist", dir.file("")));
  EXPECT_EQ(shapes.train, (Shape{28, 28, 1}));
  EXPECT_EQ(shapes.num_classes, 10);
  const TrainTest d = load_data(named("kmnist", dir.file("")));
  EXPECT_EQ(d.train.size(), 4);
  EXPECT_EQ(d.test.size(), 2);
  EXPECT_EQ(d.train.num_classes, 10);  // from the definition, not from the largest label (9)
  EXPECT_EQ(d.test.num_classes, 10);
  expect_upright(d.train);
  EXPECT_EQ(d.test.labels_file, folder + "/t10k-labels-idx1-ubyte.gz");
}

TEST(DataSource, EmnistImagesAreTurnedUprightAndLettersHave27Classes) {
  TempDir dir;
  const std::string folder = dir.file("emnist");
  write_idx_pair(folder, "emnist-letters-train-images-idx3-ubyte", "emnist-letters-train-labels-idx1-ubyte", 3, true,
                 {1, 26, 5}, false);
  write_idx_pair(folder, "emnist-letters-test-images-idx3-ubyte", "emnist-letters-test-labels-idx1-ubyte", 2, true,
                 {26, 1}, true);
  const TrainTest d = load_data(named("emnist-letters", dir.file("")));
  EXPECT_EQ(d.train.num_classes, 27);
  EXPECT_EQ(d.train.labels.i32()[1], 26);  // labels kept as stored: 1..26, class 0 unused
  expect_upright(d.train);
  expect_upright(d.test);

  // The split's class count bounds its labels: 47 for balanced.
  write_idx_pair(folder, "emnist-balanced-train-images-idx3-ubyte", "emnist-balanced-train-labels-idx1-ubyte", 2,
                 true, {46, 47}, false);
  write_idx_pair(folder, "emnist-balanced-test-images-idx3-ubyte", "emnist-balanced-test-labels-idx1-ubyte", 1, true,
                 {0}, false);
  expect_error([&] { load_data(named("emnist-balanced", dir.file(""))); },
               {"emnist-balanced-train-labels-idx1-ubyte", "label at index 1 is 47", "[0, 47)"});
}

TEST(DataSource, NamedDataSetWithTheWrongGeometryIsRefused) {
  TempDir dir;
  const std::string folder = dir.file("mnist");
  std::filesystem::create_directories(folder);
  for (const char* split : {"train", "t10k"}) {
    write_bytes(folder + "/" + split + "-images-idx3-ubyte", idx_u8_file({2, 32, 32}, Bytes(2048, 1)));
    write_bytes(folder + "/" + split + "-labels-idx1-ubyte", idx_u8_file({2}, {0, 1}));
  }
  expect_error([&] { load_data(named("mnist", dir.file(""))); },
               {folder + "/train-images-idx3-ubyte", "images of 32x32x1", "'mnist' has 28x28x1 images"});
}

TEST(DataSource, CifarByNameWithFineOrCoarseLabels) {
  TempDir dir;
  const auto record = [](std::vector<std::uint8_t> labels, std::uint8_t value) {
    Bytes b = labels;
    b.resize(labels.size() + kCifarImageBytes, value);
    return b;
  };
  const std::string c10 = dir.file("cifar-10-batches-bin");
  std::filesystem::create_directories(c10);
  for (int i = 1; i <= 5; ++i) write_bytes(c10 + "/data_batch_" + std::to_string(i) + ".bin", record({std::uint8_t(i)}, 255));
  write_bytes(c10 + "/test_batch.bin", record({0}, 0));
  const TrainTest d10 = load_data(named("cifar10", dir.file("")));
  EXPECT_EQ(d10.train.size(), 5);
  EXPECT_EQ(d10.train.labels.i32()[4], 5);  // batches in order 1..5
  EXPECT_EQ(d10.train.sample_shape, (Shape{32, 32, 3}));
  EXPECT_EQ(d10.train.images.f32()[3071], 1.0f);
  EXPECT_EQ(peek_data_shapes(named("cifar10", dir.file(""))).test, (Shape{32, 32, 3}));

  const std::string c100 = dir.file("cifar-100-binary");
  std::filesystem::create_directories(c100);
  write_bytes(c100 + "/train.bin", record({7, 77}, 10));
  write_bytes(c100 + "/test.bin", record({8, 88}, 10));
  DataSource s = named("cifar100", dir.file(""));
  EXPECT_EQ(load_data(s).train.labels.i32()[0], 77);
  EXPECT_EQ(load_data(s).train.num_classes, 100);
  s.label_set = "coarse";
  EXPECT_EQ(load_data(s).test.labels.i32()[0], 8);
  EXPECT_EQ(peek_data_shapes(s).num_classes, 20);
}

TEST(DataSource, IdxFilesTakeTheClassCountGivenOrTheLargestTrainingLabel) {
  TempDir dir;
  DataSource s = idx_files(dir);
  write_bytes(s.train_images, idx_u8_file({3, 2, 2}, Bytes(12, 0)));
  write_bytes(s.train_labels, idx_u8_file({3}, {0, 2, 1}));
  write_bytes(s.test_images, gzip_bytes(idx_u8_file({2, 2, 2}, Bytes(8, 0))));
  write_bytes(s.test_labels, idx_u8_file({2}, {2, 3}));
  expect_error([&] { load_data(s); }, {s.test_labels, "label at index 1 is 3", "outside the 3 classes of the "
                                      "training labels in '" + s.train_labels + "'", "largest label + 1"});
  s.num_classes = 5;
  const TrainTest d = load_data(s);
  EXPECT_EQ(d.train.num_classes, 5);
  EXPECT_EQ(d.test.num_classes, 5);
  s.num_classes = 3;
  expect_error([&] { load_data(s); }, {s.test_labels, "label at index 1 is 3", "[0, 3)"});
  // Evaluation only: the test labels on their own.
  s.num_classes = 0;
  EXPECT_EQ(load_data(s, /*need_train=*/false).test.num_classes, 4);
  EXPECT_EQ(load_data(s, false).train.size(), 0);
}

TEST(DataSource, TrainAndTestShapesThatDifferAreRefusedFromTheHeaders) {
  TempDir dir;
  DataSource s = idx_files(dir);
  write_bytes(s.train_images, idx_u8_file({2, 2, 3}, Bytes(12, 0)));
  write_bytes(s.train_labels, idx_u8_file({2}, {0, 1}));
  // The test images have a valid header but broken data: the shapes are compared first.
  Bytes broken = idx_u8_file({2, 3, 2}, Bytes(12, 0));
  broken.pop_back();
  const std::vector<std::string> message = {"training and test samples differ in shape",
                                            "'" + s.train_images + "' holds samples of 2x3x1",
                                            "'" + s.test_images + "' of 3x2x1"};
  write_bytes(s.test_images, gzip_bytes(broken));  // compressed: its header can be read alone
  expect_error([&] { peek_data_shapes(s); }, message);
  expect_error([&] { load_data(s); }, message);
  EXPECT_EQ(peek_data_shapes(s, /*need_train=*/false).test, (Shape{3, 2, 1}));
}

// ---- the real files the setup installs ----

TEST(RealData, MnistFromTheSetupCache) {
  ASSERT_TRUE(test::mnist_installed());
  const TrainTest d = load_data(test::mnist_source());
  EXPECT_EQ(d.train.images.shape(), (Shape{60000, 784}));
  EXPECT_EQ(d.train.sample_shape, (Shape{28, 28, 1}));
  EXPECT_EQ(d.train.num_classes, 10);
  EXPECT_EQ(d.train.labels.i32()[0], 5);
  EXPECT_EQ(d.test.size(), 10000);
  EXPECT_EQ(d.test.labels.i32()[0], 7);
  const float* x = d.train.images.f32();
  const auto [lo, hi] = std::minmax_element(x, x + d.train.images.numel());
  EXPECT_EQ(*lo, 0.0f);
  EXPECT_EQ(*hi, 1.0f);
}

TEST(RealData, OfficialFashionMnistFromTheDebianPackage) {
  // The setup installs the Debian package: its absence is a broken setup, not a reason to skip.
  DataSource s;
  s.dataset = "fashion-mnist";
  ASSERT_TRUE(std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
      << "dataset-fashion-mnist is not installed: run third_party/setup.sh";
  const TrainTest d = load_data(s);
  EXPECT_EQ(d.train.size(), 60000);
  EXPECT_EQ(d.test.size(), 10000);
  EXPECT_EQ(d.train.images_file, "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  // Zalando's split: 6,000 training and 1,000 test images per class; the first of each is an
  // ankle boot (9).
  std::vector<int> train_counts(10, 0), test_counts(10, 0);
  for (std::int64_t i = 0; i < d.train.size(); ++i) ++train_counts[static_cast<std::size_t>(d.train.labels.i32()[i])];
  for (std::int64_t i = 0; i < d.test.size(); ++i) ++test_counts[static_cast<std::size_t>(d.test.labels.i32()[i])];
  EXPECT_EQ(train_counts, std::vector<int>(10, 6000));
  EXPECT_EQ(test_counts, std::vector<int>(10, 1000));
  EXPECT_EQ(d.train.labels.i32()[0], 9);
  EXPECT_EQ(d.test.labels.i32()[0], 9);
}

}  // namespace
}  // namespace dendrite
