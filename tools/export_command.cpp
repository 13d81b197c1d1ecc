// dendrite export: a checkpoint (from dendrite train) to an ONNX file, checked before it is written.
//
//   dendrite export runs/dann-r-mnist-s1/checkpoint.ckpt -o dann-r.onnx
//   dendrite export ... --unfused-layers     # each dANN layer as four nodes (older files)
#include <memory>

#include "export/onnx_metadata.h"
#include "framework/train/checkpoint.h"
#include "framework/train/model_io.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/onnx_options.h"

namespace dendrite::tools {

namespace {

struct ExportCommandOptions {
  std::string checkpoint;
  std::string output;
  bool unfused_layers = false;
};

// The training run's data set (and test accuracy, when a checkpoint records one).
ExportInfo info_from_checkpoint(const Checkpoint& ckpt) {
  ExportInfo info;
  if (!ckpt.meta.is_object() || !ckpt.meta.contains("run") || !ckpt.meta["run"].is_object()) return info;
  const nlohmann::json& run = ckpt.meta["run"];
  if (run.contains("dataset") && run["dataset"].is_string()) info.dataset = run["dataset"].get<std::string>();
  if (run.contains("test_accuracy") && run["test_accuracy"].is_number())
    info.test_accuracy = run["test_accuracy"].get<double>();
  return info;
}

int run(const ExportCommandOptions& o) {
  check_distinct_outputs({{"--output", o.output}}, {{"the checkpoint", o.checkpoint}});
  check_output_path("--output", o.output);
  const Checkpoint ckpt = load_checkpoint(o.checkpoint);
  const Model model = model_from_checkpoint(ckpt, o.checkpoint);
  ExportOptions options;
  options.fuse_layers = !o.unfused_layers;
  write_checked_onnx(model, info_from_checkpoint(ckpt), o.output, options);
  return 0;
}

}  // namespace

Command make_export_command() {
  auto o = std::make_shared<ExportCommandOptions>();
  Command c;
  c.name = "export";
  c.description = "export a trained model (checkpoint) to ONNX";
  c.add_options = [o](CLI::App& cmd) {
    cmd.add_option("checkpoint", o->checkpoint, "checkpoint written by dendrite train")->required();
    cmd.add_option("-o,--output", o->output, "ONNX file to write")->required();
    cmd.add_flag("--unfused-layers", o->unfused_layers,
                 "write each dANN layer as its four nodes (Dendritic, activation, Somatic, activation), as "
                 "earlier versions did, instead of one ai.dendrite.DendriticLayer node");
  };
  c.run = [o](CLI::App&) { return run(*o); };
  return c;
}

}  // namespace dendrite::tools
