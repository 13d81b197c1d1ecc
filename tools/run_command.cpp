// dendrite run: evaluates an exported model (.onnx) in ONNX Runtime on the test split of a data
// set: accuracy, loss, latency per batch and throughput; optionally a JSON summary and the
// predicted class of every sample. With the dendrite plugin (default) the ai.dendrite ops run the
// plugin's kernels; --no-plugin runs their function bodies, as a runtime without the plugin does.
// --profile turns ORT's profiler on and prints the kernel time per op type.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "export/onnx_export.h"
#include "export/onnx_validate.h"
#include "export/runtime/ort_model.h"
#include "export/runtime/ort_profile.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/data_options.h"

namespace dendrite::tools {

namespace {

struct RunOptions {
  DataOptions data;
  std::string model;
  std::int64_t batch = 256;
  int threads = 0;
  bool no_plugin = false;
  std::string summary, predictions, profile;
};

void add_options(CLI::App& cmd, RunOptions& o) {
  cmd.add_option("model", o.model, "the exported model (.onnx)")->required()->check(CLI::ExistingFile);
  add_data_options(cmd, o.data, /*need_train=*/false);
  cmd.add_option("--batch", o.batch, "samples per ONNX Runtime run")->capture_default_str()->check(positive_integer());
  cmd.add_option("--threads", o.threads, "ONNX Runtime intra-op threads, also used by the plugin (0: one per core)")
      ->check(CLI::Range(0, kMaxThreads));
  cmd.add_flag("--no-plugin", o.no_plugin, "run the function bodies of the dendrite ops instead of the plugin");
  cmd.add_option("--summary", o.summary, "write a JSON summary here");
  cmd.add_option("--predictions", o.predictions, "write the predicted class of every sample here, one per line");
  cmd.add_option("--profile", o.profile,
                 "ONNX Runtime's profiler: write its trace to PREFIX_<date>.json and print the time per op type")
      ->type_name("PREFIX");
}

// What one pass over the data gives.
struct Evaluation {
  std::int64_t samples = 0, correct = 0;
  double loss_sum = 0.0;
  std::vector<double> batch_ms;
  std::vector<std::int32_t> predictions;
};

// Adds a batch: argmax (ties to the lowest class) and cross-entropy -log softmax(logits)[label].
void score_batch(const Tensor& logits, const std::int32_t* labels, Evaluation& e) {
  const std::int64_t n = logits.dim(0), classes = logits.dim(1);
  for (std::int64_t i = 0; i < n; ++i) {
    const float* row = logits.f32() + i * classes;
    const std::int64_t best = std::max_element(row, row + classes) - row;
    double sum = 0.0;
    for (std::int64_t c = 0; c < classes; ++c) sum += std::exp(static_cast<double>(row[c]) - row[best]);
    e.loss_sum += std::log(sum) - (static_cast<double>(row[labels[i]]) - row[best]);
    e.correct += best == labels[i];
    e.predictions.push_back(static_cast<std::int32_t>(best));
  }
  e.samples += n;
}

Evaluation evaluate(const OrtModel& model, const Dataset& data, std::int64_t batch) {
  Evaluation e;
  const std::int64_t n = data.size(), width = data.features();
  const float* x = data.images.f32();
  const std::int32_t* y = data.labels.i32();
  if (n > 0) model.run(x, std::min(batch, n));  // warm-up, not timed (first-run allocations)
  e.predictions.reserve(static_cast<std::size_t>(n));
  for (std::int64_t start = 0; start < n; start += batch) {
    const std::int64_t count = std::min(batch, n - start);
    const auto t0 = std::chrono::steady_clock::now();
    const Tensor logits = model.run(x + start * width, count);
    const auto t1 = std::chrono::steady_clock::now();
    e.batch_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    score_batch(logits, y + start, e);
  }
  return e;
}

// The value at quantile q of sorted values (nearest rank).
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The kernel time per op type from ORT's trace (the warm-up run included).
void print_profile(const std::string& trace) {
  const std::vector<OpTime> times = ort_op_times(trace);
  double total = 0.0;
  for (const OpTime& t : times) total += t.total_us;
  std::printf("ONNX Runtime profile: %s\n%-24s %8s %12s %7s\n", trace.c_str(), "op", "calls", "total ms", "share");
  for (const OpTime& t : times) {
    std::printf("%-24s %8lld %12.3f %6.1f%%\n", t.op.c_str(), static_cast<long long>(t.calls), t.total_us / 1000.0,
                total > 0 ? 100.0 * t.total_us / total : 0.0);
  }
}

int run(RunOptions& o) {
  DENDRITE_USAGE_CHECK(o.data.test_images.empty() || !o.data.test_labels.empty(),
                       "--test-images '{}' comes without --test-labels, and run scores a labelled test set; "
                       "for the classes of inputs without labels use `dendrite predict {} --input {}`",
                       o.data.test_images, o.model, o.data.test_images);
  validate_data_options(o.data);  // everything checkable before loading anything (exit code 2)
  check_distinct_outputs({{"--summary", o.summary}, {"--predictions", o.predictions}},
                         {{"the model", o.model}, {"--test-images", o.data.test_images},
                          {"--test-labels", o.data.test_labels}});
  if (!o.summary.empty()) check_output_path("--summary", o.summary);
  if (!o.predictions.empty()) check_output_path("--predictions", o.predictions);
  if (!o.profile.empty()) check_output_path("--profile", o.profile);

  warn_if_more_threads_than_cores(o.threads, "inference");
  const Dataset test = load_checked_data(o.data).test;
  // ONNX Runtime does not look at initializer values: bad indices or weights are caught here.
  check_onnx_before_running(read_onnx(o.model), o.model);
  OrtModel model(o.model, !o.no_plugin, o.threads, o.profile);
  DENDRITE_CHECK(model.input_width() == test.features(),
                 "model '{}' takes {} features per sample, but the data in '{}' has {} (samples of shape {})",
                 o.model, model.input_width(), test.images_file, test.features(), shape_str(test.sample_shape));
  const std::int32_t* labels = test.labels.i32();
  const std::int32_t max_label = test.size() ? *std::max_element(labels, labels + test.size()) : 0;
  DENDRITE_CHECK(model.classes() < 0 || max_label < model.classes(),
                 "model '{}' has {} classes, but '{}' holds label {}", o.model, model.classes(),
                 test.labels_file, max_label);

  const Evaluation e = evaluate(model, test, o.batch);
  const double accuracy = e.samples ? static_cast<double>(e.correct) / e.samples : 0.0;
  const double loss = e.samples ? e.loss_sum / e.samples : 0.0;
  std::vector<double> sorted = e.batch_ms;
  std::sort(sorted.begin(), sorted.end());
  double total_ms = 0.0;
  for (double ms : e.batch_ms) total_ms += ms;
  const double mean_ms = sorted.empty() ? 0.0 : total_ms / static_cast<double>(sorted.size());
  const double samples_per_second = total_ms > 0 ? static_cast<double>(e.samples) / (total_ms / 1000.0) : 0.0;

  std::printf("%s (%s) on %s: %lld samples, batch %lld\n", o.model.c_str(),
              model.plugin_loaded() ? "dendrite plugin" : "no plugin: function bodies",
              data_set_label(o.data).c_str(), static_cast<long long>(e.samples), static_cast<long long>(o.batch));
  std::printf("accuracy %.4f  loss %.4f\n", accuracy, loss);
  std::printf("latency per batch: mean %.3f ms, p50 %.3f ms, p99 %.3f ms\n", mean_ms, quantile(sorted, 0.5),
              quantile(sorted, 0.99));
  std::printf("throughput %.0f samples/s\n", samples_per_second);
  if (!o.profile.empty()) print_profile(model.end_profiling());

  if (!o.summary.empty()) {
    nlohmann::json j;
    j["model"] = o.model;
    j["dataset"] = data_set_label(o.data);
    j["samples"] = e.samples;
    j["accuracy"] = accuracy;
    j["loss"] = loss;
    j["samples_per_second"] = samples_per_second;
    j["plugin"] = model.plugin_loaded();
    j["batch"] = o.batch;
    j["threads"] = o.threads;
    j["latency_ms_mean"] = mean_ms;
    j["latency_ms_p50"] = quantile(sorted, 0.5);
    j["latency_ms_p99"] = quantile(sorted, 0.99);
    write_text_file(o.summary, j.dump(2) + "\n");
  }
  if (!o.predictions.empty()) {
    std::string text;
    text.reserve(e.predictions.size() * 2);
    for (std::int32_t p : e.predictions) text += std::to_string(p) + "\n";
    write_text_file(o.predictions, text);
  }
  return 0;
}

}  // namespace

Command make_run_command() {
  auto o = std::make_shared<RunOptions>();
  Command c;
  c.name = "run";
  c.description = "run an exported model (.onnx) in ONNX Runtime on a test set: accuracy, loss, latency";
  c.add_options = [o](CLI::App& cmd) { add_options(cmd, *o); };
  c.run = [o](CLI::App&) { return run(*o); };
  return c;
}

}  // namespace dendrite::tools
