// `dendrite train` on the same samples as IDX files, .npy files, two .npz archives of x and y
// (--train-data, --test-data) and one archive in Keras' form (--data): the same run, bit for bit.
// The data are the fixtures of tests/data/fixtures (make_fixtures.py): six 3x4 images of 3 classes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;
using testing::fixture;

class OwnDataFormats : public ::testing::Test {
 protected:
  test::CommandResult train(const std::string& data, const std::string& out) const {
    return test::run_command(test::dendrite_tool() + " train " + data +
                             " --model mlp --hidden 4 --epochs 2 --batch 2 --validation 0.5 --threads 1 --quiet "
                             "--no-progress --out " + (temp_.path() / out).string());
  }
  nlohmann::json summary(const std::string& out) const {
    std::ifstream in(temp_.path() / out / "summary.json");
    return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  const test::TempDir temp_;
};

TEST_F(OwnDataFormats, IdxNpyAndNpzTrainAlike) {
  const std::string idx = " --train-images " + fixture("same-images-idx3-ubyte") + " --train-labels " +
                          fixture("same-labels-idx1-ubyte") + " --test-images " + fixture("same-images-idx3-ubyte") +
                          " --test-labels " + fixture("same-labels-idx1-ubyte");
  const std::string npy = " --train-images " + fixture("images_u8.npy") + " --train-labels " +
                          fixture("labels_uint8.npy") + " --test-images " + fixture("images_u8.npy") +
                          " --test-labels " + fixture("labels_uint8.npy");
  const std::string npz = " --train-data " + fixture("xy.npz") + " --test-data " + fixture("xy.npz");
  const std::string keras = " --data " + fixture("keras_deflate.npz");
  for (const auto& [data, out] : {std::pair{idx, "idx"}, {npy, "npy"}, {npz, "npz"}, {keras, "keras"}}) {
    const test::CommandResult r = train(data, out);
    ASSERT_EQ(r.exit_code, 0) << out << ": " << r.output;
  }
  const nlohmann::json a = summary("idx");
  ASSERT_TRUE(a.is_object());
  for (const char* out : {"npy", "npz", "keras"}) {
    const nlohmann::json b = summary(out);
    for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy"})
      EXPECT_EQ(a[key], b[key]) << out << " " << key;
    // Keras' archive holds the test images in another order: the mean loss may round differently.
    if (std::string(out) != "keras") {
      EXPECT_EQ(a["test_loss"], b["test_loss"]) << out;
    }
  }
}

TEST_F(OwnDataFormats, OneFormOfDataFilesAtATime) {
  const std::string npz = fixture("xy.npz");
  for (const std::string& bad : {" --data " + npz + " --train-data " + npz + " --test-data " + npz,
                                 " --train-data " + npz, " --data " + npz + " --dataset mnist",
                                 " --data " + npz + " --test-images " + fixture("images_u8.npy")}) {
    const test::CommandResult r = train(bad, "bad");
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
  }
  const test::CommandResult missing = train(" --data " + npz, "missing");
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("has no array 'x_test' (it holds: x, y)"), std::string::npos)
      << "the missing array named: " << missing.output;
  const test::CommandResult sweep = test::run_command(test::dendrite_tool() + " sweep --store " +
                                                      (temp_.path() / "s.db").string() + " --data " + npz +
                                                      " --set model=mlp --dry-run");
  EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
  EXPECT_NE(sweep.output.find("--data"), std::string::npos) << sweep.output;
}

}  // namespace
}  // namespace dendrite
