// `dendrite train` on named data sets and the checks it makes before the first epoch, as a user
// runs it: official Fashion-MNIST by name gives the run its four .gz files give; KMNIST and
// EMNIST by name from generated files in their distributed form; options that cannot fit the
// data are refused from the data's geometry before any data is read.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

const char* const kFashion = "/usr/share/datasets/fashion-mnist";

test::CommandResult train(const std::string& args) {
  return test::run_command(test::dendrite_tool() + " train" + args + " --no-progress --quiet --threads 1");
}

// The run ended with `exit_code` and its output holds `text`.
void expect_answer(const test::CommandResult& r, int exit_code, const std::string& text) {
  EXPECT_EQ(r.exit_code, exit_code) << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << "missing '" << text << "' in:\n" << r.output;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

// A u8 IDX file with a [n, 28, 28] or [n] header, gzip-compressed when the name ends in .gz.
void write_idx(const fs::path& path, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values) {
  std::vector<std::uint8_t> b{0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(d >> shift));
  b.insert(b.end(), values.begin(), values.end());
  fs::create_directories(path.parent_path());
  if (path.extension() == ".gz") {
    gzFile f = gzopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr) << path;
    ASSERT_EQ(gzwrite(f, b.data(), static_cast<unsigned>(b.size())), static_cast<int>(b.size())) << path;
    ASSERT_EQ(gzclose(f), Z_OK) << path;
  } else {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
}

// n 28x28 images of 4 classes (a bright quadrant), optionally stored transposed, labels + offset.
void write_quadrants(const fs::path& images, const fs::path& labels, std::uint32_t n, bool transposed, int offset) {
  std::vector<std::uint8_t> x(n * 784), y(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const int label = static_cast<int>((i * 7 + 3) % 4);
    y[i] = static_cast<std::uint8_t>(label + offset);
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c) {
        const bool inside = (r < 14) == (label / 2 == 0) && (c < 14) == (label % 2 == 0);
        x[i * 784 + static_cast<std::uint32_t>(transposed ? c * 28 + r : r * 28 + c)] =
            static_cast<std::uint8_t>(inside ? 200 + (i + r) % 50 : (i * 3 + c) % 40);
      }
  }
  write_idx(images, {n, 28, 28}, x);
  write_idx(labels, {n}, y);
}

class DataTool : public ::testing::Test {
 protected:
  std::string out(const std::string& name) const { return " --out " + (dir_ / name).string(); }
  test::TempDir tmp_;
  const fs::path& dir_ = tmp_.path();
};

TEST_F(DataTool, FashionMnistByNameGivesTheRunOfItsFourGzFiles) {
  ASSERT_TRUE(fs::exists(fs::path(kFashion) / "train-images-idx3-ubyte.gz"))
      << "dataset-fashion-mnist is not installed: run third_party/setup.sh";
  // Short: the first 6,000 training images, a small model, one epoch.
  const std::string run = " --model mlp --hidden 16 --epochs 1 --validation 0.9 --seed 4";
  const std::string f = std::string(kFashion) + "/";
  const auto named = train(" --dataset fashion-mnist" + run + out("named"));
  ASSERT_EQ(named.exit_code, 0) << named.output;
  const auto files = train(" --train-images " + f + "train-images-idx3-ubyte.gz --train-labels " + f +
                           "train-labels-idx1-ubyte.gz --test-images " + f + "t10k-images-idx3-ubyte.gz --test-labels " +
                           f + "t10k-labels-idx1-ubyte.gz" + run + out("files"));
  ASSERT_EQ(files.exit_code, 0) << files.output;
  const nlohmann::json a = read_json(dir_ / "named" / "summary.json"), b = read_json(dir_ / "files" / "summary.json");
  EXPECT_EQ(a["dataset"], "fashion-mnist");
  EXPECT_EQ(b["dataset"], "idx");
  for (const char* key : {"test_accuracy", "test_loss", "val_accuracy", "val_loss", "params"}) EXPECT_EQ(a[key], b[key]) << key;
  EXPECT_GT(a["test_accuracy"].get<double>(), 0.5);  // it learned: Fashion-MNIST, not noise
  // Epoch by epoch the same losses (the log lines differ only in their times).
  const auto losses = [](const fs::path& log) {
    std::vector<double> out;
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line)["train_loss"].get<double>());
    return out;
  };
  EXPECT_EQ(losses(dir_ / "named" / "log.jsonl"), losses(dir_ / "files" / "log.jsonl"));
  EXPECT_EQ(losses(dir_ / "named" / "log.jsonl").size(), 1u);
}

