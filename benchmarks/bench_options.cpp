#include "benchmarks/bench_options.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "benchmarks/bench_workload.h"
#include "framework/core/error.h"
#include "framework/model/model_rewrite.h"
#include "tools/cli_common.h"

namespace dendrite::bench {

namespace {

using tools::parse_positive_item;
using tools::positive_number;
using tools::split_list;
using tools::UsageError;

// "DxS" -> (D, S).
std::pair<std::int64_t, std::int64_t> parse_size(const std::string& option, const std::string& size) {
  const std::size_t x = size.find('x');
  DENDRITE_USAGE_CHECK(x != std::string::npos, "{}: '{}' is not DxS (e.g. 16x256)", option, size);
  return {parse_positive_item(option, size.substr(0, x)), parse_positive_item(option, size.substr(x + 1))};
}

}  // namespace

void add_bench_options(CLI::App& cmd, BenchOptions& o) {
  tools::add_data_options(cmd, o.data, /*need_train=*/true);
  cmd.add_option("--models", o.models, "variants to compare, comma-separated (any of `dendrite train --model`)")
      ->capture_default_str();
  cmd.add_option("--sizes", o.sizes, "DxS sizes (dendrites per soma x somata), comma-separated")->capture_default_str();
  cmd.add_option("--impls", o.impls, "implementations of the sparse layers: sparse, masked")->capture_default_str();
  cmd.add_option("--batch", o.batch, "training batch size")->capture_default_str()->check(positive_number());
  cmd.add_option("--steps", o.steps, "timed training steps per case (after the warm-up)")
      ->capture_default_str()->check(positive_number());
  cmd.add_option("--warmup", o.warmup, "untimed steps (and inference runs) first")->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--infer-batches", o.infer_batches, "inference batch sizes, comma-separated")->capture_default_str();
  cmd.add_option("--profile-sizes", o.profile_sizes,
                 "DxS sizes whose sparse training step is profiled part by part (gather, layers, output layer, "
                 "loss, optimizer, synchronisation), comma-separated; none: no profile")
      ->capture_default_str();
  cmd.add_option("--infer-samples", o.infer_samples, "samples per inference measurement (at least three batches)")
      ->capture_default_str()->check(positive_number());
  cmd.add_option("--repeat", o.repeat,
                 "repeat each measurement this many times and keep the best (for a busy machine)")
      ->capture_default_str()->check(positive_number());
  cmd.add_option("--max-seconds", o.max_seconds,
                 "time budget of one measurement: its timed runs stop early when it is spent (0: none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--rss", o.rss,
                 "peak RSS of a one-epoch `dendrite train` child run for: sparse (dense models too), all, none")
      ->capture_default_str();
  o.tool = DENDRITE_TOOL_PATH;
  cmd.add_option("--tool", o.tool, "the dendrite tool whose `train` makes the --rss runs (default: this build's)")
      ->capture_default_str();
  cmd.add_flag("--no-ort", o.no_ort, "skip ONNX Runtime");
  cmd.add_flag("--quick", o.quick,
               "a smoke run: --steps 3 --warmup 1 --infer-samples 64 --max-seconds 1 --infer-batches 1,256 and "
               "--sizes 16x64, unless given");
  cmd.add_option("--seed", o.seed, "seed of the models and the data order")->capture_default_str();
  tools::add_threads_option(cmd, o.threads);
  cmd.add_option("--summary", o.summary, "write the results and ratios here as JSON");
}

BenchPlan make_bench_plan(BenchOptions& o, const CLI::App& cmd) {
  tools::validate_data_options(o.data);
  if (o.quick) {
    if (cmd.count("--steps") == 0) o.steps = 3;
    if (cmd.count("--warmup") == 0) o.warmup = 1;
    if (cmd.count("--infer-samples") == 0) o.infer_samples = 64;
    if (cmd.count("--sizes") == 0) o.sizes = "16x64";
    if (cmd.count("--max-seconds") == 0) o.max_seconds = 1.0;
    if (cmd.count("--infer-batches") == 0) o.infer_batches = "1,256";
  }
  DENDRITE_USAGE_CHECK(o.rss == "sparse" || o.rss == "all" || o.rss == "none",
                       "--rss: '{}' is not one of sparse, all, none", o.rss);
  DENDRITE_USAGE_CHECK(o.rss == "none" || ::access(o.tool.c_str(), X_OK) == 0,
                       "--tool '{}' cannot be run ({}); it makes the --rss training runs (--rss none: no such runs)",
                       o.tool, std::strerror(errno));
  std::vector<std::string> impls = split_list(o.impls);
  DENDRITE_USAGE_CHECK(!impls.empty(), "--impls: give at least one of sparse, masked");
  for (const std::string& i : impls)
    DENDRITE_USAGE_CHECK(i == "sparse" || i == "masked", "--impls: '{}' is not one of sparse, masked", i);
  BenchPlan plan;
  for (const std::string& b : split_list(o.infer_batches)) plan.infer_batches.push_back(parse_positive_item("--infer-batches", b));
  const std::vector<std::string> models = split_list(o.models), sizes = split_list(o.sizes);
  DENDRITE_USAGE_CHECK(!models.empty(), "--models: give at least one model");
  DENDRITE_USAGE_CHECK(!sizes.empty(), "--sizes: give at least one DxS size");
  if (o.profile_sizes != "none")
    for (const std::string& size : split_list(o.profile_sizes)) plan.profile_sizes.insert(parse_size("--profile-sizes", size));
  for (const std::string& size : sizes) {
    const auto [D, S] = parse_size("--sizes", size);
    for (const std::string& m : models) {
      ModelSpec spec;
      try {
        spec = bench_model_spec(m, D, S, o.seed);
      } catch (const Error& e) {
        throw UsageError(fmt::format("--models: {}", e.what()));
      }
      if (!has_sparse_layers(spec)) {
        plan.cases.push_back({m, D, S, "dense"});
        continue;
      }
      for (const std::string& i : impls) plan.cases.push_back({m, D, S, i});
    }
  }
  return plan;
}

}  // namespace dendrite::bench
