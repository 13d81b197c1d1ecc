// dendrite export: a checkpoint (from dendrite train) to an ONNX file, checked before it is written.
//
//   dendrite export runs/dann-r-mnist-s1/checkpoint.ckpt -o dann-r.onnx
//   dendrite export ... --unfused-layers     # each dANN layer as four nodes (older files)
#include <memory>

#include "dendrite/model.h"
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

// Through the public C++ API: what a program linking libdendrite.so does to export a checkpoint
// (the data set and test accuracy the checkpoint records go into the file's metadata).
int run(const ExportCommandOptions& o) {
  check_distinct_outputs({{"--output", o.output}}, {{"the checkpoint", o.checkpoint}});
  check_output_path("--output", o.output);
  const api::Model model = api::Model::load(o.checkpoint);
  model.export_onnx(o.output, /*one_node_per_layer=*/!o.unfused_layers);
  print_written_onnx(o.output, model.description().name, model.parameter_count(), model.description().classes);
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
