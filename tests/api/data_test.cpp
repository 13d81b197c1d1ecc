// DataSet: arrays and IDX files, named data sets from either folder form, and the checks.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "dendrite/data.h"
#include "tests/api/api_test_data.h"
#include "tests/common/expect_error.h"
#include "tests/common/mnist_data.h"

namespace dendrite {
namespace {

TEST(ApiData, FromArraysKeepsTheSamples) {
  const api::DataSet d = api::DataSet::from_arrays({0.f, 0.5f, 1.f, 0.25f, 0.75f, 0.f}, {2, 0}, {3, 1, 1}, 3);
  EXPECT_EQ(d.size(), 2);
  EXPECT_EQ(d.features(), 3);
  EXPECT_EQ(d.classes(), 3);
  EXPECT_EQ(d.sample_shape(), (std::vector<std::int64_t>{3, 1, 1}));
  EXPECT_EQ(d.images()[4], 0.75f);
  EXPECT_EQ(d.labels()[0], 2);
  const api::DataSet copy = d;  // shares the samples
  EXPECT_EQ(copy.images(), d.images());
  const api::DataSet empty;
  EXPECT_EQ(empty.size(), 0);
}

TEST(ApiData, FromArraysChecksSizesLabelsAndValues) {
  test::expect_error<std::runtime_error>([] { api::DataSet::from_arrays({0.f, 1.f}, {0}, {3, 1, 1}, 2); },
                                         {"need 3 image values, got 2"});
  test::expect_error<std::runtime_error>([] { api::DataSet::from_arrays({0.f, 1.f}, {0, 2}, {1, 1, 1}, 2); },
                                         {"label 1 is 2, not in [0, 2)"});
  test::expect_error<std::runtime_error>([] { api::DataSet::from_arrays({0.f, NAN}, {0, 1}, {1, 1, 1}, 2); },
                                         {"image value 1 is nan"});
  test::expect_error<std::runtime_error>([] { api::DataSet::from_arrays({0.f}, {0}, {1, 1}, 2); },
                                         {"sample_shape must be {height, width, channels}"});
  test::expect_error<std::runtime_error>([] { api::DataSet::from_arrays({0.f}, {0}, {1, 1, 1}, 0); },
                                         {"classes must be positive"});
}

TEST(ApiData, FromIdxReadsTheFiles) {
  const auto dir = testing_data::make_quadrant_data_dir(50, 20);
  const api::DataSet d = api::DataSet::from_idx(dir->file("train-images"), dir->file("train-labels"), 4);
  EXPECT_EQ(d.size(), 50);
  EXPECT_EQ(d.sample_shape(), (std::vector<std::int64_t>{8, 8, 1}));
  EXPECT_EQ(d.classes(), 4);
  test::expect_error<std::runtime_error>(
      [&] { api::DataSet::from_idx(dir->file("train-images"), dir->file("test-labels"), 4); },
      {"holds 50 images", "holds 20 labels"});
}

TEST(ApiData, NamedDataSetFromItsOwnFolderOrTheDataFolder) {
  ASSERT_TRUE(test::mnist_installed());
  const std::string data_dir = test::mnist_data_dir().string();
  const api::DataSplit a = api::load_dataset("mnist", data_dir);
  const api::DataSplit b = api::load_dataset("mnist", data_dir + "/mnist");
  EXPECT_EQ(a.train.size(), 60000);
  EXPECT_EQ(a.test.size(), 10000);
  EXPECT_EQ(a.train.features(), 784);
  EXPECT_EQ(a.train.name(), "mnist");
  EXPECT_EQ(b.test.size(), 10000);
  EXPECT_EQ(b.test.labels()[0], a.test.labels()[0]);
  EXPECT_EQ(b.test.images()[783], a.test.images()[783]);
}

TEST(ApiData, NamedDataSetErrors) {
  const auto dir = testing_data::make_quadrant_data_dir(5, 5);
  test::expect_error<std::runtime_error>([] { api::load_dataset("imagenet", "/tmp"); }, {"imagenet", "mnist"});
  const std::string folder = dir->path().string();
  test::expect_error<std::runtime_error>([&] { api::load_dataset("kmnist", folder); },
                                         {"load_dataset('kmnist')", "not in '" + folder + "' itself",
                                          "is not in '" + folder + "/kmnist'", "train-images-idx3-ubyte"});
  ::unsetenv("DENDRITE_DATA_DIR");
  test::expect_error<std::runtime_error>([] { api::load_dataset("mnist"); }, {"DENDRITE_DATA_DIR is not set"});
}

}  // namespace
}  // namespace dendrite
