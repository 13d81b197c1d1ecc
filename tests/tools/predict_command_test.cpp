// End to end: `dendrite predict` on an exported model and on its checkpoint, with inputs as .npy,
// CSV (with a label column to ignore) and PGM images: the classes equal `dendrite run
// --predictions`, the probabilities are the softmax of the model's logits, bad inputs name the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "export/onnx_export.h"
#include "framework/core/file_io.h"
#include "framework/core/rng.h"
#include "framework/data/idx.h"
#include "framework/data/npy.h"
#include "framework/data/npy_write.h"
#include "framework/train/metrics.h"
#include "framework/train/model_io.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"
#include "tests/export/export_test_util.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

test::CommandResult tool(const std::string& args) { return test::run_command(test::dendrite_tool() + " " + args); }

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The cells of a CSV line without quotes.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') out.emplace_back();
    else out.back() += c;
  }
  return out;
}

class PredictCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    Rng rng(6);
    pixels_.resize(static_cast<std::size_t>(kSamples * 64));
    for (auto& p : pixels_) p = static_cast<std::uint8_t>(rng.below(256));
    std::vector<std::uint8_t> labels;
    for (std::int64_t i = 0; i < kSamples; ++i) labels.push_back(static_cast<std::uint8_t>(i % 3));
    write_idx_u8(path("images"), {kSamples, 8, 8}, pixels_);
    write_idx_u8(path("labels"), {kSamples}, labels);
    x_ = Tensor({kSamples, 64});
    for (std::size_t i = 0; i < pixels_.size(); ++i) x_.f32()[i] = pixels_[i] / 255.0f;
    write_file_atomic(path("x.npy"), npy_f32_bytes(x_.reshaped({kSamples, 8, 8})));

    model_ = build_model(export_test::small_variant("dann-grf"));
    save_onnx(export_model(model_), path("model.onnx"));
    save_checkpoint(path("model.ckpt"), model_checkpoint(model_));
    logits_ = export_test::logits_of(model_, x_);
    append_argmax(logits_, expected_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The class column of a predict CSV, checked to have the header and one row per sample.
  std::vector<std::string> classes_of(const std::vector<std::string>& lines, const std::string& first) const {
    std::vector<std::string> out;
    EXPECT_FALSE(lines.empty());
    if (lines.empty()) return out;
    EXPECT_EQ(lines[0], first + ",class,p0,p1,p2");
    for (std::size_t i = 1; i < lines.size(); ++i) out.push_back(cells(lines[i]).at(1));
    return out;
  }
  std::vector<std::string> expected_classes(std::size_t n) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(expected_[i]));
    return out;
  }

  static constexpr std::int64_t kSamples = 23;
  const test::TempDir temp_;
  const fs::path dir_ = temp_.path();
  std::vector<std::uint8_t> pixels_;
  Tensor x_, logits_;
  Model model_;
  std::vector<std::int32_t> expected_;
};

