// --resume and the options a run records in its checkpoints (see train_options.h).
#include <vector>

#include "tools/train_options.h"

namespace dendrite::tools {

nlohmann::json run_options_json(const TrainOptions& o) {
  RunConfig c = o;
  c.data.dataset = data_set_label(o.data);
  c.epochs = resolved_epochs(o, c.data.dataset);
  return c.to_json();
}

std::vector<std::string> apply_checkpoint_options(TrainOptions& o, const CLI::App& cmd, const Checkpoint& ckpt) {
  const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json& meta = ckpt.meta.is_object() ? ckpt.meta : none;
  const nlohmann::json recorded = recorded_run_config(meta.contains("run") ? meta["run"] : none);
  const std::string source = fmt::format("checkpoint '{}'", o.resume);
  const auto option = [](const std::string& key) {
    std::string name = "--" + key;
    for (char& c : name) c = c == '_' ? '-' : c;
    return name;
  };
  ResumeRule rule;
  rule.given = [&](const std::string& key) { return cmd.count(option(key)) > 0; };
  rule.contradiction = [](const std::string& message) { throw UsageError(message); };
  std::vector<std::string> changes = apply_recorded_run_config(o, recorded, rule, source);

  // The data: a named data set stays; IDX files may have moved, and new paths are reported.
  const auto text = [&](const char* key, std::string& value) {
    if (!recorded.contains(key)) return false;
    DENDRITE_CHECK(recorded[key].is_string(), "{}: the run's option '{}' = {} has the wrong type", source, key,
                   recorded[key].dump());
    value = recorded[key].get<std::string>();
    return true;
  };
  std::string dataset;
  if (text("dataset", dataset)) {
    DataOptions& d = o.data;
    const bool data_given = d.dataset_given || d.from_files();
    if (dataset == "idx" && !d.dataset_given) {
      for (const auto& [key, value] : {std::pair<const char*, std::string*>{"train_images", &d.train_images},
                                       {"train_labels", &d.train_labels},
                                       {"test_images", &d.test_images},
                                       {"test_labels", &d.test_labels},
                                       {"data", &d.data},
                                       {"train_data", &d.train_data},
                                       {"test_data", &d.test_data}}) {
        std::string saved;
        if (!text(key, saved) || saved.empty()) continue;
        if (!rule.given(key)) *value = saved;
        else if (!same_file(saved, *value))
          changes.push_back(fmt::format("resume: {} {} -> {} (from the command line)", option(key), saved, *value));
      }
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
