#include "tools/onnx_options.h"

#include <cstdio>
#include <filesystem>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "tools/cli_common.h"
#include "framework/train/training_run.h"
#include "tools/model_options.h"

namespace dendrite::tools {

void write_checked_onnx(const Model& model, const ExportInfo& info, const std::string& path,
                        const ExportOptions& options) {
  const onnx::ModelProto proto = export_model(model, info, options);
  check_onnx_model(proto);
  save_onnx(proto, path);
  print_written_onnx(path, model.spec.name, model.parameter_count(), model.spec.classes);
}

// check_onnx_model has verified that the logits come out as float[N, classes].
void print_written_onnx(const std::string& path, const std::string& model_name, std::int64_t parameters,
                        std::int64_t classes) {
  std::printf("wrote %s (model %s, %lld parameters, %llu bytes)\n", path.c_str(), model_name.c_str(),
              static_cast<long long>(parameters), static_cast<unsigned long long>(std::filesystem::file_size(path)));
  std::printf("check: ONNX checker and strict shape inference passed; logits float[N, %lld]\n",
              static_cast<long long>(classes));
}

void add_onnx_train_options(CLI::App& cmd, OnnxTrainOptions& o) {
  cmd.add_option("--export", o.export_path, "after training, export the model to this ONNX file");
  cmd.add_option("--init", o.init_path, "start from the model and weights of an ONNX file exported by dendrite");
}

void check_onnx_train_options(const OnnxTrainOptions& o, const CLI::App& cmd, bool resuming) {
  if (o.init_path.empty()) return;
  DENDRITE_USAGE_CHECK(!resuming, "--init and --resume both say where the model comes from; give one");
  DENDRITE_USAGE_CHECK(!model_options_given(cmd), "--init takes the model from the ONNX file; drop the model options");
}

Model model_from_onnx_init(const OnnxTrainOptions& o, const Dataset& train) {
  Model m = import_onnx(o.init_path);
  const ModelSpec fitted = adapt_to_data(m.spec, train);
  DENDRITE_CHECK(fitted.input == m.spec.input && fitted.classes == m.spec.classes,
                 "'{}': the model takes input {} with {} classes, the training data has {} with {} classes",
                 o.init_path, shape_str(m.spec.input), m.spec.classes, shape_str(fitted.input), fitted.classes);
  return m;
}

void export_after_training(const Model& model, const OnnxTrainOptions& o, const std::string& dataset,
                           double test_accuracy) {
  if (!o.export_path.empty()) write_checked_onnx(model, ExportInfo{dataset, test_accuracy}, o.export_path);
}

}  // namespace dendrite::tools
