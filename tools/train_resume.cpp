// --resume and the options a run records in its checkpoints (see train_options.h).
#include <cmath>
#include <type_traits>
#include <vector>

#include "tools/train_options.h"

namespace dendrite::tools {

RunOptions run_options(const TrainOptions& o) {
  RunOptions run;
  run.dataset = data_set_label(o.data);
  run.data = {o.validation, o.input_noise, o.sequential};
  run.impl = parse_sparse_impl(o.impl);
  return run;
}

TrainConfig train_config(const TrainOptions& o) {
  TrainConfig cfg;
  cfg.epochs = o.epochs;
  cfg.batch = o.batch;
  cfg.seed = o.seed;
  cfg.optimizer = o.optimizer;
  cfg.quiet = o.quiet;
  return cfg;
}

nlohmann::json run_options_json(const TrainOptions& o) {
  nlohmann::json j = run_info_json(run_options(o), train_config(o));
  if (data_set_label(o.data) == "idx") {
    j["data"] = {{"train_images", o.data.train_images}, {"train_labels", o.data.train_labels},
                 {"test_images", o.data.test_images}, {"test_labels", o.data.test_labels}};
    if (o.data.classes > 0) j["classes"] = o.data.classes;
  }
  if (!o.data.cifar100_labels.empty()) j["cifar100_labels"] = o.data.cifar100_labels;
  return j;
}

std::vector<std::string> apply_checkpoint_options(TrainOptions& o, const CLI::App& cmd, const Checkpoint& ckpt) {
  const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json& meta = ckpt.meta.is_object() ? ckpt.meta : none;
  const nlohmann::json& run = meta.contains("run") && meta["run"].is_object() ? meta["run"] : none;
  // Reads in[key] into value when present; a value of the wrong type (or an integer given as a
  // float, which get<> would convert unchecked) is an error naming the checkpoint.
  const auto recorded = [&](const nlohmann::json& in, const char* key, auto& value) {
    using T = std::decay_t<decltype(value)>;
    if (!in.contains(key)) return false;
    const nlohmann::json& v = in[key];
    bool ok = false;
    if constexpr (std::is_same_v<T, bool>) ok = v.is_boolean();
    else if constexpr (std::is_unsigned_v<T>) ok = v.is_number_unsigned();
    else if constexpr (std::is_integral_v<T>) ok = v.is_number_integer();
    else if constexpr (std::is_floating_point_v<T>) ok = v.is_number() && std::isfinite(v.get<double>());
    else ok = v.is_string();
    DENDRITE_CHECK(ok, "checkpoint '{}': the run's option '{}' = {} has the wrong type", o.resume, key, v.dump());
    value = v.get<T>();
    return true;
  };
  // Options the run keeps: taken from the checkpoint, an explicit different value is an error.
  const auto keep = [&](const nlohmann::json& in, const char* option, const char* key, auto& value) {
    std::decay_t<decltype(value)> saved{};
    if (!recorded(in, key, saved)) return;
    DENDRITE_USAGE_CHECK(cmd.count(option) == 0 || saved == value,
                         "{} {} contradicts the checkpoint, whose run has {} {}; a resumed run keeps its options "
                         "(drop {})", option, value, option, saved, option);
    value = saved;
  };
  // Options that may change: the checkpoint's value unless one is given; a change is reported.
  std::vector<std::string> changes;
  const auto adopt = [&](const nlohmann::json& in, const char* option, const char* key, auto& value) {
    std::decay_t<decltype(value)> saved{};
    if (!recorded(in, key, saved)) return;
    if (cmd.count(option) == 0) value = saved;
    else if (!(value == saved)) changes.push_back(fmt::format("resume: {} {} -> {} (from the command line)", option, saved, value));
  };
  // A path given on the command line changes the option when it names another file.
  const auto adopt_path = [&](const nlohmann::json& in, const char* option, const char* key, std::string& value) {
    std::string saved;
    if (!recorded(in, key, saved)) return;
    if (cmd.count(option) == 0) value = saved;
    else if (!same_file(saved, value)) changes.push_back(fmt::format("resume: {} {} -> {} (from the command line)", option, saved, value));
  };
  keep(run, "--seed", "seed", o.seed);
  keep(run, "--batch", "batch", o.batch);
  keep(run, "--validation", "validation", o.validation);
  keep(run, "--input-noise", "input_noise", o.input_noise);
  keep(run, "--sequential", "sequential", o.sequential);
  keep(run, "--classes", "classes", o.data.classes);
  keep(run, "--cifar100-labels", "cifar100_labels", o.data.cifar100_labels);
  adopt(run, "--epochs", "epochs", o.epochs);
  if (run.contains("optimizer") && run["optimizer"].is_object()) {
    const nlohmann::json& opt = run["optimizer"];
    keep(opt, "--optimizer", "type", o.optimizer.type);
    adopt(opt, "--lr", "lr", o.optimizer.lr);
    adopt(opt, "--momentum", "momentum", o.optimizer.momentum);
    adopt(opt, "--nesterov", "nesterov", o.optimizer.nesterov);
    adopt(opt, "--beta1", "beta1", o.optimizer.beta1);
    adopt(opt, "--beta2", "beta2", o.optimizer.beta2);
    adopt(opt, "--eps", "eps", o.optimizer.eps);
    adopt(opt, "--weight-decay", "weight_decay", o.optimizer.weight_decay);
  }
  std::string dataset;
  if (recorded(run, "dataset", dataset)) {
    DataOptions& d = o.data;
    const bool data_given = d.dataset_given || !d.test_images.empty() || !d.train_images.empty();
    if (dataset == "idx" && !d.dataset_given) {  // the files may have moved: new paths are reported
      const nlohmann::json& files = run.contains("data") && run["data"].is_object() ? run["data"] : none;
      adopt_path(files, "--train-images", "train_images", d.train_images);
      adopt_path(files, "--train-labels", "train_labels", d.train_labels);
      adopt_path(files, "--test-images", "test_images", d.test_images);
      adopt_path(files, "--test-labels", "test_labels", d.test_labels);
    } else if (!data_given) {
      d.dataset = dataset;
    }
    DENDRITE_USAGE_CHECK(data_set_label(d) == dataset, "the checkpoint's run trained on {}, not on {}; a resumed run "
                         "keeps its data", dataset, data_set_label(d));
  }
  // The trainer checks the training state itself when it loads it; only a valid count matters here.
  const nlohmann::json& training = meta.contains("training") && meta["training"].is_object() ? meta["training"] : none;
  if (training.contains("epoch") && training["epoch"].is_number_integer() && o.epochs != 0) {
    const auto completed = training["epoch"].get<std::int64_t>();
    DENDRITE_USAGE_CHECK(o.epochs >= completed, "--epochs {} is fewer than the {} epochs the checkpoint has completed",
                         o.epochs, completed);
  }
  return changes;
}

std::string checkpoint_model_name(const Checkpoint& ckpt) {
  const nlohmann::json& meta = ckpt.meta;
  if (meta.is_object() && meta.contains("model") && meta["model"].is_object() && meta["model"].contains("name") &&
      meta["model"]["name"].is_string())
    return meta["model"]["name"].get<std::string>();
  return "model";
}

}  // namespace dendrite::tools
