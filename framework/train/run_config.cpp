#include "framework/train/run_config.h"

#include <cmath>
#include <limits>
#include <map>
#include <type_traits>

#include "framework/core/error.h"
#include "framework/data/catalog.h"
#include "framework/data/validation_split.h"

namespace dendrite {

namespace {

// The option a key stands for: "input_noise" -> "--input-noise".
std::string option_of(const std::string& key) {
  std::string o = "--" + key;
  for (char& c : o) c = c == '_' ? '-' : c;
  return o;
}

// Reads `v` into `value` when it has the member's type; Error naming the field otherwise.
template <class T>
void read_value(const nlohmann::json& v, const std::string& key, const std::string& source, T& value) {
  bool ok = false;
  if constexpr (std::is_same_v<T, bool>) {
    ok = v.is_boolean();
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    ok = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
  } else if constexpr (std::is_integral_v<T>) {
    ok = v.is_number_integer() && (!v.is_number_unsigned() || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(
                                                                  std::numeric_limits<T>::max()));
    if (ok) {
      const auto i = v.get<std::int64_t>();
      ok = i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max();
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    ok = v.is_number() && std::isfinite(v.get<double>());
  } else {
    ok = v.is_string() && v.get_ref<const std::string&>().find('\0') == std::string::npos;
  }
  DENDRITE_CHECK(ok, "{}: field '{}' = {} has the wrong type or value (expected {})", source, key, v.dump(),
                 std::is_same_v<T, bool> ? "true or false"
                 : std::is_integral_v<T> ? "an integer in range"
                 : std::is_floating_point_v<T> ? "a finite number"
                                               : "a string without NUL bytes");
  value = v.get<T>();
}

// The names of the legacy nested fields of a checkpoint's "run" (before RunConfig): the object,
// its member, and the flat key.
struct LegacyField {
  const char* object;
  const char* member;
  const char* key;
};
const LegacyField kLegacyFields[] = {
    {"optimizer", "type", "optimizer"},         {"optimizer", "lr", "lr"},
    {"optimizer", "momentum", "momentum"},      {"optimizer", "nesterov", "nesterov"},
    {"optimizer", "beta1", "beta1"},            {"optimizer", "beta2", "beta2"},
    {"optimizer", "eps", "eps"},                {"optimizer", "weight_decay", "weight_decay"},
    {"lr_schedule", "kind", "lr_schedule"},     {"lr_schedule", "warmup_epochs", "warmup_epochs"},
    {"lr_schedule", "step_size", "lr_step_size"}, {"lr_schedule", "gamma", "lr_gamma"},
    {"lr_schedule", "min_lr", "lr_min"},        {"lr_schedule", "factor", "lr_factor"},
    {"lr_schedule", "patience", "lr_patience"}, {"early_stopping", "patience", "early_stop"},
    {"early_stopping", "min_delta", "min_delta"}, {"early_stopping", "restore_best", "restore_best"},
    {"data", "train_images", "train_images"},   {"data", "train_labels", "train_labels"},
    {"data", "test_images", "test_images"},     {"data", "test_labels", "test_labels"},
};

// Whether a field is used by the run `c` describes (its value makes a difference), for the
// canonical form: the options of the other kind of model, optimizer or schedule are not.
bool field_used(const std::string& key, const RunConfig& c, const ModelSpec& spec) {
  const bool mlp = c.model.model == "mlp";
  if (key == "hidden" || key == "activation") return mlp;
  if (key == "dendrites" || key == "somata" || key == "layers" || key == "dendrite_activation" ||
      key == "soma_activation")
    return !mlp;
  if (key == "synapses") return !mlp && !spec.layers.front().dense_input();
  if (key == "model_file") return false;  // a sweep refuses it: the key would not cover the file
  if (key == "normalize") return spec.normalize != "none";
  if (key == "validation_split") return c.validation > 0 && c.validation_split != "last";
  const bool sgd = c.optimizer.type == "sgd";
  if (key == "momentum" || key == "nesterov") return sgd;
  if (key == "beta1" || key == "beta2" || key == "eps") return !sgd;
  const LrScheduleConfig& s = c.protocol.lr_schedule;
  const bool scheduled = s.kind != "constant" || s.warmup_epochs > 0;
  if (key == "lr_schedule" || key == "warmup_epochs") return scheduled;
  for (const LegacyField& f : kLegacyFields)
    if (std::string(f.object) == "lr_schedule" && key == f.key)
      return scheduled && lr_schedule_config_json(s).contains(f.member);
  if (key == "min_delta" || key == "restore_best" || key == "early_stop") return c.protocol.early_stop >= 0;
  return true;
}

// Activations as ActivationSpec writes them: "leaky_relu(0.10)" -> "leaky_relu(0.1)"; a list item by item.
std::string normalised_activations(const std::string& list) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = list.find(',', start);
    const std::string item = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out += (out.empty() ? "" : ",") + ActivationSpec::parse(item).str();
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// The data set's name and its files' paths: a resumed run compares them itself (files may move).
bool is_data_location(const std::string& key) {
  return key == "dataset" || key == "train_images" || key == "train_labels" || key == "test_images" ||
         key == "test_labels" || key == "data" || key == "train_data" || key == "test_data";
}

}  // namespace

const std::vector<RunConfigField>& run_config_fields() {
  static const std::vector<RunConfigField> fields = [] {
    std::vector<RunConfigField> out;
    RunConfig c;
    for_each_run_config_field(c, [&](const RunConfigField& f, auto&) { out.push_back(f); });
    return out;
  }();
  return fields;
}

const RunConfigField* find_run_config_field(const std::string& key) {
  for (const RunConfigField& f : run_config_fields())
    if (key == f.key) return &f;
  return nullptr;
}

void RunConfig::check() const {
  const auto positive = [](const char* key, std::int64_t v) {
    DENDRITE_CHECK(v >= 1, "{}: must be >= 1, got {}", key, v);
  };
  DENDRITE_CHECK(epochs >= 0, "epochs: must be >= 0 (0: the data set's default), got {}", epochs);
  positive("batch", batch);
  DENDRITE_CHECK(seed <= static_cast<std::uint64_t>(INT64_MAX), "seed: must be at most 2^63 - 1, got {}", seed);
  DENDRITE_CHECK(std::isfinite(validation) && validation >= 0 && validation < 1,
                 "validation: must be a fraction in [0, 1), got {}", validation);
  parse_validation_split(validation_split);
  DENDRITE_CHECK(std::isfinite(input_noise) && input_noise >= 0 && input_noise <= 10,
                 "input_noise: must be in [0, 10], got {}", input_noise);
  DENDRITE_CHECK(impl == "sparse" || impl == "masked", "impl: must be sparse or masked, got '{}'", impl);
  DENDRITE_CHECK(threads >= 0, "threads: must be >= 0 (0: one per core), got {}", threads);
  positive("dendrites", model.dendrites);
  positive("somata", model.somata);
  positive("synapses", model.synapses);
  positive("layers", model.layers);
  DENDRITE_CHECK(std::isfinite(model.dropout) && model.dropout >= 0 && model.dropout < 1,
                 "dropout: must be a fraction in [0, 1), got {}", model.dropout);
  DENDRITE_CHECK(model.normalize.empty() || model.normalize == "none" || model.normalize == "feature" ||
                     model.normalize == "global",
                 "normalize: must be none, feature or global, got '{}'", model.normalize);
  DENDRITE_CHECK(data.classes == 0 || data.classes >= 2, "classes: must be at least 2 (0: from the labels), got {}",
                 data.classes);
  validate_optimizer_config(optimizer);
  if (const auto p = find_lr_schedule_problem(protocol.lr_schedule, optimizer.lr,
                                              resolved_epochs(*this, data_set_label(data))))
    throw Error(fmt::format("lr_schedule: {} {}", p->field, p->message));
  DENDRITE_CHECK(protocol.early_stop >= -1, "early_stop: must be >= 0 (-1: off), got {}", protocol.early_stop);
  DENDRITE_CHECK(std::isfinite(protocol.min_delta) && protocol.min_delta >= 0, "min_delta: must be >= 0, got {}",
                 protocol.min_delta);
}

nlohmann::json RunConfig::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for_each_run_config_field(*this, [&](const RunConfigField& f, const auto& v) { j[f.key] = v; });
  return j;
}

RunConfig RunConfig::from_json(const nlohmann::json& j) {
  DENDRITE_CHECK(j.is_object(), "a run configuration must be a JSON object, got {}", j.dump());
  for (const auto& [key, value] : j.items()) {
    (void)value;
    DENDRITE_CHECK(find_run_config_field(key) != nullptr, "run configuration: unknown field '{}'", key);
  }
  RunConfig c;
  for_each_run_config_field(c, [&](const RunConfigField& f, auto& v) {
    if (j.contains(f.key)) read_value(j[f.key], f.key, "run configuration", v);
  });
  return c;
}

std::string data_set_label(const DataOptions& d) { return d.from_files() ? "idx" : d.dataset; }

std::int64_t resolved_epochs(const RunConfig& c, const std::string& dataset_label) {
  return c.epochs != 0 ? c.epochs : default_epochs(dataset_label);
}

nlohmann::json canonical_run_config(const RunConfig& c, const ModelSpec& spec, std::int64_t epochs) {
  nlohmann::json out = nlohmann::json::object();
  for_each_run_config_field(c, [&](const RunConfigField& f, const auto& v) {
    if (f.role == FieldRole::none || f.group == FieldGroup::data || !field_used(f.key, c, spec)) return;
    out[f.key] = v;
  });
  // Values in one spelling: what the spec made of them.
  if (out.contains("hidden")) {
    std::string hidden;
    for (const LayerSpec& l : spec.layers) hidden += (hidden.empty() ? "" : ",") + std::to_string(l.units);
    out["hidden"] = hidden;
  }
  for (const char* key : {"activation", "dendrite_activation", "soma_activation"})
    if (out.contains(key)) out[key] = normalised_activations(out[key].get<std::string>());
  if (out.contains("normalize")) out["normalize"] = spec.normalize;
  out["epochs"] = epochs;
  return out;
}

nlohmann::json recorded_run_config(const nlohmann::json& run) {
  nlohmann::json out = nlohmann::json::object();
  if (!run.is_object()) return out;
  const bool nested = run.contains("optimizer") && run["optimizer"].is_object();
  for (const auto& [key, value] : run.items()) {
    // The nested form's objects ("optimizer", "data": the four files) are read below.
    if (find_run_config_field(key) != nullptr && !(nested && key == "optimizer") && !value.is_object())
      out[key] = value;
  }
  // Runs recorded before the validation split had a rule held out the last samples.
  if (!run.contains("validation_split")) out["validation_split"] = "last";
  if (!nested) return out;
  // A checkpoint of the nested form: its objects' members under their flat keys. It recorded no
  // schedule before schedules existed (then it ran the constant one) and null without early stopping.
  for (const LegacyField& f : kLegacyFields) {
    const auto object = run.find(f.object);
    if (object != run.end() && object->is_object() && object->contains(f.member)) out[f.key] = (*object)[f.member];
  }
  if (!run.contains("lr_schedule")) {
    out["lr_schedule"] = "constant";
    out["warmup_epochs"] = 0;
  }
  if (!run.contains("early_stopping") || run["early_stopping"].is_null()) out["early_stop"] = -1;
  return out;
}

std::vector<std::string> apply_recorded_run_config(RunConfig& c, const nlohmann::json& recorded,
                                                   const ResumeRule& rule, const std::string& source) {
  std::vector<std::string> changes;
  const bool stopping_was_on = recorded.contains("early_stop") && recorded["early_stop"].is_number_integer() &&
                               recorded["early_stop"].get<std::int64_t>() >= 0;
  if (recorded.contains("early_stop") && !stopping_was_on && rule.given("early_stop") && c.protocol.early_stop >= 0)
    rule.contradiction("--early-stop contradicts the checkpoint, whose run has no early stopping; a resumed run "
                       "keeps its options (drop --early-stop)");
  for_each_run_config_field(c, [&](const RunConfigField& f, auto& value) {
    using T = std::decay_t<decltype(value)>;
    if (f.role == FieldRole::none || is_data_location(f.key) || !recorded.contains(f.key)) return;
    T saved{};
    read_value(recorded[f.key], f.key, source, saved);
    const std::string option = option_of(f.key);
    const bool given = rule.given(f.key);
    if (f.role == FieldRole::identity) {
      if (given && !(saved == value))
        rule.contradiction(fmt::format("{} {} contradicts the checkpoint, whose run has {} {}; a resumed run keeps "
                                       "its options (drop {})", option, value, option, saved, option));
      value = saved;
      return;
    }
    if (!given) value = saved;
    else if (!(value == saved))
      changes.push_back(fmt::format("resume: {} {} -> {} (from the command line)", option, saved, value));
  });
  return changes;
}

}  // namespace dendrite
