// The MNIST files the setup installs, for the tests on real data.
//
//   ASSERT_TRUE(test::mnist_installed());
//   const DatasetFiles f = test::mnist_files();
//
// third_party/setup.sh puts them under .deps/data, and the test command (tools/run_tests.sh)
// runs it first: a missing file is a broken setup, so the check fails and says what to run
// rather than skipping the test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "framework/data/dataset.h"

namespace dendrite::test {

// <deps>/data: the --data-dir of `dendrite train --dataset mnist`.
inline std::filesystem::path mnist_data_dir() { return std::filesystem::path(DENDRITE_DEPS_DIR) / "data"; }

inline DatasetFiles mnist_files() { return named_dataset_files("mnist", mnist_data_dir().string()); }

inline ::testing::AssertionResult mnist_installed() {
  const DatasetFiles f = mnist_files();
  for (const std::string& file : {f.train_images, f.train_labels, f.test_images, f.test_labels})
    if (!std::filesystem::exists(file))
      return ::testing::AssertionFailure() << "MNIST file " << file
                                           << " is missing: run third_party/setup.sh (tools/run_tests.sh runs it "
                                              "first), or give the build DENDRITE_DEPS_DIR where it ran";
  return ::testing::AssertionSuccess();
}

}  // namespace dendrite::test
