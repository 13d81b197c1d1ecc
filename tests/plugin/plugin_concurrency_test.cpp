// Concurrent Run() calls on one session (shared kernels, shared constant-index cache, ORT's one
// thread pool) give exactly the outputs of sequential runs.
#include <gtest/gtest.h>

#include <thread>

#include "export/onnx_export.h"
#include "export/runtime/ort_model.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using export_test::random_inputs;

TEST(PluginConcurrency, FourThreadsMatchSequentialRuns) {
  Model model = build_model(export_test::small_variant("dann-grf", /*layers=*/2));
  const std::string path = plugin_test::save_model(export_model(model), "concurrent.onnx");
  const OrtModel ort(path, /*use_plugin=*/true, /*threads=*/2);

  constexpr int kThreads = 4, kRunsPerThread = 12;
  std::vector<Tensor> inputs, expected;
  for (int i = 0; i < kThreads * kRunsPerThread; ++i) {
    const std::int64_t n = 1 + (i * 37) % 200;  // different sizes: one chunk to several
    inputs.push_back(random_inputs(n, ort.input_width(), 100 + static_cast<std::uint64_t>(i)));
    expected.push_back(ort.run(inputs.back().f32(), n));
  }
  std::vector<Tensor> got(inputs.size());
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int r = 0; r < kRunsPerThread; ++r) {
          const std::size_t i = static_cast<std::size_t>(r * kThreads + t);  // interleaved
          got[i] = ort.run(inputs[i].f32(), inputs[i].dim(0));
        }
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(t)] = e.what();
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[static_cast<std::size_t>(t)], "") << "thread " << t;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    EXPECT_TRUE(got[i].bitwise_equal(expected[i])) << "run " << i << ", batch " << inputs[i].dim(0);
}

}  // namespace
}  // namespace dendrite
