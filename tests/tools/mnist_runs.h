// Real-data runs of `dendrite train` for the accuracy tests: trains on MNIST from the setup cache
// (.deps/data) into a TempDir and returns summary.json.
//
//   ASSERT_TRUE(mnist_installed());
//   const nlohmann::json s = train_on_mnist("--model mlp --hidden 128 --epochs 5 --seed 1");
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/common/mnist_data.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite::test {

// `dendrite train <args> --dataset mnist`; fails the test when the tool fails.
inline nlohmann::json train_on_mnist(const std::string& args) {
  const TempDir dir;
  const std::filesystem::path out = dir.path() / "run";
  const CommandResult r = run_command(dendrite_tool() + " train " + args + " --dataset mnist --data-dir '" +
                                      mnist_data_dir().string() + "' --quiet --no-progress --out '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out / "summary.json");
  nlohmann::json summary = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return summary.is_object() ? summary : nlohmann::json::object();
}

}  // namespace dendrite::test
