#include "tools/sweep_plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "framework/data/content_hash.h"
#include "framework/sweep/run_key.h"
#include "framework/train/training_run.h"
#include "framework/sweep/sweep_progress.h"
#include "tools/model_options.h"
#include "tools/sweep_config.h"
#include "tools/data_options.h"
#include "tools/train_options.h"

namespace dendrite::tools {

SweepPlan check_sweep_plan(const SweepOptions& o) {
  validate_data_options(o.data);
  // The workers are sent the data's name or its four array files; archives are not passed on.
  DENDRITE_USAGE_CHECK(o.data.data.empty() && o.data.train_data.empty() && o.data.test_data.empty(),
                       "dendrite sweep takes a named data set or --train-images, --train-labels, --test-images and "
                       "--test-labels (IDX or .npy); --data, --train-data and --test-data (.npz) are for train");
  SweepPlan plan;
  plan.dataset = data_set_label(o.data);
  plan.grid = grid_from_options(o, plan.dataset);
  const std::int64_t size = plan.grid.size();
  DENDRITE_USAGE_CHECK(size <= kMaxGridConfigurations,
                       "the grid has {} configurations; a sweep plans at most {} (each is checked and kept in "
                       "memory before the first run): split it into several sweeps, e.g. one per model or seed "
                       "range, on the same store", size == INT64_MAX ? std::string("more than 2^63") :
                       std::to_string(size), kMaxGridConfigurations);
  std::vector<nlohmann::json> raw;
  try {
    raw = plan.grid.expand();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  std::set<std::string> seen;
  ConfigurationReader reader;
  for (nlohmann::json& c : raw) {
    SweepConfiguration checked;
    try {
      checked = reader.read(c, plan.dataset);
    } catch (const Error& e) {
      throw UsageError(fmt::format("configuration {}: {}", c.dump(), e.what()));
    }
    c = nullptr;  // read: its memory goes back before the next one
    if (!seen.insert(canonical_json(checked.config)).second) {
      plan.duplicates += 1;
      continue;
    }
    plan.configurations.push_back(std::move(checked));
  }
  raw = {};
  // The data's geometry from its definition or the file headers: a model that cannot be built on
  // it is a usage error too, before the data is read.
  const DataShapes shapes = peek_data(o.data);
  for (const SweepConfiguration& c : plan.configurations) {
    try {
      check_model_fits_input(c.spec, shapes.train, c.options.model);
    } catch (const Error& e) {
      throw UsageError(fmt::format("configuration {}: {}", c.config.dump(), e.what()));
    }
  }
  return plan;
}

void load_sweep_data(const SweepOptions& o, SweepPlan& plan) {
  // The [0, 1] warning when some run does not standardise its inputs (--normalize).
  const bool all_normalized = std::all_of(plan.configurations.begin(), plan.configurations.end(),
                                          [](const SweepConfiguration& c) { return c.spec.normalize != "none"; });
  TrainTest data = load_checked_data(o.data, DataWarnings{true, all_normalized});
  // The split's warnings once per sweep, for each validation fraction and rule of its grid.
  std::set<std::pair<double, std::string>> splits;
  for (const SweepConfiguration& c : plan.configurations)
    splits.emplace(c.options.validation, c.options.validation_split);
  for (const auto& [fraction, rule] : splits) print_validation_split_warnings(data.train, fraction, rule);
  plan.train = std::move(data.train);
  plan.test = std::move(data.test);
  plan.dataset_hash = dataset_content_hash(plan.train, plan.test);
  plan.runs.reserve(plan.configurations.size());
  for (SweepConfiguration& c : plan.configurations) {
    ModelSpec fitted;
    try {
      fitted = adapt_to_data(c.spec, plan.train);
    } catch (const Error& e) {
      throw UsageError(fmt::format("configuration {}: on {}: {}", c.config.dump(), plan.dataset, e.what()));
    }
    plan.runs.push_back(make_run_record(c, plan.dataset, plan.dataset_hash, fitted, plan.train.size(), plan.test.size()));
    c = SweepConfiguration();  // the record holds what the sweep needs of it
  }
  plan.configurations = {};
}

namespace {
std::string grid_text(const Grid& g) {
  std::string axes, fixed;
  for (const GridAxis& a : g.axes) axes += fmt::format("{}{} ({})", axes.empty() ? "" : ", ", a.option, a.values.size());
  for (const auto& [option, value] : g.fixed.items())
    fixed += fmt::format("{}{}={}", fixed.empty() ? "" : " ", option, value.is_string() ? value.get<std::string>() : value.dump());
  std::string text = fmt::format("axes: {}", axes.empty() ? "none" : axes);
  if (!fixed.empty()) text += fmt::format("; fixed: {}", fixed);
  if (!g.extra.empty()) text += fmt::format("; {} extra configurations", g.extra.size());
  return text;
}
}  // namespace

std::string plan_text(const SweepPlan& plan, const std::map<std::string, std::string>& statuses,
                      const std::string& store, int workers, int threads_per_run) {
  std::map<std::string, std::int64_t> count;
  double cost_left = 0;
  const RunRecord* largest = nullptr;
  for (const RunRecord& r : plan.runs) {
    const auto it = statuses.find(r.key);
    const std::string status = it == statuses.end() ? "new" : it->second;
    count[status] += 1;
    if (status == "done") continue;
    cost_left += r.cost;
    if (largest == nullptr || r.cost > largest->cost) largest = &r;
  }
  const std::int64_t to_run = static_cast<std::int64_t>(plan.runs.size()) - count["done"];
  std::string text = fmt::format("sweep: {} configurations on {} ({} training, {} test samples; data hash {:.12})\n",
                                 plan.runs.size(), plan.dataset, plan.train.size(), plan.test.size(), plan.dataset_hash);
  text += fmt::format("  {}\n", grid_text(plan.grid));
  if (plan.duplicates > 0)
    text += fmt::format("  {} configurations of the grid are the same run as another (options the model does not "
                        "use) and run once\n", plan.duplicates);
  text += fmt::format("store {}: {} done, {} failed before, {} pending, {} new -> {} to run\n", store, count["done"],
                      count["failed"], count["pending"] + count["running"], count["new"], to_run);
  if (to_run > 0) {
    text += fmt::format("estimated cost: {:.2f} core-hours; about {} with {} worker{} ({} thread{} each); largest run "
                        "first: {} (~{})\n",
                        cost_left / 3600.0, clock_text(cost_left / std::max(workers, 1)), workers,
                        workers == 1 ? "" : "s", threads_per_run, threads_per_run == 1 ? "" : "s",
                        describe_run(*largest), clock_text(largest->cost));
  }
  return text;
}

}  // namespace dendrite::tools
