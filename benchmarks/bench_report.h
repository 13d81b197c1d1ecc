// What `dendrite-bench` measured, and how it is shown: a table on stdout, the ratios the
// performance targets are stated in, and the --summary JSON.
//
//   std::vector<BenchResult> results = ...;      // filled by dendrite_bench.cpp
//   std::printf("%s", bench_table(results).c_str());
//   nlohmann::json j = bench_json(results, context);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "benchmarks/bench_profile.h"

namespace dendrite::bench {

// One model at one size with one implementation of its sparse layers: "sparse", "masked", or
// "dense" for models without sparse layers (vANN, MLP), where the two are the same.
struct BenchCase {
  std::string model;
  std::int64_t dendrites = 0, somata = 0;
  std::string impl;
  std::string label() const;  // "dann-grf 16x256 sparse"
};

struct BenchResult {
  BenchCase c;
  std::int64_t parameters = 0;
  double train_samples_per_second = 0;  // at the run's threads, the executor's default passes
  // Sparse cases: the same without the fused dendritic-layer kernel (ExecutorOptions::fuse_layers
  // off), and both at 1 thread when the run has more (0: not measured).
  double train_unfused_samples_per_second = 0;
  double train_one_thread_samples_per_second = 0, train_unfused_one_thread_samples_per_second = 0;
  std::map<std::int64_t, double> infer_samples_per_second;  // by batch size
  // ONNX Runtime by batch size; ort_plugin only for models with dendrite ops (sparse impl), on
  // the export (dANN layers as DendriticLayer nodes), ort_plugin_four on the four-node form of
  // earlier files; ort_no_plugin on the export, through the function bodies.
  std::map<std::int64_t, double> ort_plugin, ort_plugin_four, ort_no_plugin;
  std::map<std::int64_t, double> ort_plugin_p50, ort_plugin_four_p50;  // median seconds per run
  // Sparse cases of the profiled sizes: the training step part by part, with and without the
  // fused dendritic-layer kernel.
  StepProfile profile, profile_unfused;
  // From the child training run (absent: not measured).
  std::int64_t peak_rss_bytes = -1;
  double epoch_seconds = -1;  // training seconds of its one epoch
};

// What every result shares: the data, the settings, the machine.
struct BenchContext {
  std::string dataset;
  std::int64_t train_samples = 0;  // per epoch (after the validation split)
  std::int64_t features = 0;
  std::int64_t train_batch = 0, warmup = 0, steps = 0, infer_samples = 0;
  double max_seconds = 0;  // time budget of one measurement (0: none)
  std::int64_t repeat = 1;  // repetitions of each measurement (the best counts)
  int threads = 0;  // 0: the OpenMP / ONNX Runtime defaults
  int cores = 0;
  std::string onednn_version;
};

// The peak RSS a training run may reach (the target): 2 x (training data as f32 + 4 x
// parameter bytes) + 100 MB.
std::int64_t rss_bound_bytes(const BenchContext& ctx, std::int64_t parameters);

// Helpers the report and the targets share: the result of a case (nullptr when not measured),
// a value by batch size (0 when not measured), a / b (0 when either is not measured).
const BenchResult* find_result(const std::vector<BenchResult>& results, const std::string& model, std::int64_t D,
                               std::int64_t S, const std::string& impl);
double at_batch(const std::map<std::int64_t, double>& m, std::int64_t batch);
double ratio_of(double a, double b);
int threads_used(const BenchContext& ctx);  // --threads, or one per core

std::string bench_table(const std::vector<BenchResult>& results, const BenchContext& ctx);
// The ratios of the targets, one line each, with "met" / "NOT met".
std::string bench_ratio_lines(const std::vector<BenchResult>& results, const BenchContext& ctx);
nlohmann::json bench_json(const std::vector<BenchResult>& results, const BenchContext& ctx);

}  // namespace dendrite::bench
