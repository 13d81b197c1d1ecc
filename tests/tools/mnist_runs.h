// Real-data runs of `dendrite train` for the accuracy tests: trains on MNIST from the setup cache
// (.deps/data) into a scratch folder and returns summary.json.
//
//   if (!mnist_available()) GTEST_SKIP() << "...";
//   const nlohmann::json s = train_on_mnist("--model mlp --hidden 128 --epochs 5 --seed 1");
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/tool_runner.h"

namespace dendrite::test {

inline std::filesystem::path mnist_data_dir() { return std::filesystem::path(DENDRITE_DEPS_DIR) / "data"; }

inline bool mnist_available() {
  return std::filesystem::exists(mnist_data_dir() / "mnist" / "train-images-idx3-ubyte");
}

// `dendrite train <args> --dataset mnist`; fails the test when the tool fails.
inline nlohmann::json train_on_mnist(const std::string& args) {
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / ("dendrite-mnist-run-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const CommandResult r = run_command(dendrite_tool() + " train " + args + " --dataset mnist --data-dir '" +
                                      mnist_data_dir().string() + "' --quiet --no-progress --out '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out / "summary.json");
  nlohmann::json summary = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  fs::remove_all(out);
  return summary.is_object() ? summary : nlohmann::json::object();
}

}  // namespace dendrite::test
