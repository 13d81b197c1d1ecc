#include "export/onnx_metadata.h"

#include <fmt/format.h>

#include "framework/core/version.h"

namespace dendrite {

namespace {

std::string activation_list(const ModelSpec& spec) {
  std::string s;
  auto add = [&s](const ActivationSpec& a) { s += (s.empty() ? "" : ",") + a.str(); };
  for (const LayerSpec& l : spec.layers) {
    if (l.type == "dense") {
      add(l.activation);
    } else {
      add(l.dendrite_activation);
      add(l.soma_activation);
    }
  }
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> export_metadata(const Model& model, const ExportInfo& info) {
  const ModelSpec& spec = model.spec;
  std::vector<std::pair<std::string, std::string>> meta;
  meta.emplace_back(kModelSpecKey, to_json(spec).dump());
  meta.emplace_back("variant", spec.name);
  meta.emplace_back("layers", std::to_string(spec.layers.size()));
  meta.emplace_back("activations", activation_list(spec));
  for (const LayerSpec& l : spec.layers) {
    if (l.type != "dendritic") continue;
    meta.emplace_back("dendrites", std::to_string(l.dendrites));
    meta.emplace_back("somata", std::to_string(l.somata));
    meta.emplace_back("synapses", std::to_string(l.synapses));
    break;
  }
  meta.emplace_back("parameters", std::to_string(model.parameter_count()));
  if (!info.dataset.empty()) meta.emplace_back("dataset", info.dataset);
  if (info.test_accuracy) meta.emplace_back("test_accuracy", fmt::format("{}", *info.test_accuracy));
  meta.emplace_back("framework_version", framework_version());
  return meta;
}

std::optional<std::string> find_metadata(const onnx::ModelProto& model, const std::string& key) {
  for (const auto& p : model.metadata_props())
    if (p.key() == key) return p.value();
  return std::nullopt;
}

}  // namespace dendrite
