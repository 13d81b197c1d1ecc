// `dendrite export`, `dendrite inspect` and `dendrite train --export / --init` run as a user runs
// them: exit codes, what they print, and the files they write.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "framework/core/rng.h"
#include "framework/data/idx.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "framework/model/variants.h"
#include "tests/common/small_model.h"
#include "tests/export/export_test_util.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;
using namespace export_test;

class OnnxTool : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { data_.reset(); }
  static void SetUpTestSuite() {
    data_ = testing_data::make_quadrant_data_dir(300, 100);
    dir_ = data_->path();
  }
  static test::CommandResult tool(const std::string& args) {
    return test::run_command(test::dendrite_tool() + " " + args);
  }
  static std::string train_args(const std::string& out) {
    return "train" + testing_data::quadrant_data_args(dir_) + " --epochs 1 --batch 32 --lr 0.01 --no-progress --out " +
           (dir_ / out).string();
  }
  static inline std::unique_ptr<test::TempDir> data_;
  static inline fs::path dir_;
};

TEST_F(OnnxTool, ExportACheckpointThenInspectIt) {
  const Model m = build_model(small_variant("dann-r"));
  Checkpoint ckpt = model_checkpoint(m);
  ckpt.meta["run"] = {{"dataset", "fashion-mnist"}};
  const fs::path ckpt_path = dir_ / "model.ckpt", onnx_path = dir_ / "model.onnx";
  save_checkpoint(ckpt_path.string(), ckpt);

  const auto e = tool("export " + ckpt_path.string() + " -o " + onnx_path.string());
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_NE(e.output.find("wrote " + onnx_path.string()), std::string::npos) << e.output;
  EXPECT_NE(e.output.find("check: ONNX checker and strict shape inference passed; logits float[N, 3]"),
            std::string::npos) << e.output;
  EXPECT_EQ(find_metadata(read_onnx(onnx_path.string()), "dataset"), "fashion-mnist");
  const Model back = import_onnx(onnx_path.string());
  EXPECT_EQ(back.parameter_count(), m.parameter_count());

  const auto i = tool("inspect " + onnx_path.string());
  ASSERT_EQ(i.exit_code, 0) << i.output;
  for (const std::string& s : {std::string("variant"), std::string("dann-r"), std::string("layer0.dendrites"),
                               std::string("ai.dendrite.Dendritic"), std::string("ai.dendrite.Somatic"),
                               std::string("float[N, 64] -> float[N, 32]"), std::string("total trainable parameters"),
                               std::to_string(m.parameter_count()), std::string("check: ONNX checker")})
    EXPECT_NE(i.output.find(s), std::string::npos) << s << "\n" << i.output;
}

// A dANN with the paper's activations exports its layer as one DendriticLayer node, which inspect
// shows with its attributes; --unfused-layers writes the four nodes of earlier files instead.
TEST_F(OnnxTool, ExportsADannLayerAsOneNodeOrAsFour) {
  VariantOptions o = test::small_options();
  o.classes = 3;
  const Model m = build_model(variant_spec("dann-grf", o));
  const fs::path ckpt_path = dir_ / "layer.ckpt", fused = dir_ / "fused.onnx", four = dir_ / "four.onnx";
  save_checkpoint(ckpt_path.string(), model_checkpoint(m));
  ASSERT_EQ(tool("export " + ckpt_path.string() + " -o " + fused.string()).exit_code, 0);
  const auto e = tool("export " + ckpt_path.string() + " -o " + four.string() + " --unfused-layers");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  const auto a = tool("inspect " + fused.string());
  ASSERT_EQ(a.exit_code, 0) << a.output;
  for (const std::string s : {"ai.dendrite.DendriticLayer", "layer0 ", "float[N, 64] -> float[N, 8]",
                              "dendrite_activation=leaky_relu, dendrite_alpha=0.1, soma_activation=leaky_relu, soma_alpha=0.1"})
    EXPECT_NE(a.output.find(s), std::string::npos) << s << "\n" << a.output;
  EXPECT_EQ(a.output.find("\nlayer0.dendrites "), std::string::npos) << "no node row of its own\n" << a.output;
  const auto b = tool("inspect " + four.string());
  ASSERT_EQ(b.exit_code, 0) << b.output;
  for (const std::string s : {"\nlayer0.dendrites ", "ai.dendrite.Somatic", "LeakyRelu"})
    EXPECT_NE(b.output.find(s), std::string::npos) << s << "\n" << b.output;
  EXPECT_EQ(b.output.find("DendriticLayer"), std::string::npos) << b.output;
  EXPECT_EQ(import_onnx(fused.string()).parameter_count(), import_onnx(four.string()).parameter_count());
}

TEST_F(OnnxTool, BadFilesAndOptions) {
  const fs::path garbage = dir_ / "garbage.onnx";
  write_bytes(garbage, "not an onnx file at all");
  const auto i = tool("inspect " + garbage.string());
  EXPECT_EQ(i.exit_code, 1) << i.output;
  EXPECT_NE(i.output.find(garbage.string()), std::string::npos) << i.output;
  EXPECT_EQ(tool("export " + (dir_ / "missing.ckpt").string() + " -o x.onnx").exit_code, 1);
  EXPECT_EQ(tool("export " + (dir_ / "missing.ckpt").string()).exit_code, 2);  // no -o
  const auto init_and_model = tool(train_args("bad") + " --init " + garbage.string() + " --model mlp");
  EXPECT_EQ(init_and_model.exit_code, 2) << init_and_model.output;
  EXPECT_NE(init_and_model.output.find("--init takes the model from the ONNX file"), std::string::npos);
}

TEST_F(OnnxTool, TrainExportsAndStartsFromAnExport) {
  const fs::path first = dir_ / "first.onnx", second = dir_ / "second.onnx";
  const auto a = tool(train_args("run-a") + " --model mlp --hidden 16 --export " + first.string());
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const onnx::ModelProto p = read_onnx(first.string());
  EXPECT_EQ(find_metadata(p, "dataset"), "idx");
  ASSERT_TRUE(find_metadata(p, "test_accuracy").has_value());
  EXPECT_GT(std::stod(*find_metadata(p, "test_accuracy")), 0.3);

  const auto b = tool(train_args("run-b") + " --init " + first.string() + " --export " + second.string());
  ASSERT_EQ(b.exit_code, 0) << b.output;
  // Same architecture (from the file), different (further trained) weights.
  const Model ma = import_onnx(first.string()), mb = import_onnx(second.string());
  EXPECT_EQ(to_json(ma.spec), to_json(mb.spec));
  const ValueId w = ma.graph.find("layer0.weight");
  EXPECT_FALSE(ma.graph.value(w).data.bitwise_equal(mb.graph.value(w).data));
}

}  // namespace
}  // namespace dendrite