TEST_F(DataTool, KmnistAndEmnistByNameFromTheirDistributedFiles) {
  write_quadrants(dir_ / "data/kmnist/train-images-idx3-ubyte.gz", dir_ / "data/kmnist/train-labels-idx1-ubyte.gz", 200,
                  false, 0);
  write_quadrants(dir_ / "data/kmnist/t10k-images-idx3-ubyte.gz", dir_ / "data/kmnist/t10k-labels-idx1-ubyte.gz", 40,
                  false, 0);
  const std::string model = " --model mlp --hidden 8 --epochs 10 --batch 20 --validation 0";
  const auto k = train(" --dataset kmnist --data-dir " + (dir_ / "data").string() + model + out("k"));
  ASSERT_EQ(k.exit_code, 0) << k.output;
  const nlohmann::json ks = read_json(dir_ / "k" / "summary.json");
  EXPECT_EQ(ks["dataset"], "kmnist");
  EXPECT_EQ(ks["params"], 784 * 8 + 8 + 8 * 10 + 10);  // 10 classes from the definition (labels 0..3)
  EXPECT_GT(ks["test_accuracy"].get<double>(), 0.9);

  // EMNIST letters, stored transposed and labelled 1..4 of 1..26: 27 classes.
  const fs::path e = dir_ / "data/emnist";
  write_quadrants(e / "emnist-letters-train-images-idx3-ubyte", e / "emnist-letters-train-labels-idx1-ubyte", 200, true, 1);
  write_quadrants(e / "emnist-letters-test-images-idx3-ubyte.gz", e / "emnist-letters-test-labels-idx1-ubyte.gz", 40,
                  true, 1);
  const auto l = train(" --dataset emnist-letters --data-dir " + (dir_ / "data").string() + model + out("e"));
  ASSERT_EQ(l.exit_code, 0) << l.output;
  const nlohmann::json ls = read_json(dir_ / "e" / "summary.json");
  EXPECT_EQ(ls["dataset"], "emnist-letters");
  EXPECT_EQ(ls["params"], 784 * 8 + 8 + 8 * 27 + 27);
  EXPECT_GT(ls["test_accuracy"].get<double>(), 0.9);

  // Another split is not there: the message says which files go where.
  const auto b = train(" --dataset emnist-balanced --data-dir " + (dir_ / "data").string() + out("b"));
  expect_answer(b, 1, "data set 'emnist-balanced' is not in '" + e.string() +
                      "': put emnist-balanced-train-images-idx3-ubyte, emnist-balanced-train-labels-idx1-ubyte, "
                      "emnist-balanced-test-images-idx3-ubyte, emnist-balanced-test-labels-idx1-ubyte there");
}

TEST_F(DataTool, ImpossibleSynapseCountsAreUsageErrorsBeforeTheDataIsRead) {
  // Named data: the geometry comes from the definition. The files are present but empty, so
  // reading them would fail (exit 1): exit 2 shows that nothing was read.
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte"}) {
    fs::create_directories(dir_ / "empty/kmnist");
    std::ofstream(dir_ / "empty/kmnist" / f).flush();
  }
  const std::string kmnist = " --dataset kmnist --data-dir " + (dir_ / "empty").string();
  auto r = train(kmnist + " --model dann-r --synapses 785" + out("r"));
  expect_answer(r, 2, "--synapses 785 does not fit the data: model 'dann-r' layer 0: 785 synapses per dendrite, "
                      "but its input has 784 values (28x28x1)");
  r = train(kmnist + " --model dann-grf --dendrites 800" + out("g"));
  expect_answer(r, 2, "--dendrites 800 does not fit the data");
  r = train(kmnist + " --model dann-r --synapses 784" + out("ok"));  // fits: the empty files are read
  expect_answer(r, 1, "is empty (0 bytes)");

  // IDX files: the geometry comes from the headers. The compressed training images have a valid
  // header but are cut short, which loading would report.
  const std::string corpus = DENDRITE_CORPUS_DIR;
  const std::string idx = " --train-images " + corpus + "/idx/gzip-short-data.idx.gz --train-labels " + corpus +
                          "/data/train-labels.idx --test-images " + corpus + "/data/test-images.idx --test-labels " +
                          corpus + "/data/test-labels.idx";
  r = train(idx + " --model dann-lrf --synapses 65" + out("i"));
  expect_answer(r, 2, "--synapses 65 does not fit the data: model 'dann-lrf' layer 0: 65 synapses per dendrite, "
                      "but its 8x8x1 input has 64 pixels");
  r = train(idx + " --model dann-lrf --synapses 64" + out("i2"));
  expect_answer(r, 1, "decompressed stream has 3065 (truncated)");
}

TEST_F(DataTool, ShapesThatDifferStopTheRunBeforeItsFirstEpoch) {
  const std::string corpus = DENDRITE_CORPUS_DIR;
  const auto r = train(" --train-images " + corpus + "/data/train-images.idx --train-labels " + corpus +
                       "/data/train-labels.idx --test-images " + corpus + "/idx/test-images-9x9.idx --test-labels " +
                       corpus + "/data/test-labels.idx --epochs 50" + out("s"));
  expect_answer(r, 1, "'" + corpus + "/data/train-images.idx' holds samples of 8x8x1, '" + corpus +
                      "/idx/test-images-9x9.idx' of 9x9x1");
  EXPECT_FALSE(fs::exists(dir_ / "s" / "log.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "s" / "checkpoint.ckpt"));
}

TEST_F(DataTool, ClassCountOfIdxFilesIsTheOptionsAndStaysOnResume) {
  testing_data::write_quadrant_idx(dir_.string(), "train", 64, 1);
  testing_data::write_quadrant_idx(dir_.string(), "test", 16, 2);
  const std::string data = testing_data::quadrant_data_args(dir_);
  auto r = train(data + " --model mlp --hidden 4 --epochs 1 --classes 6" + out("c"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_json(dir_ / "c" / "summary.json")["params"], 64 * 4 + 4 + 4 * 6 + 6);  // 6 classes, labels 0..3
  r = train(data + " --resume " + (dir_ / "c" / "checkpoint.ckpt").string() + " --epochs 2 --classes 7");
  expect_answer(r, 2, "--classes 7 contradicts the checkpoint, whose run has --classes 6");
  r = train(data + " --resume " + (dir_ / "c" / "checkpoint.ckpt").string() + " --epochs 2");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // Without --classes: the largest training label + 1 (4 here), as before.
  r = train(data + " --model mlp --hidden 4 --epochs 1" + out("d"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_json(dir_ / "d" / "summary.json")["params"], 64 * 4 + 4 + 4 * 4 + 4);
}

}  // namespace
}  // namespace dendrite
