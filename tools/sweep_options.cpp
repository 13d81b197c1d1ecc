#include "tools/sweep_options.h"

#include <sstream>

#include "framework/sweep/grid_file.h"
#include "tools/sweep_config.h"

namespace dendrite::tools {

namespace {
// The axis options: (option of dendrite sweep, train option, help).
struct AxisOption {
  const char* sweep_option;
  const char* train_option;
  const char* help;
};
constexpr AxisOption kAxisOptions[] = {
    {"--models", "model", "variants to train, e.g. dann-r,dann-lrf,dann-grf,vann (any of train's --model)"},
    {"--dendrites", "dendrites", "dendrites per soma (D), e.g. 1,4,16"},
    {"--somata", "somata", "somata (S), e.g. 32,128,512"},
    {"--synapses", "synapses", "synapses per dendrite (k)"},
    {"--layers", "layers", "dendritic layers (L)"},
    {"--seeds", "seed", "seeds, e.g. 1,2,3"},
    {"--input-noise", "input_noise", "sigmas of the Gaussian input noise, e.g. 0,0.25,0.5"},
    {"--sequential", "sequential", "the class-sorted sequential task: off, on or both"},
    {"--epochs", "epochs", "epochs (default: the paper's for the data set with --grid, else train's default)"},
    {"--optimizer", "optimizer", "sgd | adam | adamw"},
    {"--lr", "lr", "learning rates"},
    {"--dropout", "dropout", "dropout rates"},
};

std::vector<std::string> split_values(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  if (!text.empty() && text.back() == ',') out.emplace_back();
  return out;
}

void add_values(Grid& g, const std::string& what, const std::string& option, const std::string& text,
                const GridChecks& checks) {
  std::vector<nlohmann::json> values;
  for (const std::string& v : split_values(text)) {
    DENDRITE_USAGE_CHECK(!v.empty(), "{}: an empty value in '{}'", what, text);
    if (option == "sequential" && v == "both") {
      values.emplace_back("off");
      values.emplace_back("on");
      continue;
    }
    try {
      checks.value(option, v);
    } catch (const Error& e) {
      throw UsageError(fmt::format("{}: {}", what, e.what()));
    }
    values.emplace_back(v);
  }
  DENDRITE_USAGE_CHECK(!values.empty(), "{}: no values", what);
  if (values.size() == 1) g.set_fixed(option, values[0]);
  else g.set_axis(option, values);
}
}  // namespace

void add_sweep_options(CLI::App& cmd, SweepOptions& o) {
  cmd.add_option("--store", o.store, "the result store (SQLite file; created if missing)")->required();
  add_data_options(cmd, o.data, /*need_train=*/true);
  cmd.add_option("--grid", o.grid, "a named grid: paper (the authors' ~2,100 runs) | reduced (a subset for 2 cores)")
      ->check(CLI::IsMember({"paper", "reduced"}));
  cmd.add_option("--grid-file", o.grid_file, "a grid as JSON: {\"fixed\": {..}, \"axes\": {..}, \"extra\": [..]}");
  for (const AxisOption& a : kAxisOptions) {
    const std::string train_option = a.train_option;
    cmd.add_option_function<std::string>(
        a.sweep_option, [&o, train_option](const std::string& v) { o.axes.emplace_back(train_option, v); }, a.help);
  }
  cmd.add_option("--set", o.sets, "any other train option: option=value[,value...] (repeatable), e.g. batch=64")
      ->take_all()
      ->allow_extra_args(false);
  cmd.add_option("--jobs", o.jobs, "local worker processes (default: cores / threads-per-run)")
      ->check(CLI::Range(1, 4096));
  cmd.add_option("--threads-per-run", o.threads_per_run, "compute threads of each run")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxThreads));
  cmd.add_flag("--oversubscribe", o.oversubscribe, "allow jobs x threads-per-run above the core count");
  cmd.add_option("--worker-timeout", o.worker_timeout,
                 "under mpirun: seconds a rank with a run may send nothing (it sends a heartbeat every second) "
                 "before the sweep ends as if it were lost; 0: wait forever")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{86400}));
  cmd.add_flag("--dry-run", o.dry_run, "print the plan (configurations, what the store holds, cost) and stop");
}

Grid grid_from_options(const SweepOptions& o, const std::string& dataset) {
  const GridChecks checks = configuration_checks();
  Grid g;
  if (!o.grid.empty()) g = preset_grid(o.grid, dataset);
  if (!o.grid_file.empty()) {
    try {
      g.merge(read_grid_file(o.grid_file, checks));
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }
  for (const auto& [option, values] : o.axes) {
    std::string flag = option;
    for (const AxisOption& a : kAxisOptions)
      if (option == a.train_option) flag = a.sweep_option;
    add_values(g, flag, option, values, checks);
  }
  for (const std::string& s : o.sets) {
    const std::size_t eq = s.find('=');
    DENDRITE_USAGE_CHECK(eq != std::string::npos && eq > 0, "--set '{}': expected option=value[,value...]", s);
    const std::string option = s.substr(0, eq);
    try {
      checks.option(option);
    } catch (const Error& e) {
      throw UsageError(fmt::format("--set {}: {}", s, e.what()));
    }
    add_values(g, "--set " + s, checks.key(option), s.substr(eq + 1), checks);
  }
  DENDRITE_USAGE_CHECK(!o.grid.empty() || !o.grid_file.empty() || !o.axes.empty() || !o.sets.empty(),
                       "no grid: give --grid paper|reduced, --grid-file FILE, or axes such as --models and --seeds");
  return g;
}

int local_jobs(const SweepOptions& o, int cores) {
  const int jobs = o.jobs > 0 ? o.jobs : std::max(1, cores / o.threads_per_run);
  DENDRITE_USAGE_CHECK(o.oversubscribe || static_cast<long>(jobs) * o.threads_per_run <= cores,
                       "--jobs {} x --threads-per-run {} = {} threads on {} cores would oversubscribe them; use fewer "
                       "or pass --oversubscribe", jobs, o.threads_per_run, jobs * o.threads_per_run, cores);
  return jobs;
}

}  // namespace dendrite::tools
