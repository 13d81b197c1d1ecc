#include "benchmarks/bench_targets.h"

#include <fmt/format.h>

namespace dendrite::bench {

namespace {
constexpr double kMB = 1024.0 * 1024.0;

// Training seconds of one epoch: measured by the child run when there was one, else estimated
// from the throughput.
double epoch_seconds(const BenchResult& r, const BenchContext& ctx, bool* measured) {
  *measured = r.epoch_seconds >= 0;
  if (*measured) return r.epoch_seconds;
  return r.train_samples_per_second > 0 ? static_cast<double>(ctx.train_samples) / r.train_samples_per_second : 0.0;
}

Target ratio_target(std::string name, std::string what, double a, double b, double limit) {
  Target t{std::move(name), std::move(what), ratio_of(a, b), limit, true, false};
  t.available = t.value > 0;
  return t;
}

// The sparse layers against the masked ones, for dANN-GRF 16 x 256.
void add_sparse_targets(const std::vector<BenchResult>& results, const BenchContext& ctx, std::vector<Target>& t) {
  const BenchResult* sparse = find_result(results, "dann-grf", 16, 256, "sparse");
  const BenchResult* masked = find_result(results, "dann-grf", 16, 256, "masked");
  t.push_back(ratio_target("train_speedup", "dann-grf 16x256 training samples/s, sparse / masked",
                           sparse ? sparse->train_samples_per_second : 0, masked ? masked->train_samples_per_second : 0, 10));
  Target epoch{"epoch_seconds", "dann-grf 16x256 one MNIST epoch of training (s)", 0, 1, false, false};
  Target rss{"peak_rss_mb", "dann-grf 16x256 peak RSS of a training run (MB)", 0, 0, false, false};
  Target plugin = ratio_target("ort_plugin_speedup", "dann-grf 16x256 ONNX Runtime batch 256, plugin / function bodies",
                               sparse ? at_batch(sparse->ort_plugin, 256) : 0,
                               sparse ? at_batch(sparse->ort_no_plugin, 256) : 0, 3);
  if (sparse) {
    bool measured = false;
    epoch.value = epoch_seconds(*sparse, ctx, &measured);
    epoch.available = epoch.value > 0;
    if (!measured) epoch.what += ", estimated from the throughput";
    rss.value = static_cast<double>(sparse->peak_rss_bytes) / kMB;
    rss.limit = static_cast<double>(rss_bound_bytes(ctx, sparse->parameters)) / kMB;
    rss.available = sparse->peak_rss_bytes > 0;
  }
  t.push_back(epoch);
  t.push_back(plugin);
  t.push_back(rss);
}

// The fused dendritic-layer kernel, for one model at 16 x S with a minimum training ratio.
void add_layer_targets(const std::vector<BenchResult>& results, const BenchContext& ctx, const std::string& model,
                       std::int64_t S, double train_limit, std::vector<Target>& t) {
  const BenchResult* r = find_result(results, model, 16, S, "sparse");
  if (r == nullptr) return;
  const std::string m = fmt::format("{} 16x{}", model, S);
  const int threads = threads_used(ctx);
  t.push_back(ratio_target(fmt::format("{}_train_fused", model),
                           fmt::format("{} training samples/s at {} thread{}, fused layer kernel / without", m, threads,
                                       threads == 1 ? "" : "s"),
                           r->train_samples_per_second, r->train_unfused_samples_per_second, train_limit));
  if (threads > 1) {
    t.push_back(ratio_target(fmt::format("{}_train_fused_1t", model),
                             fmt::format("{} training samples/s at 1 thread, fused layer kernel / without", m),
                             r->train_one_thread_samples_per_second, r->train_unfused_one_thread_samples_per_second,
                             train_limit));
    if (S == 256)
      t.push_back(ratio_target(fmt::format("{}_train_threads", model),
                               fmt::format("{} training samples/s, {} threads / 1 thread (fused)", m, threads),
                               r->train_samples_per_second, r->train_one_thread_samples_per_second, 1.7));
  }
  for (const std::int64_t b : {256, 1000})
    t.push_back(ratio_target(fmt::format("{}_ort_b{}", model, b),
                             fmt::format("{} ONNX Runtime + plugin batch {}, DendriticLayer file / four-node file", m, b),
                             at_batch(r->ort_plugin, b), at_batch(r->ort_plugin_four, b), 2));
  t.push_back(ratio_target(fmt::format("{}_ort_p50_b1", model),
                           fmt::format("{} ONNX Runtime + plugin batch 1 p50 latency, four-node file / DendriticLayer file", m),
                           at_batch(r->ort_plugin_four_p50, 1), at_batch(r->ort_plugin_p50, 1), 1.5));
  t.push_back(ratio_target(fmt::format("{}_ort_b10000", model),
                           fmt::format("{} ONNX Runtime + plugin DendriticLayer file, batch 10000 / batch 256 throughput", m),
                           at_batch(r->ort_plugin, 10000), at_batch(r->ort_plugin, 256), 0.9));
}
}  // namespace

std::vector<Target> bench_targets(const std::vector<BenchResult>& results, const BenchContext& ctx) {
  std::vector<Target> t;
  add_sparse_targets(results, ctx, t);
  add_layer_targets(results, ctx, "dann-r", 64, 1.5, t);
  add_layer_targets(results, ctx, "dann-grf", 256, 1.3, t);
  return t;
}

}  // namespace dendrite::bench
