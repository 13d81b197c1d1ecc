// dendrite inspect: what an ONNX file holds (metadata, inputs, outputs, one row per node with its
// types and parameter count, the total) and whether it passes the ONNX checks and the checks of
// its initializer values; or, for a checkpoint (recognised by its magic bytes), its model,
// training position, options and per-epoch metrics.
//
//   dendrite inspect dann-r.onnx
//   dendrite inspect runs/dann-r-mnist-s1/checkpoint.ckpt
#include <cstdio>
#include <memory>

#include "export/onnx_export.h"
#include "export/onnx_summary.h"
#include "export/onnx_validate.h"
#include "framework/core/error.h"
#include "framework/train/checkpoint.h"
#include "framework/train/checkpoint_summary.h"
#include "framework/train/model_io.h"
#include "tools/commands.h"

namespace dendrite::tools {

namespace {

// A checkpoint of dendrite train: what it holds, once its checks (checksum, tensors, model) pass.
int inspect_checkpoint(const std::string& path) {
  const Checkpoint ckpt = load_checkpoint(path);
  const Model model = model_from_checkpoint(ckpt, path);
  std::printf("%s", describe_checkpoint(ckpt, model).c_str());
  std::printf("check: checksum, tensors and model passed (export it with: dendrite export %s -o MODEL.onnx)\n",
              path.c_str());
  return 0;
}

int run(const std::string& path) {
  if (is_checkpoint_file(path)) return inspect_checkpoint(path);
  const onnx::ModelProto model = read_onnx(path);
  std::printf("%s\n%s", path.c_str(), format_onnx_summary(summarize_onnx(model)).c_str());
  try {
    check_onnx_model(model);
    std::printf("check: ONNX checker and strict shape inference passed\n");
    check_onnx_before_running(model, path);
    std::printf("check: initializer values (connectivity indices, finite weights) passed\n");
  } catch (const Error& e) {
    std::printf("check: FAILED: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

Command make_inspect_command() {
  auto path = std::make_shared<std::string>();
  Command c;
  c.name = "inspect";
  c.description = "show what an ONNX file or a checkpoint holds (model, layers, parameters; training state) and check it";
  c.add_options = [path](CLI::App& cmd) { cmd.add_option("model", *path, "ONNX file or checkpoint")->required(); };
  c.run = [path](CLI::App&) { return run(*path); };
  return c;
}

}  // namespace dendrite::tools
