#include "benchmarks/bench_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "benchmarks/bench_targets.h"

namespace dendrite::bench {

namespace {
constexpr double kMB = 1024.0 * 1024.0;

// 950, 61.2k, 1.23M; "-" when not measured.
std::string rate_text(double r) {
  if (r <= 0) return "-";
  if (r >= 1e6) return fmt::format("{:.2f}M", r / 1e6);
  if (r >= 1e4) return fmt::format("{:.1f}k", r / 1e3);
  if (r >= 1e3) return fmt::format("{:.2f}k", r / 1e3);
  return fmt::format("{:.0f}", r);
}


std::set<std::int64_t> batches_of(const std::vector<BenchResult>& results) {
  std::set<std::int64_t> b;
  for (const BenchResult& r : results)
    for (const auto& [batch, rate] : r.infer_samples_per_second) b.insert(batch);
  return b;
}

double at(const std::map<std::int64_t, double>& m, std::int64_t batch) { return at_batch(m, batch); }
double ratio(double a, double b) { return ratio_of(a, b); }
const BenchResult* find(const std::vector<BenchResult>& results, const std::string& model, std::int64_t D,
                        std::int64_t S, const std::string& impl) {
  return find_result(results, model, D, S, impl);
}

}  // namespace

const BenchResult* find_result(const std::vector<BenchResult>& results, const std::string& model, std::int64_t D,
                               std::int64_t S, const std::string& impl) {
  for (const BenchResult& r : results)
    if (r.c.model == model && r.c.dendrites == D && r.c.somata == S && r.c.impl == impl) return &r;
  return nullptr;
}

double at_batch(const std::map<std::int64_t, double>& m, std::int64_t batch) {
  auto it = m.find(batch);
  return it == m.end() ? 0.0 : it->second;
}

double ratio_of(double a, double b) { return a > 0 && b > 0 ? a / b : 0.0; }

int threads_used(const BenchContext& ctx) { return ctx.threads > 0 ? ctx.threads : ctx.cores; }

std::string BenchCase::label() const {
  return fmt::format("{} {}x{} {}", model, dendrites, somata, impl);
}

std::int64_t rss_bound_bytes(const BenchContext& ctx, std::int64_t parameters) {
  const std::int64_t data = ctx.train_samples * ctx.features * 4;
  return 2 * (data + 4 * parameters * 4) + 100 * 1024 * 1024;
}

std::string bench_table(const std::vector<BenchResult>& results, const BenchContext& ctx) {
  const std::set<std::int64_t> batches = batches_of(results);
  const bool unfused = std::any_of(results.begin(), results.end(),
                                   [](const BenchResult& r) { return r.train_unfused_samples_per_second > 0; });
  const bool one_thread = std::any_of(results.begin(), results.end(),
                                      [](const BenchResult& r) { return r.train_one_thread_samples_per_second > 0; });
  std::string head = fmt::format("{:<10} {:>7} {:<6} {:>9} {:>8}", "model", "DxS", "impl", "params", "train/s");
  if (unfused) head += fmt::format(" {:>8}", "unf/s");
  if (one_thread) head += fmt::format(" {:>8} {:>8}", "1T/s", "unf 1T/s");
  for (std::int64_t b : batches) head += fmt::format(" {:>8}", fmt::format("inf b{}", b));
  for (std::int64_t b : batches) head += fmt::format(" {:>9}", fmt::format("ort+p b{}", b));
  for (std::int64_t b : batches) head += fmt::format(" {:>9}", fmt::format("ort4+p b{}", b));
  for (std::int64_t b : batches) head += fmt::format(" {:>8}", fmt::format("ort b{}", b));
  head += fmt::format(" {:>8} {:>8} {:>7}\n", "RSS MB", "bound", "epoch s");
  std::string out = head;
  for (const BenchResult& r : results) {
    out += fmt::format("{:<10} {:>7} {:<6} {:>9} {:>8}", r.c.model, fmt::format("{}x{}", r.c.dendrites, r.c.somata),
                       r.c.impl, r.parameters, rate_text(r.train_samples_per_second));
    if (unfused) out += fmt::format(" {:>8}", rate_text(r.train_unfused_samples_per_second));
    if (one_thread)
      out += fmt::format(" {:>8} {:>8}", rate_text(r.train_one_thread_samples_per_second),
                         rate_text(r.train_unfused_one_thread_samples_per_second));
    for (std::int64_t b : batches) out += fmt::format(" {:>8}", rate_text(at(r.infer_samples_per_second, b)));
    for (std::int64_t b : batches) out += fmt::format(" {:>9}", rate_text(at(r.ort_plugin, b)));
    for (std::int64_t b : batches) out += fmt::format(" {:>9}", rate_text(at(r.ort_plugin_four, b)));
    for (std::int64_t b : batches) out += fmt::format(" {:>8}", rate_text(at(r.ort_no_plugin, b)));
    const bool has_rss = r.peak_rss_bytes > 0;
    out += fmt::format(" {:>8} {:>8} {:>7}\n",
                       has_rss ? fmt::format("{:.0f}", static_cast<double>(r.peak_rss_bytes) / kMB) : "-",
                       has_rss ? fmt::format("{:.0f}", static_cast<double>(rss_bound_bytes(ctx, r.parameters)) / kMB) : "-",
                       r.epoch_seconds >= 0 ? fmt::format("{:.2f}", r.epoch_seconds) : "-");
  }
  return out;
}

std::string bench_ratio_lines(const std::vector<BenchResult>& results, const BenchContext& ctx) {
  std::string out;
  const std::set<std::int64_t> batches = batches_of(results);
  for (const BenchResult& r : results) {
    if (r.c.impl != "sparse") continue;
    std::string line = r.c.label();
    if (const BenchResult* m = find(results, r.c.model, r.c.dendrites, r.c.somata, "masked")) {
      line += fmt::format(": sparse / masked: training {:.1f}x", ratio(r.train_samples_per_second, m->train_samples_per_second));
      for (std::int64_t b : batches)
        line += fmt::format(", inference b{} {:.1f}x", b, ratio(at(r.infer_samples_per_second, b), at(m->infer_samples_per_second, b)));
      for (std::int64_t b : batches)
        if (at(m->ort_no_plugin, b) > 0)
          line += fmt::format(", ORT b{} {:.1f}x", b, ratio(at(r.ort_plugin, b), at(m->ort_no_plugin, b)));
      line += ";";
    }
    std::string ort;
    for (std::int64_t b : batches)
      if (at(r.ort_no_plugin, b) > 0)
        ort += fmt::format("{} b{} {:.1f}x", ort.empty() ? "" : ",", b, ratio(at(r.ort_plugin, b), at(r.ort_no_plugin, b)));
    if (!ort.empty()) line += " ORT plugin / function bodies:" + ort;
    out += line + "\n";
    if (r.train_unfused_samples_per_second > 0) {
      std::string train = fmt::format("  fused dendritic-layer kernel / without: training {:.2f}x",
                                      ratio(r.train_samples_per_second, r.train_unfused_samples_per_second));
      if (r.train_one_thread_samples_per_second > 0)
        train += fmt::format(" ({} threads), {:.2f}x (1 thread); {} threads / 1 thread: {:.2f}x fused, {:.2f}x without",
                             threads_used(ctx), ratio(r.train_one_thread_samples_per_second, r.train_unfused_one_thread_samples_per_second),
                             threads_used(ctx), ratio(r.train_samples_per_second, r.train_one_thread_samples_per_second),
                             ratio(r.train_unfused_samples_per_second, r.train_unfused_one_thread_samples_per_second));
      out += train + "\n";
    }
    std::string layer;
    for (std::int64_t b : batches)
      if (at(r.ort_plugin_four, b) > 0)
        layer += fmt::format("{} b{} {:.2f}x", layer.empty() ? "" : ",", b, ratio(at(r.ort_plugin, b), at(r.ort_plugin_four, b)));
    if (!layer.empty()) {
      const std::int64_t smallest = *batches.begin(), largest = *batches.rbegin();
      layer += fmt::format("; p50 latency b{} {:.3f} ms vs {:.3f} ms ({:.2f}x lower)", smallest,
                           1e3 * at(r.ort_plugin_p50, smallest), 1e3 * at(r.ort_plugin_four_p50, smallest),
                           ratio(at(r.ort_plugin_four_p50, smallest), at(r.ort_plugin_p50, smallest)));
      if (largest != smallest && batches.count(256) && largest != 256)
        layer += fmt::format("; b{} / b256 throughput {:.0f}% ({:.0f}% four-node)", largest,
                             100 * ratio(at(r.ort_plugin, largest), at(r.ort_plugin, 256)),
                             100 * ratio(at(r.ort_plugin_four, largest), at(r.ort_plugin_four, 256)));
      out += "  ORT plugin, DendriticLayer file / four-node file:" + layer + "\n";
    }
    if (r.profile.measured) out += "  step profile, fused layer kernel: " + profile_text(r.profile) + "\n";
    if (r.profile_unfused.measured) out += "  step profile, without it:        " + profile_text(r.profile_unfused) + "\n";
  }
  for (const Target& t : bench_targets(results, ctx)) {
    if (!t.available) continue;
    out += fmt::format("target: {}: {:.2f} ({} {:.2f}): {}\n", t.what, t.value, t.at_least ? ">=" : "<=", t.limit,
                       t.met() ? "met" : "NOT met");
  }
  return out;
}

nlohmann::json bench_json(const std::vector<BenchResult>& results, const BenchContext& ctx) {
  auto by_batch = [](const std::map<std::int64_t, double>& m) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [b, r] : m) j[std::to_string(b)] = r;
    return j;
  };
  nlohmann::json j;
  j["dataset"] = ctx.dataset;
  j["train_samples_per_epoch"] = ctx.train_samples;
  j["train_batch"] = ctx.train_batch;
  j["warmup_steps"] = ctx.warmup;
  j["timed_steps"] = ctx.steps;
  j["inference_samples"] = ctx.infer_samples;
  j["max_seconds_per_measurement"] = ctx.max_seconds;
  j["repeat"] = ctx.repeat;
  j["threads"] = ctx.threads;
  j["cores"] = ctx.cores;
  j["onednn_version"] = ctx.onednn_version;
  j["results"] = nlohmann::json::array();
  for (const BenchResult& r : results) {
    nlohmann::json e{{"model", r.c.model},
                     {"dendrites", r.c.dendrites},
                     {"somata", r.c.somata},
                     {"impl", r.c.impl},
                     {"parameters", r.parameters},
                     {"train_samples_per_second", r.train_samples_per_second},
                     {"inference_samples_per_second", by_batch(r.infer_samples_per_second)},
                     {"train_unfused_samples_per_second", r.train_unfused_samples_per_second},
                     {"train_one_thread_samples_per_second", r.train_one_thread_samples_per_second},
                     {"train_unfused_one_thread_samples_per_second", r.train_unfused_one_thread_samples_per_second},
                     {"ort_plugin_samples_per_second", by_batch(r.ort_plugin)},
                     {"ort_plugin_four_node_samples_per_second", by_batch(r.ort_plugin_four)},
                     {"ort_plugin_p50_seconds", by_batch(r.ort_plugin_p50)},
                     {"ort_plugin_four_node_p50_seconds", by_batch(r.ort_plugin_four_p50)},
                     {"ort_no_plugin_samples_per_second", by_batch(r.ort_no_plugin)},
                     {"rss_bound_bytes", rss_bound_bytes(ctx, r.parameters)}};
    if (r.profile.measured) e["step_profile"] = profile_json(r.profile);
    if (r.profile_unfused.measured) e["step_profile_unfused"] = profile_json(r.profile_unfused);
    e["peak_rss_bytes"] = r.peak_rss_bytes > 0 ? nlohmann::json(r.peak_rss_bytes) : nlohmann::json(nullptr);
    e["epoch_seconds"] = r.epoch_seconds >= 0 ? nlohmann::json(r.epoch_seconds) : nlohmann::json(nullptr);
    j["results"].push_back(e);
  }
  j["ratios"] = nlohmann::json::array();
  for (const BenchResult& r : results) {
    if (r.c.impl != "sparse") continue;
    nlohmann::json e{{"model", r.c.model}, {"dendrites", r.c.dendrites}, {"somata", r.c.somata}};
    if (const BenchResult* m = find(results, r.c.model, r.c.dendrites, r.c.somata, "masked")) {
      e["train_sparse_over_masked"] = ratio(r.train_samples_per_second, m->train_samples_per_second);
      nlohmann::json inf = nlohmann::json::object(), ort = nlohmann::json::object();
      for (const auto& [b, rate] : r.infer_samples_per_second) inf[std::to_string(b)] = ratio(rate, at(m->infer_samples_per_second, b));
      for (const auto& [b, rate] : r.ort_plugin) ort[std::to_string(b)] = ratio(rate, at(m->ort_no_plugin, b));
      e["inference_sparse_over_masked"] = inf;
      e["ort_plugin_over_masked_dense"] = ort;
    }
    nlohmann::json plugin = nlohmann::json::object();
    for (const auto& [b, rate] : r.ort_plugin) plugin[std::to_string(b)] = ratio(rate, at(r.ort_no_plugin, b));
    e["ort_plugin_over_function_bodies"] = plugin;
    j["ratios"].push_back(e);
  }
  j["targets"] = nlohmann::json::array();
  for (const Target& t : bench_targets(results, ctx)) {
    j["targets"].push_back({{"name", t.name},
                            {"what", t.what},
                            {"value", t.available ? nlohmann::json(t.value) : nlohmann::json(nullptr)},
                            {"limit", t.limit},
                            {"at_least", t.at_least},
                            {"met", t.met()}});
  }
  return j;
}

}  // namespace dendrite::bench
