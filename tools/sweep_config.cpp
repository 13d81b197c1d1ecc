#include "tools/sweep_config.h"

#include <map>
#include <set>
#include <vector>

#include "framework/model/variants.h"
#include "framework/sweep/cost.h"
#include "framework/sweep/run_key.h"
#include "framework/core/text_check.h"
#include "framework/core/version.h"
#include "tools/cli_common.h"
#include "tools/model_options.h"

namespace dendrite::tools {

namespace {

// Train options a configuration may not set, and why.
const std::map<std::string, std::string>& refused_options() {
  static const std::map<std::string, std::string> refused = [] {
    std::map<std::string, std::string> r;
    for (const char* o : {"dataset", "data-dir", "train-images", "train-labels", "test-images", "test-labels", "classes",
                          "cifar100-labels", "data", "train-data", "test-data"})
      r[o] = "the data is given to dendrite sweep itself, once for all runs";
    for (const char* o : {"out", "checkpoint", "log", "summary", "export"})
      r[o] = "a sweep keeps every run's results in its store";
    for (const char* o : {"resume", "overwrite"}) r[o] = "sweep runs start afresh; rerun the sweep to continue it";
    for (const char* o : {"model-file", "init"})
      r[o] = "a configuration is its options (the run key would not cover the file's contents); use --model and the sizes";
    r["threads"] = "the sweep sets each run's threads (--threads-per-run)";
    for (const char* o : {"quiet", "no-progress"}) r[o] = "sweep runs print nothing; the sweep shows its own progress";
    r["help"] = "not a training option";
    return r;
  }();
  return refused;
}

// An app holding the train options, to look up an option's definition.
struct TrainApp {
  TrainOptions options;
  CLI::App app{"dendrite train"};
  TrainApp() { add_train_options(app, options); }
};

// A configuration key is the option's name with '_' for '-' (input_noise for --input-noise); both
// spellings are read.
std::string option_name(std::string key) {
  for (char& c : key) c = c == '_' ? '-' : c;
  return key;
}

const CLI::Option* train_option(const TrainApp& t, const std::string& name) {
  return t.app.get_option_no_throw("--" + option_name(name));
}

void check_option_name(const TrainApp& t, const std::string& key) {
  const std::string name = option_name(key);
  if (const auto it = refused_options().find(name); it != refused_options().end())
    throw UsageError(fmt::format("--{} cannot be set per run: {}", name, it->second));
  if (train_option(t, name) == nullptr) throw UsageError(fmt::format("'{}' is not a dendrite train option", key));
}

// One option and value as command-line words: {"--dendrites", "16"}; a flag is {"--sequential"}
// when true and nothing when false.
std::vector<std::string> option_words(const TrainApp& t, const std::string& name, const nlohmann::json& value) {
  const CLI::Option* opt = train_option(t, name);
  DENDRITE_ASSERT(opt != nullptr, "option --{} was checked", name);
  const std::string option = "--" + option_name(name);
  if (opt->get_expected_max() == 0) {  // a flag
    bool on = false;
    if (value.is_boolean()) on = value.get<bool>();
    else if (value.is_string() && (value == "on" || value == "true")) on = true;
    else if (!(value.is_string() && (value == "off" || value == "false")))
      throw UsageError(fmt::format("{} is a flag: give true or false (or on / off), not {}", option, value.dump()));
    // Off is said explicitly: a flag may be on by default (--restore-best).
    return {on ? option : option + "=false"};
  }
  if (value.is_string()) {
    // A NUL would end the word early (CLI11 reads C strings); JSON needs UTF-8.
    const std::string problem = text_problem(value.get_ref<const std::string&>());
    if (!problem.empty()) throw UsageError(fmt::format("{}: the value {}", option, problem));
    return {option, value.get<std::string>()};
  }
  if (value.is_number_unsigned()) return {option, std::to_string(value.get<std::uint64_t>())};
  if (value.is_number_integer()) return {option, std::to_string(value.get<std::int64_t>())};
  if (value.is_number_float()) return {option, fmt::format("{}", value.get<double>())};
  throw UsageError(fmt::format("{} takes a value, not {}", option, value.dump()));
}

// Parses `words` with the train options; CLI11's message is kept (it names the option).
void parse_words(TrainApp& t, const std::vector<std::string>& words) {
  std::vector<const char*> argv = {"train"};
  for (const std::string& w : words) argv.push_back(w.c_str());
  try {
    t.app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

std::string config_key(std::string option) {
  for (char& c : option) c = c == '-' ? '_' : c;
  return option;
}

struct ConfigurationReader::Definitions {
  TrainApp app;
  TrainOptions defaults = app.options;  // as the definitions left them (CLI11 may set defaults)
};

ConfigurationReader::ConfigurationReader() : definitions_(std::make_unique<Definitions>()) {}
ConfigurationReader::~ConfigurationReader() = default;

SweepConfiguration read_configuration(const nlohmann::json& config, const std::string& dataset) {
  return ConfigurationReader().read(config, dataset);
}

SweepConfiguration ConfigurationReader::read(const nlohmann::json& config, const std::string& dataset) {
  TrainApp& t = definitions_->app;
  t.options = definitions_->defaults;
  t.app.clear();
  try {
    DENDRITE_CHECK(config.is_object(), "a configuration must be a JSON object of train options");
    std::vector<std::string> words;
    std::set<std::string> given;
    for (const auto& [key, value] : config.items()) {
      check_option_name(t, key);
      DENDRITE_USAGE_CHECK(given.insert(option_name(key)).second, "--{} is given twice", option_name(key));
      for (std::string& w : option_words(t, key, value)) words.push_back(std::move(w));
    }
    parse_words(t, words);
    SweepConfiguration c;
    c.options = t.options;
    // The checks `dendrite train` makes before reading data.
    c.spec = model_spec_from_options(c.options.model, c.options.seed);
    try {
      validate_optimizer_config(c.options.optimizer);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    DENDRITE_USAGE_CHECK(c.options.seed <= static_cast<std::uint64_t>(INT64_MAX),
                         "--seed {} is larger than the store keeps (at most 2^63 - 1)", c.options.seed);
    const std::int64_t epochs = resolved_epochs(c.options, dataset);
    check_protocol_options(t.app, c.options.protocol, c.options.optimizer.lr, epochs, c.options.validation);
    c.config = canonical_run_config(c.options, c.spec, epochs);
    return c;
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

GridChecks configuration_checks() {
  GridChecks checks;
  checks.option = [](const std::string& name) {
    TrainApp t;
    check_option_name(t, name);
  };
  checks.value = [](const std::string& name, const nlohmann::json& value) {
    TrainApp t;
    parse_words(t, option_words(t, name, value));
  };
  checks.key = config_key;
  return checks;
}

RunRecord make_run_record(const SweepConfiguration& c, const std::string& dataset, const std::string& dataset_hash,
                          const ModelSpec& fitted_spec, std::int64_t train_samples, std::int64_t test_samples) {
  const nlohmann::json& j = c.config;
  RunRecord r;
  r.config = j;
  r.dataset = dataset;
  r.dataset_hash = dataset_hash;
  r.framework_version = framework_version();
  r.key = run_key(j, dataset_hash, r.framework_version);
  r.model = j["model"].get<std::string>();
  if (j.contains("dendrites")) r.dendrites = j["dendrites"].get<std::int64_t>();
  if (j.contains("somata")) r.somata = j["somata"].get<std::int64_t>();
  if (j.contains("synapses")) r.synapses = j["synapses"].get<std::int64_t>();
  r.layers = static_cast<std::int64_t>(fitted_spec.layers.size());
  r.seed = static_cast<std::int64_t>(c.options.seed);
  r.input_noise = c.options.input_noise;
  r.sequential = c.options.sequential;
  r.epochs = j["epochs"].get<std::int64_t>();
  r.batch = c.options.batch;
  r.optimizer = c.options.optimizer.type;
  r.lr = c.options.optimizer.lr;
  r.dropout = c.options.model.dropout;
  const auto validation = static_cast<std::int64_t>(std::llround(c.options.validation * static_cast<double>(train_samples)));
  r.cost = estimate_run_seconds(fitted_spec, {r.epochs, train_samples - validation, validation, test_samples});
  return r;
}

}  // namespace dendrite::tools
