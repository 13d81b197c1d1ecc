// Model descriptions: named variants and JSON, through the framework's ModelSpec.
#include "dendrite/description.h"

#include "framework/model/variants.h"
#include "framework/api/conversions.h"

namespace dendrite::api {

namespace {

ActivationSpec variant_activation(const std::string& text, const char* field) {
  try {
    return ActivationSpec::parse(text);
  } catch (const Error& e) {
    throw Error(fmt::format("VariantSize::{}: {}", field, e.what()));
  }
}

ActivationSpec activation(const std::string& text, const char* layer_field, std::size_t layer) {
  try {
    return ActivationSpec::parse(text);
  } catch (const Error& e) {
    throw Error(fmt::format("model description: layer {}: {}: {}", layer, layer_field, e.what()));
  }
}

}  // namespace

Layer Layer::dense(std::int64_t units, const std::string& activation) {
  Layer l;
  l.type = "dense";
  l.units = units;
  l.activation = activation;
  return l;
}

Layer Layer::dendritic(std::int64_t dendrites, std::int64_t somata, std::int64_t synapses,
                       const std::string& input_connectivity, const std::string& soma_connectivity) {
  Layer l;
  l.type = "dendritic";
  l.dendrites = dendrites;
  l.somata = somata;
  l.synapses = synapses;
  l.input_connectivity = input_connectivity;
  l.soma_connectivity = soma_connectivity;
  return l;
}

ModelSpec to_spec(const ModelDescription& d) {
  ModelSpec spec;
  spec.name = d.name;
  spec.input = d.input;
  spec.classes = d.classes;
  spec.seed = d.seed;
  spec.normalize = d.normalize;
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    const Layer& l = d.layers[i];
    LayerSpec s;
    s.type = l.type;
    s.units = l.units;
    s.activation = activation(l.activation, "activation", i);
    s.dendrites = l.dendrites;
    s.somata = l.somata;
    s.synapses = l.synapses;
    s.input_connectivity = l.input_connectivity;
    s.soma_connectivity = l.soma_connectivity;
    s.dendrite_activation = activation(l.dendrite_activation, "dendrite_activation", i);
    s.soma_activation = activation(l.soma_activation, "soma_activation", i);
    s.dropout = l.dropout;
    spec.layers.push_back(s);
  }
  return spec;
}

ModelDescription from_spec(const ModelSpec& spec) {
  ModelDescription d;
  d.name = spec.name;
  d.input = spec.input;
  d.classes = spec.classes;
  d.seed = spec.seed;
  d.normalize = spec.normalize;
  for (const LayerSpec& s : spec.layers) {
    Layer l;
    l.type = s.type;
    l.units = s.units;
    l.activation = s.activation.str();
    l.dendrites = s.dendrites;
    l.somata = s.somata;
    l.synapses = s.synapses;
    l.input_connectivity = s.input_connectivity;
    l.soma_connectivity = s.soma_connectivity;
    l.dendrite_activation = s.dendrite_activation.str();
    l.soma_activation = s.soma_activation.str();
    l.dropout = s.dropout;
    d.layers.push_back(l);
  }
  return d;
}

ModelDescription ModelDescription::variant(const std::string& name, const VariantSize& size) {
  return variant(name, size, {28, 28, 1}, 10, 1);
}

ModelDescription ModelDescription::variant(const std::string& name, const VariantSize& size,
                                           const std::vector<std::int64_t>& input, std::int64_t classes,
                                           std::uint64_t seed) {
  DENDRITE_CHECK(input.size() == 3 && input[0] > 0 && input[1] > 0 && input[2] > 0,
                 "ModelDescription::variant: input must be {{height, width, channels}}, all positive, got {}",
                 shape_str(input));
  DENDRITE_CHECK(classes >= 2, "ModelDescription::variant: classes must be at least 2, got {}", classes);
  DENDRITE_CHECK(size.dendrites > 0 && size.somata > 0 && size.synapses > 0 && size.layers > 0,
                 "VariantSize: dendrites, somata, synapses and layers must be positive, got {}, {}, {}, {}",
                 size.dendrites, size.somata, size.synapses, size.layers);
  // The same options dendrite train turns its model options into (tools/model_options.cpp).
  VariantOptions o;
  o.input = input;
  o.classes = classes;
  o.seed = seed;
  o.dendrites = size.dendrites;
  o.somata = size.somata;
  o.synapses = size.synapses;
  o.layers = size.layers;
  o.hidden = size.hidden;
  o.dropout = size.dropout;
  o.dendrite_activation = variant_activation(size.dendrite_activation, "dendrite_activation");
  o.soma_activation = variant_activation(size.soma_activation, "soma_activation");
  o.activations.clear();
  for (const std::string& a : size.activations) o.activations.push_back(variant_activation(a, "activations"));
  ModelSpec spec = variant_spec(name, o);
  spec.validate();
  return from_spec(spec);
}

ModelDescription ModelDescription::from_json(const std::string& json) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("model description: not valid JSON: {}", e.what()));
  }
  return from_spec(model_spec_from_json(j));
}

std::string ModelDescription::to_json() const { return dendrite::to_json(to_spec(*this)).dump(2); }

void ModelDescription::validate() const { to_spec(*this).validate(); }

std::vector<std::string> variant_names() { return dendrite::variant_names(); }

}  // namespace dendrite::api
