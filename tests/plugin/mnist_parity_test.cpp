// Parity on real data: for every model variant at MNIST size, trained briefly, ONNX Runtime with
// the plugin and ONNX Runtime through the function bodies give the framework's logits (max abs
// difference <= 1e-5) and the same predicted class for every one of the 10,000 MNIST test images,
// except exact float ties (the two classes' logits within 2e-5: rounding may pick either); for the
// export (dANN layers as DendriticLayer nodes) and for the four-node form of earlier files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "export/onnx_export.h"
#include "export/runtime/ort_model.h"
#include "framework/data/data_source.h"
#include "framework/data/dataset.h"
#include "framework/model/variants.h"
#include "framework/train/trainer.h"
#include "tests/common/mnist_data.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

struct Mnist {
  Dataset train, test;
};

// Call after test::mnist_installed().
const Mnist& mnist() {
  static const Mnist m = [] {
    Mnist r;
    TrainTest data = load_data(test::mnist_source());
    r.train = split_validation(data.train, 0.9).first;  // the first 6,000 images: enough to move the weights
    r.test = std::move(data.test);
    return r;
  }();
  return m;
}

std::vector<std::int32_t> argmax_rows(const Tensor& logits) {
  std::vector<std::int32_t> out(static_cast<std::size_t>(logits.dim(0)));
  const std::int64_t c = logits.dim(1);
  for (std::int64_t i = 0; i < logits.dim(0); ++i) {
    const float* row = logits.f32() + i * c;
    out[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(std::max_element(row, row + c) - row);
  }
  return out;
}

// Rows whose predicted class differs between `got` and `expected`, except float ties: rows where
// the two classes' expected logits are within `tie` of each other (either may win by rounding).
std::vector<std::int64_t> class_mismatches(const Tensor& got, const Tensor& expected, float tie) {
  const std::vector<std::int32_t> a = argmax_rows(got), b = argmax_rows(expected);
  std::vector<std::int64_t> rows;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (a[r] == b[r]) continue;
    const float* e = expected.f32() + static_cast<std::int64_t>(r) * expected.dim(1);
    if (std::abs(e[a[r]] - e[b[r]]) > tie) rows.push_back(static_cast<std::int64_t>(r));
  }
  return rows;
}

class MnistParity : public ::testing::TestWithParam<std::string> {};

TEST_P(MnistParity, OrtWithAndWithoutPluginMatchesTheFramework) {
  ASSERT_TRUE(test::mnist_installed());
  VariantOptions o;
  o.dendrites = 4;
  o.somata = 32;
  o.hidden = {32};
  Model m = build_model(variant_spec(GetParam(), o));
  TrainConfig cfg;
  cfg.epochs = 1;
  cfg.quiet = true;
  cfg.optimizer.lr = 1e-2;  // few steps: learn fast
  Trainer trainer(m, cfg);
  trainer.fit(mnist().train, Dataset{});

  // Framework logits for the whole test set, in one batch.
  const Dataset& test = mnist().test;
  Executor exec(m.graph, {Backend::optimized, {m.logits}, kNoValue});
  exec.set_input(m.x, test.images);
  exec.forward(false);
  const Tensor expected = exec.value(m.logits).clone();
  const auto expected_classes = argmax_rows(expected);
  const double accuracy = [&] {
    std::int64_t ok = 0;
    for (std::int64_t i = 0; i < test.size(); ++i) ok += expected_classes[static_cast<std::size_t>(i)] == test.labels.i32()[i];
    return static_cast<double>(ok) / static_cast<double>(test.size());
  }();
  EXPECT_GT(accuracy, 0.5) << "one epoch on 6,000 images should learn something";

  // The export (dANN layers as DendriticLayer nodes) and the four-node form of earlier files.
  for (const bool fused : {true, false}) {
    ExportOptions options;
    options.fuse_layers = fused;
    const std::string path = plugin_test::scratch_path(GetParam() + (fused ? "" : "-4") + "-mnist.onnx");
    save_onnx(export_model(m, {}, options), path);
    for (bool plugin : {true, false}) {
      const std::string what = fmt::format("{} export, {}", fused ? "fused" : "four-node", plugin ? "plugin" : "function bodies");
      OrtModel ort(path, plugin, 0);
      Tensor got(expected.shape());
      for (std::int64_t start = 0; start < test.size(); start += 256) {
        const std::int64_t n = std::min<std::int64_t>(256, test.size() - start);
        const Tensor part = ort.run(test.images.f32() + start * test.features(), n);
        std::copy(part.f32(), part.f32() + part.numel(), got.f32() + start * expected.dim(1));
      }
      EXPECT_LE(plugin_test::max_abs_diff(got, expected), 1e-5f) << what;
      EXPECT_EQ(class_mismatches(got, expected, 2e-5f), std::vector<std::int64_t>{}) << what;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, MnistParity, ::testing::ValuesIn(variant_names()),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace dendrite
