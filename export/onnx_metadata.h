// The metadata_props dendrite writes into exported ONNX files, and reading them back.
//
//   key                  value
//   dendrite.model_spec  the ModelSpec as JSON (what import_onnx rebuilds the model from)
//   variant              the model's name ("dann-grf", "mlp", ...)
//   layers               number of hidden layers (dense or dendritic)
//   activations          one per activation, comma separated ("leaky_relu(0.1),leaky_relu(0.1)")
//   dendrites, somata, synapses   D, S, k of the first dendritic layer (dendritic models only)
//   parameters           number of trainable parameters
//   dataset              the training data set, when known
//   test_accuracy        the test accuracy after training, when known
//   framework_version    dendrite's version
//
//   ExportInfo info{"mnist", 0.9731};
//   for (auto& [key, value] : export_metadata(model, info)) ...
//   std::optional<std::string> spec = find_metadata(proto, kModelSpecKey);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "framework/model/model.h"

namespace dendrite {

inline constexpr const char* kModelSpecKey = "dendrite.model_spec";

// What the exporter cannot learn from the model itself.
struct ExportInfo {
  std::string dataset;                  // empty: not recorded
  std::optional<double> test_accuracy;  // absent: not recorded
};

std::vector<std::pair<std::string, std::string>> export_metadata(const Model& model, const ExportInfo& info);
std::optional<std::string> find_metadata(const onnx::ModelProto& model, const std::string& key);

}  // namespace dendrite
