#include "framework/model/variants.h"

#include "framework/core/error.h"

namespace dendrite {

namespace {
struct Variant {
  const char* name;
  const char* input_connectivity;
  const char* soma_connectivity;
};

// The paper's variants differ only in their connectivity (input and dendrite-to-soma wiring).
constexpr Variant kVariants[] = {
    {"dann-r", "random", "block"},     {"dann-lrf", "lrf", "block"},       {"dann-grf", "grf", "block"},
    {"pdann", "all_to_all", "block"},  {"vann", "dense", "dense"},         {"vann-r", "random", "dense"},
    {"vann-lrf", "lrf", "dense"},      {"vann-grf", "grf", "dense"},       {"sann", "random", "random"},
    {"sann-lrf", "lrf", "random"},     {"sann-grf", "grf", "random"},      {"psann", "all_to_all", "random"},
};
}  // namespace

const std::vector<std::string>& variant_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n{"mlp"};
    for (const Variant& v : kVariants) n.emplace_back(v.name);
    return n;
  }();
  return names;
}

bool variant_uses(const std::string& name, const std::string& setting) {
  if (name == "mlp") return setting == "hidden" || setting == "activations" || setting == "dropout";
  for (const Variant& v : kVariants) {
    if (name != v.name) continue;
    const std::string input = v.input_connectivity;
    if (setting == "synapses") return input != "dense" && input != "all_to_all";  // k synapses per dendrite
    return setting == "dendrites" || setting == "somata" || setting == "layers" || setting == "dendrite_activation" ||
           setting == "soma_activation" || setting == "dropout";
  }
  return false;
}

ModelSpec variant_spec(const std::string& name, const VariantOptions& o) {
  ModelSpec spec;
  spec.name = name;
  spec.input = o.input;
  spec.classes = o.classes;
  spec.seed = o.seed;
  if (name == "mlp") {
    DENDRITE_CHECK(!o.hidden.empty(), "mlp: at least one hidden layer is needed");
    DENDRITE_CHECK(o.activations.size() == 1 || o.activations.size() == o.hidden.size(),
                   "mlp: {} activations for {} hidden layers (give one for all, or one per layer)",
                   o.activations.size(), o.hidden.size());
    for (std::size_t i = 0; i < o.hidden.size(); ++i) {
      LayerSpec l;
      l.type = "dense";
      l.units = o.hidden[i];
      l.activation = o.activations.size() == 1 ? o.activations[0] : o.activations[i];
      l.dropout = o.dropout;
      spec.layers.push_back(l);
    }
    spec.validate();
    return spec;
  }
  for (const Variant& v : kVariants) {
    if (name != v.name) continue;
    DENDRITE_CHECK(o.layers >= 1, "{}: layers (L) must be at least 1, got {}", name, o.layers);
    for (std::int64_t i = 0; i < o.layers; ++i) {
      LayerSpec l;
      l.type = "dendritic";
      l.dendrites = o.dendrites;
      l.somata = o.somata;
      l.synapses = o.synapses;
      l.input_connectivity = v.input_connectivity;
      l.soma_connectivity = v.soma_connectivity;
      l.dendrite_activation = o.dendrite_activation;
      l.soma_activation = o.soma_activation;
      l.dropout = o.dropout;
      spec.layers.push_back(l);
    }
    spec.validate();
    return spec;
  }
  std::string known;
  for (const auto& n : variant_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error(fmt::format("unknown model '{}' (known: {})", name, known));
}

}  // namespace dendrite
