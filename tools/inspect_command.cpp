// dendrite inspect: what an ONNX file holds (metadata, inputs, outputs, one row per node with its
// types and parameter count, the total) and whether it passes the ONNX checks.
//
//   dendrite inspect dann-r.onnx
#include <cstdio>
#include <memory>

#include "export/onnx_export.h"
#include "export/onnx_summary.h"
#include "export/onnx_validate.h"
#include "framework/core/error.h"
#include "tools/commands.h"

namespace dendrite::tools {

namespace {

int run(const std::string& path) {
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
  c.description = "show the metadata, layers and parameter counts of an ONNX file";
  c.add_options = [path](CLI::App& cmd) { cmd.add_option("model", *path, "ONNX file")->required(); };
  c.run = [path](CLI::App&) { return run(*path); };
  return c;
}

}  // namespace dendrite::tools
