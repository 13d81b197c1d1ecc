#include "tools/model_options.h"

#include <algorithm>
#include <utility>

#include "framework/model/input_fit.h"
#include "framework/model/variants.h"
#include "tools/cli_common.h"

namespace dendrite::tools {

namespace {
const char* const kModelOptionNames[] = {"--model", "--model-file", "--hidden", "--activation", "--dendrites",
                                         "--somata", "--synapses", "--layers", "--dendrite-activation",
                                         "--soma-activation", "--dropout", "--normalize"};

// Each model option with the VariantOptions setting it fills (see variant_uses).
const std::pair<const char*, const char*> kOptionSettings[] = {
    {"--hidden", "hidden"},         {"--activation", "activations"},
    {"--dendrites", "dendrites"},   {"--somata", "somata"},
    {"--synapses", "synapses"},     {"--layers", "layers"},
    {"--dendrite-activation", "dendrite_activation"}, {"--soma-activation", "soma_activation"},
    {"--dropout", "dropout"}};

ActivationSpec parse_activation_option(const std::string& option, const std::string& text) {
  try {
    return ActivationSpec::parse(text);
  } catch (const Error& e) {
    throw UsageError(fmt::format("{}: {}", option, e.what()));
  }
}
}  // namespace

void add_model_options(CLI::App& cmd, ModelOptions& o) {
  std::string names;
  for (const auto& n : variant_names()) names += (names.empty() ? "" : " | ") + n;
  cmd.add_option("--model", o.model, names)->capture_default_str();
  cmd.add_option("--model-file", o.model_file, "JSON model description (instead of --model)");
  cmd.add_option("--hidden", o.hidden, "mlp: hidden widths, comma-separated")->capture_default_str();
  cmd.add_option("--activation", o.activation, "mlp: one activation for all layers, or one per layer; e.g. relu, leaky_relu(0.1)")
      ->capture_default_str();
  cmd.add_option("--dendrites", o.dendrites, "dANN: dendrites per soma (D)")->capture_default_str()->check(positive_integer());
  cmd.add_option("--somata", o.somata, "dANN: somata (S)")->capture_default_str()->check(positive_integer());
  cmd.add_option("--synapses", o.synapses, "dANN: synapses per dendrite (k)")->capture_default_str()->check(positive_integer());
  cmd.add_option("--layers", o.layers, "dANN: dendritic layers (L)")->capture_default_str()->check(positive_integer());
  cmd.add_option("--dendrite-activation", o.dendrite_activation, "dANN: activation of the dendrites")->capture_default_str();
  cmd.add_option("--soma-activation", o.soma_activation, "dANN: activation of the somata")->capture_default_str();
  cmd.add_option("--dropout", o.dropout, "dropout after every hidden activation")->check(fraction_below_one());
  cmd.add_option("--normalize", o.normalize, "input stage (x - mean) / std with the training split's statistics: none | "
                 "feature (per feature) | global (one mean and std); part of the model, so checkpoints and the ONNX "
                 "file carry it (default none, or the --model-file's)")
      ->check(CLI::IsMember({"none", "feature", "global"}));
}

bool model_options_given(const CLI::App& cmd) {
  for (const char* n : kModelOptionNames)
    if (cmd.count(n) > 0) return true;
  return false;
}

void check_model_options_apply(const CLI::App& cmd, const ModelOptions& o) {
  const auto known = variant_names();
  const bool from_file = !o.model_file.empty();
  if (!from_file && std::find(known.begin(), known.end(), o.model) == known.end()) return;
  std::string takes;
  for (const auto& [option, setting] : kOptionSettings)
    if (!from_file && variant_uses(o.model, setting)) takes += (takes.empty() ? "" : ", ") + std::string(option);
  const char* note = cmd.count("--model") > 0 ? "" : " (the default --model)";
  for (const auto& [option, setting] : kOptionSettings) {
    if (cmd.count(option) == 0) continue;
    DENDRITE_USAGE_CHECK(!from_file, "{} does not apply with --model-file, which describes the whole model; drop {}",
                         option, option);
    DENDRITE_USAGE_CHECK(variant_uses(o.model, setting), "{} does not apply to the model {}{}; {} takes {}", option,
                         o.model, note, o.model, takes);
  }
}

ModelSpec model_spec_from_options(const ModelOptions& o, std::uint64_t seed) {
  if (!o.model_file.empty()) {
    ModelSpec spec = load_model_spec(o.model_file);
    spec.seed = seed;
    if (!o.normalize.empty()) spec.normalize = o.normalize;
    return spec;
  }
  VariantOptions v;
  v.seed = seed;
  v.dendrites = o.dendrites;
  v.somata = o.somata;
  v.synapses = o.synapses;
  v.layers = o.layers;
  v.dropout = o.dropout;
  v.dendrite_activation = parse_activation_option("--dendrite-activation", o.dendrite_activation);
  v.soma_activation = parse_activation_option("--soma-activation", o.soma_activation);
  v.hidden.clear();
  for (const std::string& h : split_list(o.hidden))
    v.hidden.push_back(parse_positive_item("--hidden", h, "a positive width (use e.g. 256,128)"));
  v.activations.clear();
  for (const std::string& a : split_list(o.activation)) v.activations.push_back(parse_activation_option("--activation", a));
  DENDRITE_USAGE_CHECK(o.dendrites > 0 && o.somata > 0 && o.synapses > 0 && o.layers > 0,
                       "--dendrites, --somata, --synapses and --layers must be positive");
  try {
    ModelSpec spec = variant_spec(o.model, v);
    if (!o.normalize.empty()) spec.normalize = o.normalize;
    return spec;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

void check_model_fits_input(ModelSpec spec, const Shape& sample_shape, const ModelOptions& options) {
  spec.input = {sample_shape[0], sample_shape[1], sample_shape[2]};
  const std::optional<InputFitProblem> p = find_input_fit_problem(spec);
  if (!p) return;
  // A model description that does not fit the data is a bad file (exit 1), options are usage errors.
  if (!options.model_file.empty())
    throw Error(fmt::format("'{}': model '{}' {}", options.model_file, spec.name, p->message));
  const char* option = p->field == "synapses" ? "--synapses" : p->field == "dendrites" ? "--dendrites" : "--model";
  const std::int64_t value = p->field == "synapses" ? options.synapses : options.dendrites;
  const std::string given = p->field == "input_connectivity" ? options.model : std::to_string(value);
  throw UsageError(fmt::format("{} {} does not fit the data: model '{}' {}", option, given, spec.name, p->message));
}

}  // namespace dendrite::tools
