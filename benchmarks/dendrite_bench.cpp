// dendrite-bench: sparse vs masked-dense (the paper's reference computation) on the same data and
// machine, in one run: training and inference throughput (framework and ONNX Runtime, with and
// without the plugin) and the peak RSS of a training run, for the dANN variants and the vANN at
// the paper's sizes; for the sparse path also the fused dendritic-layer kernel against the
// unfused layers (training at the run's threads and at one, the DendriticLayer file against the
// four-node one in ONNX Runtime) and step profiles. Prints a table, the ratios and the targets;
// --summary writes them as JSON. Options: benchmarks/bench_options.h. Exit codes as the dendrite
// tool's: 0 success, 1 failure, 2 bad options (found before any work).
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <utility>
#include <unistd.h>

#include "benchmarks/bench_measure.h"
#include "benchmarks/bench_options.h"
#include "benchmarks/bench_profile.h"
#include "benchmarks/bench_report.h"
#include "benchmarks/bench_workload.h"
#include "export/onnx_export.h"
#include "framework/core/version.h"
#include "framework/model/model_rewrite.h"
#include "framework/model/variants.h"
#include "framework/train/training_run.h"
#include "ops/onednn/context.h"
#include "tools/cli_common.h"
#include "tools/data_options.h"
#include "tools/program_main.h"

