// ONNX pieces of the dendrite tool: writing a checked ONNX file (dendrite export, train --export)
// and starting training from an exported model (train --init).
//
//   OnnxTrainOptions onnx;
//   add_onnx_train_options(cmd, onnx);                 // --export, --init
//   check_onnx_train_options(onnx, cmd, resuming);     // UsageError for bad combinations
//   Model m = model_from_onnx_init(onnx, train);       // --init, checked against the data
//   export_after_training(m, onnx, "mnist", 0.97);     // --export
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "export/onnx_export.h"
#include "export/onnx_metadata.h"
#include "framework/data/dataset.h"
#include "framework/model/model.h"

namespace dendrite::tools {

// Exports, checks (check_onnx_model) and saves; prints the path and the check result to stdout.
void write_checked_onnx(const Model& model, const ExportInfo& info, const std::string& path,
                        const ExportOptions& options = {});
// The lines write_checked_onnx prints, for a file written and checked elsewhere (the C++ API).
void print_written_onnx(const std::string& path, const std::string& model_name, std::int64_t parameters,
                        std::int64_t classes);

struct OnnxTrainOptions {
  std::string export_path;  // --export: ONNX file written after training
  std::string init_path;    // --init: ONNX file (exported by dendrite) whose model and weights to start from
};

void add_onnx_train_options(CLI::App& cmd, OnnxTrainOptions& o);
// --init takes the model from the file: no model options, no --resume.
void check_onnx_train_options(const OnnxTrainOptions& o, const CLI::App& cmd, bool resuming);
// The model of --init; Error when its input size or class count does not fit the training data.
Model model_from_onnx_init(const OnnxTrainOptions& o, const Dataset& train);
// Writes --export when it was given.
void export_after_training(const Model& model, const OnnxTrainOptions& o, const std::string& dataset,
                           double test_accuracy);

}  // namespace dendrite::tools
