// The MNIST files the setup installs, for the tests on real data.
//
//   ASSERT_TRUE(test::mnist_installed());
//   const TrainTest data = load_data(test::mnist_source());
//
// third_party/setup.sh puts them under .deps/data, and the test command (tools/run_tests.sh)
// runs it first: a missing file is a broken setup, so the check fails and says what to run
// rather than skipping the test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "framework/core/error.h"
#include "framework/data/catalog.h"
#include "framework/data/data_source.h"

namespace dendrite::test {

// <deps>/data: the --data-dir of `dendrite train --dataset mnist`.
inline std::filesystem::path mnist_data_dir() { return std::filesystem::path(DENDRITE_DEPS_DIR) / "data"; }

// --dataset mnist --data-dir <deps>/data.
inline DataSource mnist_source() {
  DataSource s;
  s.dataset = "mnist";
  s.data_dir = mnist_data_dir().string();
  return s;
}

inline ::testing::AssertionResult mnist_installed() {
  const DatasetDef& mnist = find_dataset("mnist");
  try {
    (void)find_dataset_files(mnist, dataset_folder(mnist, mnist_data_dir().string(), ""));
  } catch (const Error& e) {
    return ::testing::AssertionFailure() << e.what() << ": run third_party/setup.sh (tools/run_tests.sh runs it "
                                                        "first), or give the build DENDRITE_DEPS_DIR where it ran";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace dendrite::test