namespace dendrite::bench {

namespace {

// The `dendrite train` command line of a case's child run (one epoch, output under dir).
std::vector<std::string> train_command_line(const BenchOptions& o, const BenchCase& c, const std::string& dir) {
  std::vector<std::string> a{o.tool, "train"};
  const DataOptions& d = o.data;
  if (!d.train_images.empty()) {
    a.insert(a.end(), {"--train-images", d.train_images, "--train-labels", d.train_labels, "--test-images",
                       d.test_images, "--test-labels", d.test_labels});
    if (d.classes > 0) a.insert(a.end(), {"--classes", std::to_string(d.classes)});
  } else {
    a.insert(a.end(), {"--dataset", d.dataset});
    if (!d.data_dir.empty()) a.insert(a.end(), {"--data-dir", d.data_dir});
    if (!d.cifar100_labels.empty()) a.insert(a.end(), {"--cifar100-labels", d.cifar100_labels});
  }
  a.insert(a.end(), {"--model", c.model, "--dendrites", std::to_string(c.dendrites), "--somata",
                     std::to_string(c.somata), "--impl", c.impl == "masked" ? "masked" : "sparse", "--epochs", "1",
                     "--batch", std::to_string(o.batch), "--seed", std::to_string(o.seed), "--out", dir, "--summary",
                     dir + "/summary.json", "--quiet", "--no-progress"});
  if (o.threads > 0) a.insert(a.end(), {"--threads", std::to_string(o.threads)});
  return a;
}

// NOTE [child peak RSS]: Linux carries the parent's high-water mark into a child's ru_maxrss
// through fork / posix_spawn and exec, so the child runs happen first, while this process holds
// no data set or model: its own RSS then stays far below any training run's.
void measure_memory(const BenchOptions& o, const std::string& tmp, std::vector<BenchResult>& results) {
  for (BenchResult& r : results) {
    if (o.rss == "none" || (o.rss == "sparse" && r.c.impl == "masked")) continue;
    const std::string dir = fmt::format("{}/train-{}-{}x{}-{}", tmp, r.c.model, r.c.dendrites, r.c.somata, r.c.impl);
    std::filesystem::create_directories(dir);
    std::fprintf(stderr, "bench: %s: peak RSS of a one-epoch training run\n", r.c.label().c_str());
    const PeakMemory m = peak_memory_of(train_command_line(o, r.c, dir), dir + "/output.txt");
    r.peak_rss_bytes = m.peak_rss_bytes;
    std::ifstream in(dir + "/summary.json");
    const nlohmann::json summary = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (summary.is_object() && summary.contains("seconds_per_epoch") && summary["seconds_per_epoch"].is_number())
      r.epoch_seconds = summary["seconds_per_epoch"].get<double>();
  }
}

// At least three timed runs of a batch, however large.
RateSettings inference_settings(const BenchOptions& o, std::int64_t batch) {
  return {batch, o.warmup, std::max<std::int64_t>(3, o.infer_samples / batch), o.max_seconds, o.repeat};
}

// Training throughput, and for the sparse path the same without the fused dendritic-layer kernel,
// both at one thread too when the run has more, all timed in turn; then the step profiles of the
// sizes asked for.
void measure_training(const BenchOptions& o, const BenchPlan& plan, Model& model, const Dataset& train,
                      BenchResult& r) {
  const RateSettings s{o.batch, o.warmup, o.steps, o.max_seconds, o.repeat};
  if (r.c.impl != "sparse") {
    r.train_samples_per_second = training_rate(model, train, s);
    return;
  }
  StepSettings unfused;
  unfused.fuse_layers = false;
  std::vector<TrainingForm> forms{{StepSettings{}, 0}, {unfused, 0}};
  const bool one_thread = omp_get_max_threads() > 1;
  if (one_thread) forms.insert(forms.end(), {{StepSettings{}, 1}, {unfused, 1}});
  const std::vector<double> rates = training_rates(model, train, s, forms);
  r.train_samples_per_second = rates[0];
  r.train_unfused_samples_per_second = rates[1];
  if (one_thread) {
    r.train_one_thread_samples_per_second = rates[2];
    r.train_unfused_one_thread_samples_per_second = rates[3];
  }
  if (!plan.profile_sizes.count({r.c.dendrites, r.c.somata})) return;
  std::fprintf(stderr, "bench: %s: step profiles\n", r.c.label().c_str());
  r.profile = profile_training(model, train, s, StepSettings{});
  r.profile_unfused = profile_training(model, train, s, unfused);
}

void measure_case(const BenchOptions& o, const BenchPlan& plan, const std::string& tmp, const Dataset& train,
                  const Dataset& test, const std::string& dataset, BenchResult& r) {
  const ModelSpec spec = adapt_to_data(bench_model_spec(r.c.model, r.c.dendrites, r.c.somata, o.seed), train);
  Model model = build_model(spec, {r.c.impl == "masked" ? SparseImpl::masked : SparseImpl::sparse});
  r.parameters = model.parameter_count();
  std::fprintf(stderr, "bench: %s: %lld parameters\n", r.c.label().c_str(), static_cast<long long>(r.parameters));
  measure_training(o, plan, model, train, r);
  for (std::int64_t b : plan.infer_batches) {
    const RateSettings s = inference_settings(o, b);
    r.infer_samples_per_second[b] = inference_rate(model, test, s);
  }
  if (o.no_ort) return;
  // The sparse path exports its ai.dendrite ops (plugin or function bodies), once with its dANN
  // layers as DendriticLayer nodes and once as the four nodes of earlier files; the masked path
  // is what the reference model exports: plain Gemm layers on the masked dense weights
  // (densified_model), so ONNX Runtime times the masked path without custom ops.
  const bool custom_ops = r.c.impl == "sparse";
  const std::string path = fmt::format("{}/{}-{}x{}-{}.onnx", tmp, r.c.model, r.c.dendrites, r.c.somata, r.c.impl);
  const std::string four_path = fmt::format("{}/{}-{}x{}-{}-four.onnx", tmp, r.c.model, r.c.dendrites, r.c.somata, r.c.impl);
  save_onnx(export_model(custom_ops ? model : densified_model(model), ExportInfo{dataset, {}}), path);
  ExportOptions four_nodes;
  four_nodes.fuse_layers = false;
  if (custom_ops) save_onnx(export_model(model, ExportInfo{dataset, {}}, four_nodes), four_path);
  for (std::int64_t b : plan.infer_batches) {
    const RateSettings s = inference_settings(o, b);
    r.ort_no_plugin[b] = ort_rate(path, /*use_plugin=*/false, o.threads, test, s).samples_per_second;
    if (!custom_ops) continue;
    const std::vector<Rate> plugin = ort_rates({path, four_path}, /*use_plugin=*/true, o.threads, test, s);
    const Rate &fused = plugin[0], &four = plugin[1];
    r.ort_plugin[b] = fused.samples_per_second;
    r.ort_plugin_p50[b] = fused.p50_seconds;
    r.ort_plugin_four[b] = four.samples_per_second;
    r.ort_plugin_four_p50[b] = four.p50_seconds;
  }
}

// Removes the temporary folder however the run ends.
struct TempDir {
  std::string path;
  explicit TempDir(std::string p) : path(std::move(p)) { std::filesystem::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

int run(BenchOptions& o, CLI::App& cmd) {
  const BenchPlan plan = make_bench_plan(o, cmd);  // usage errors (exit code 2) before any work
  tools::apply_threads(o.threads);
  const TempDir tmp((std::filesystem::temp_directory_path() / fmt::format("dendrite-bench-{}", getpid())).string());
  std::vector<BenchResult> results;
  for (const BenchCase& c : plan.cases) {
    BenchResult r;
    r.c = c;
    results.push_back(r);
  }
  measure_memory(o, tmp.path, results);

  const TrainTest data = tools::load_checked_data(o.data);
  const Dataset& train = data.train;
  const Dataset& test = data.test;
  const std::string dataset = data_set_label(o.data);
  for (BenchResult& r : results) measure_case(o, plan, tmp.path, train, test, dataset, r);

  BenchContext ctx;
  ctx.dataset = dataset;
  ctx.train_samples = train.size() - static_cast<std::int64_t>(std::llround(0.1 * static_cast<double>(train.size())));
  ctx.features = train.features();
  ctx.train_batch = o.batch;
  ctx.warmup = o.warmup;
  ctx.steps = o.steps;
  ctx.infer_samples = o.infer_samples;
  ctx.max_seconds = o.max_seconds;
  ctx.repeat = o.repeat;
  ctx.threads = o.threads;
  ctx.cores = omp_get_num_procs();
  ctx.onednn_version = onednn::version();
  std::printf("%s\n%s", bench_table(results, ctx).c_str(), bench_ratio_lines(results, ctx).c_str());
  if (!o.summary.empty()) tools::write_text_file(o.summary, bench_json(results, ctx).dump(2) + "\n");
  return 0;
}

}  // namespace

}  // namespace dendrite::bench

int main(int argc, char** argv) {
  using namespace dendrite;
  CLI::App app{"dendrite-bench: compare sparse and masked-dense training and inference (framework, ONNX Runtime) "
               "and peak memory, against the project's performance targets", "dendrite-bench"};
  app.set_version_flag("--version", std::string("dendrite-bench ") + framework_version());
  bench::BenchOptions o;
  bench::add_bench_options(app, o);
  tools::accept_repeated_options(app);  // answered in plain words by check_repeated_options
  if (const int code = tools::parse_command_line(app, argc, argv, "dendrite-bench"); code >= 0) return code;
  return tools::run_reporting_errors("dendrite-bench", [&] {
    tools::check_repeated_options(app);
    return bench::run(o, app);
  });
}
