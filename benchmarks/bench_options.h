// The options of dendrite-bench and the plan they make: the cases to measure (model, size,
// implementation), the inference batch sizes and the sizes whose step is profiled. Bad options
// are usage errors (exit 2), found before any data is read.
//
//   BenchOptions o;
//   add_bench_options(cmd, o);                  // CLI11
//   const BenchPlan plan = make_bench_plan(o, cmd);
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "benchmarks/bench_report.h"
#include "tools/data_options.h"

namespace dendrite::bench {

struct BenchOptions {
  DataOptions data;
  std::string models = "dann-r,dann-lrf,dann-grf,vann";
  std::string sizes = "16x64,16x256,64x512";
  std::string impls = "sparse,masked";
  std::string infer_batches = "1,256,1000,10000";
  std::string profile_sizes = "16x64,16x256";
  std::int64_t batch = 128, steps = 50, warmup = 5, infer_samples = 4096, repeat = 1;
  double max_seconds = 5.0;  // per measurement
  std::string rss = "sparse";  // which implementations get a child training run: sparse | all | none
  std::string tool;            // the dendrite tool those runs start (`<tool> train ...`)
  bool no_ort = false, quick = false;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string summary;
};

// What the options say, checked.
struct BenchPlan {
  std::vector<BenchCase> cases;
  std::vector<std::int64_t> infer_batches;
  std::set<std::pair<std::int64_t, std::int64_t>> profile_sizes;  // (D, S) with step profiles
};

void add_bench_options(CLI::App& cmd, BenchOptions& o);
// Checks the options (--quick fills in its defaults first) and lists the cases.
BenchPlan make_bench_plan(BenchOptions& o, const CLI::App& cmd);

}  // namespace dendrite::bench
