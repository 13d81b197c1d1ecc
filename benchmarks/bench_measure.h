// The measurements of `dendrite-bench`: throughput of training and inference (framework and ONNX
// Runtime) on real data, and the peak memory of a training run in a child process.
//
//   double rate = training_rate(model, train, {128, /*warmup=*/5, /*steps=*/50});
//   double infer = inference_rate(model, test, {256, 1, 20});      // samples per second
//   Rate ort = ort_rate("m.onnx", true, 2, test, {1, 5, 200});     // ort.p50_seconds: median latency
//   PeakMemory mem = peak_memory_of({"build/tools/dendrite", "train", ...}, log_path);
//
// Every rate is samples / wall-clock seconds over the timed runs only (warm-up runs first build
// plans, oneDNN primitives and buffers); a time budget may end the timed runs early. With
// `repeats` > 1 the timed runs are repeated that many times and the best repetition counts (a
// busy machine only ever makes a run slower). Nothing here prints.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "benchmarks/bench_workload.h"
#include "framework/data/dataset.h"
#include "framework/model/model.h"

namespace dendrite::bench {

struct RateSettings {
  std::int64_t batch = 128;
  std::int64_t warmup = 5;   // untimed runs first
  std::int64_t runs = 50;    // timed runs, at most
  double max_seconds = 0.0;  // > 0: stop the timed runs after this long (at least one runs)
  std::int64_t repeats = 1;  // repetitions of the timed runs; the best counts
};

// A measurement: the rate, and the median time of one run.
struct Rate {
  double samples_per_second = 0;
  double p50_seconds = 0;
};

// Training steps (forward, backward, Adam) on shuffled mini-batches of `train`, the batch gather
// included, as in `dendrite train`. Changes the model's weights.
double training_rate(Model& model, const Dataset& train, const RateSettings& s);

// One way of training the same model: the executor's settings and the OpenMP threads (0: those
// of the caller).
struct TrainingForm {
  StepSettings step;
  int threads = 0;
};
// The rate of each form, each with its own TrainStep on `model`, their timed windows taken in
// turn (as ort_rates does); the caller's thread count is restored.
std::vector<double> training_rates(Model& model, const Dataset& train, const RateSettings& s,
                                   const std::vector<TrainingForm>& forms);

// Framework inference (forward of the logits) on consecutive batches of `data`, cycling.
double inference_rate(Model& model, const Dataset& data, const RateSettings& s);

// ONNX Runtime on an exported file, with or without the dendrite plugin; threads: intra-op
// threads (0: ORT's default).
Rate ort_rate(const std::string& onnx_path, bool use_plugin, int threads, const Dataset& data,
              const RateSettings& s);
// The same for several files, their sessions open at once and their timed windows taken in turn
// (file 1, file 2, ..., file 1, ...), so a change in the machine's load hits them alike.
std::vector<Rate> ort_rates(const std::vector<std::string>& onnx_paths, bool use_plugin, int threads,
                            const Dataset& data, const RateSettings& s);

struct PeakMemory {
  std::int64_t peak_rss_bytes = 0;  // the child's ru_maxrss
  double wall_seconds = 0;          // the child's whole run
};

// Runs argv (argv[0] a path) as a child process with stdout and stderr to log_path, waits, and
// returns its peak resident set size. Throws Error with the end of the log when it fails.
PeakMemory peak_memory_of(const std::vector<std::string>& argv, const std::string& log_path);

}  // namespace dendrite::bench