TEST_F(PredictCommand, ClassesAreRunsPredictionsAndProbabilitiesTheSoftmax) {
  const test::CommandResult run = tool("run " + path("model.onnx") + " --test-images " + path("images") +
                                       " --test-labels " + path("labels") + " --predictions " + path("run.txt"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const std::string model : {"model.onnx", "model.ckpt"}) {
    SCOPED_TRACE(model);
    const test::CommandResult csv = tool("predict " + path(model) + " --input " + path("x.npy") + " --output " +
                                         path("p.csv") + " --threads 1");
    ASSERT_EQ(csv.exit_code, 0) << csv.output;
    EXPECT_EQ(classes_of(lines_of(path("p.csv")), "index"), lines_of(path("run.txt"))) << "dendrite run --predictions";
    const test::CommandResult npy = tool("predict " + path(model) + " --input " + path("x.npy") + " --output " +
                                         path("p.npy") + " --threads 1");
    ASSERT_EQ(npy.exit_code, 0) << npy.output;
    const NpyTensor p = read_npy_f32(path("p.npy"));
    ASSERT_EQ(p.values.shape(), (Shape{kSamples, 3}));
    for (std::int64_t i = 0; i < kSamples; ++i) {
      const float* z = logits_.f32() + i * 3;
      double sum = 0;
      for (int k = 0; k < 3; ++k) sum += std::exp(static_cast<double>(z[k]));
      for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(p.values.f32()[i * 3 + k], std::exp(static_cast<double>(z[k])) / sum, 2e-6) << i << " " << k;
    }
  }
  // Without --output: the same CSV on stdout.
  const test::CommandResult out = tool("predict " + path("model.onnx") + " --input " + path("x.npy"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("index,class,p0,p1,p2"), std::string::npos) << out.output;
}

TEST_F(PredictCommand, ImagesAndCsvGiveTheSameClasses) {
  // Two PGM images (P5), the first two samples.
  for (int i = 0; i < 2; ++i) {
    std::ofstream f(path("img" + std::to_string(i) + ".pgm"), std::ios::binary);
    f << "P5\n8 8\n255\n";
    f.write(reinterpret_cast<const char*>(pixels_.data() + i * 64), 64);
  }
  const test::CommandResult images = tool("predict " + path("model.ckpt") + " --input " + path("img0.pgm") + " " +
                                          path("img1.pgm") + " --output " + path("img.csv"));
  ASSERT_EQ(images.exit_code, 0) << images.output;
  const std::vector<std::string> lines = lines_of(path("img.csv"));
  EXPECT_EQ(classes_of(lines, "file"), expected_classes(2));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(cells(lines[1])[0], "img0.pgm");

  // A CSV table with a header and a label column in the middle, ignored by name.
  {
    std::ofstream f(path("x.csv"));
    for (int c = 0; c < 64; ++c) f << "f" << c << (c == 31 ? ",label," : c < 63 ? "," : "\n");
    for (std::int64_t i = 0; i < kSamples; ++i)
      for (int c = 0; c < 64; ++c)
        f << fmt::format("{}", x_.f32()[i * 64 + c]) << (c == 31 ? ",7," : c < 63 ? "," : "\n");
  }
  const test::CommandResult csv = tool("predict " + path("model.onnx") + " --input " + path("x.csv") +
                                       " --label-column label --output " + path("csv.csv"));
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(classes_of(lines_of(path("csv.csv")), "index"), expected_classes(kSamples));

  const test::CommandResult no_label = tool("predict " + path("model.onnx") + " --input " + path("x.csv"));
  EXPECT_EQ(no_label.exit_code, 1) << no_label.output;
  EXPECT_NE(no_label.output.find("65"), std::string::npos) << "the feature count: " << no_label.output;
}

TEST_F(PredictCommand, WrongInputsAndRunWithoutLabelsAreRefused) {
  {
    std::ofstream f(path("big.pgm"), std::ios::binary);
    f << "P5\n9 9\n255\n" << std::string(81, '\x10');
  }
  const test::CommandResult big = tool("predict " + path("model.onnx") + " --input " + path("big.pgm"));
  EXPECT_EQ(big.exit_code, 1) << big.output;
  EXPECT_NE(big.output.find("big.pgm"), std::string::npos) << big.output;
  EXPECT_NE(big.output.find("takes 64 features"), std::string::npos) << big.output;

  const test::CommandResult missing = tool("predict " + path("model.onnx"));
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--input"), std::string::npos) << missing.output;

  const test::CommandResult unlabelled = tool("run " + path("model.onnx") + " --test-images " + path("images"));
  EXPECT_EQ(unlabelled.exit_code, 2) << unlabelled.output;
  EXPECT_NE(unlabelled.output.find("dendrite predict"), std::string::npos) << unlabelled.output;
}

}  // namespace
}  // namespace dendrite
