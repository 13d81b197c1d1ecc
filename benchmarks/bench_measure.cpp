#include "benchmarks/bench_measure.h"

#include <fcntl.h>
#include <omp.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "benchmarks/bench_batches.h"
#include "benchmarks/bench_workload.h"
#include "export/runtime/ort_model.h"
#include "framework/core/error.h"
#include "framework/data/batcher.h"

extern char** environ;

namespace dendrite::bench {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// One window of timed runs: run(i) for up to s.runs runs (fewer when the time budget is spent);
// samples per second and the median run time. sample_count(i) is the size of run i.
template <class Run, class Count>
Rate timed_window(const RateSettings& s, const Run& run, const Count& sample_count) {
  std::vector<double> times;
  std::int64_t samples = 0;
  const auto start = Clock::now();
  for (std::int64_t i = 0; i < s.runs; ++i) {
    const auto t = Clock::now();
    run(i);
    times.push_back(seconds_since(t));
    samples += sample_count(i);
    if (s.max_seconds > 0 && seconds_since(start) > s.max_seconds) break;
  }
  const double seconds = seconds_since(start);
  std::sort(times.begin(), times.end());
  return {seconds > 0 ? static_cast<double>(samples) / seconds : 0.0, times[times.size() / 2]};
}

// The best of `window` results: the highest rate, the lowest median.
void keep_best(Rate& best, const Rate& r, bool first) {
  if (first || r.samples_per_second > best.samples_per_second) best.samples_per_second = r.samples_per_second;
  if (first || r.p50_seconds < best.p50_seconds) best.p50_seconds = r.p50_seconds;
}

// s.repeats windows; the best.
template <class Run, class Count>
Rate timed_rate(const RateSettings& s, const Run& run, const Count& sample_count) {
  Rate best;
  for (std::int64_t r = 0; r < std::max<std::int64_t>(1, s.repeats); ++r) keep_best(best, timed_window(s, run, sample_count), r == 0);
  return best;
}

// Up to `count` batches of `batch` consecutive samples of `data` (wrapping around), copied once
// so that the timed loop only runs the model.
std::vector<Tensor> fixed_batches(const Dataset& data, std::int64_t batch, std::int64_t count) {
  const std::int64_t n = data.size(), f = data.features();
  DENDRITE_CHECK(n > 0, "the data set '{}' is empty", data.name);
  std::vector<Tensor> out;
  for (std::int64_t b = 0; b < count; ++b) {
    Tensor x({batch, f});
    for (std::int64_t r = 0; r < batch; ++r) {
      const std::int64_t i = (b * batch + r) % n;
      std::memcpy(x.f32() + r * f, data.images.f32() + i * f, static_cast<std::size_t>(f) * sizeof(float));
    }
    out.push_back(x);
  }
  return out;
}

std::string tail_of(const std::string& path, std::size_t max_chars) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return text.size() > max_chars ? "..." + text.substr(text.size() - max_chars) : text;
}
}  // namespace

std::vector<double> training_rates(Model& model, const Dataset& train, const RateSettings& s,
                                   const std::vector<TrainingForm>& forms) {
  const int threads_before = omp_get_max_threads();
  auto use_threads = [&](const TrainingForm& f) { omp_set_num_threads(f.threads > 0 ? f.threads : threads_before); };
  std::vector<std::unique_ptr<TrainStep>> steps;
  for (const TrainingForm& f : forms) steps.push_back(bench_train_step(model, f.step));
  BatchStream batches(train, s.batch);
  std::int64_t last_size = 0;  // an epoch's last batch may be smaller
  auto step_of = [&](std::size_t k) {
    return [&, k](std::int64_t) {
      const Batch& b = batches.next();
      last_size = b.size;
      steps[k]->step(b.x, b.y);
    };
  };
  auto samples = [&](std::int64_t) { return last_size; };
  for (std::size_t k = 0; k < forms.size(); ++k) {
    use_threads(forms[k]);
    for (std::int64_t i = 0; i < s.warmup; ++i) step_of(k)(i);
  }
  std::vector<Rate> best(forms.size());
  for (std::int64_t r = 0; r < std::max<std::int64_t>(1, s.repeats); ++r)  // windows in turn
    for (std::size_t k = 0; k < forms.size(); ++k) {
      use_threads(forms[k]);
      keep_best(best[k], timed_window(s, step_of(k), samples), r == 0);
    }
  omp_set_num_threads(threads_before);
  std::vector<double> rates;
  for (const Rate& b : best) rates.push_back(b.samples_per_second);
  return rates;
}

double training_rate(Model& model, const Dataset& train, const RateSettings& s) {
  return training_rates(model, train, s, {TrainingForm{}})[0];
}

double inference_rate(Model& model, const Dataset& data, const RateSettings& s) {
  InferenceLoop loop(model);
  const std::vector<Tensor> batches = fixed_batches(data, s.batch, std::min<std::int64_t>(s.runs, 8));
  auto run = [&](std::int64_t i) { loop.run(batches[static_cast<std::size_t>(i) % batches.size()]); };
  for (std::int64_t i = 0; i < s.warmup; ++i) run(i);
  return timed_rate(s, run, [&](std::int64_t) { return s.batch; }).samples_per_second;
}

std::vector<Rate> ort_rates(const std::vector<std::string>& onnx_paths, bool use_plugin, int threads,
                            const Dataset& data, const RateSettings& s) {
  std::vector<std::unique_ptr<OrtModel>> models;
  for (const std::string& path : onnx_paths) models.push_back(std::make_unique<OrtModel>(path, use_plugin, threads));
  const std::vector<Tensor> batches = fixed_batches(data, s.batch, std::min<std::int64_t>(s.runs, 8));
  auto runner = [&](const OrtModel& model) {
    return [&](std::int64_t i) {
      const Tensor& x = batches[static_cast<std::size_t>(i) % batches.size()];
      model.run(x.f32(), x.dim(0));
    };
  };
  for (const auto& model : models)
    for (std::int64_t i = 0; i < s.warmup; ++i) runner(*model)(i);
  std::vector<Rate> best(models.size());
  for (std::int64_t r = 0; r < std::max<std::int64_t>(1, s.repeats); ++r)  // windows in turn
    for (std::size_t m = 0; m < models.size(); ++m)
      keep_best(best[m], timed_window(s, runner(*models[m]), [&](std::int64_t) { return s.batch; }), r == 0);
  return best;
}

Rate ort_rate(const std::string& onnx_path, bool use_plugin, int threads, const Dataset& data,
              const RateSettings& s) {
  return ort_rates({onnx_path}, use_plugin, threads, data, s)[0];
}

PeakMemory peak_memory_of(const std::vector<std::string>& argv, const std::string& log_path) {
  DENDRITE_CHECK(!argv.empty(), "peak_memory_of: no command");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const auto start = Clock::now();
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  DENDRITE_CHECK(spawned == 0, "cannot start '{}': {}", argv[0], std::strerror(spawned));
  int status = 0;
  struct rusage usage {};
  pid_t done = -1;
  do {
    done = wait4(pid, &status, 0, &usage);
  } while (done < 0 && errno == EINTR);
  DENDRITE_CHECK(done == pid, "waiting for '{}' failed: {}", argv[0], std::strerror(errno));
  PeakMemory m;
  m.wall_seconds = seconds_since(start);
  std::string command;
  for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
  DENDRITE_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "'{}' failed (status {}); its output ends with:\n{}",
                 command, status, tail_of(log_path, 2000));
  m.peak_rss_bytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
  return m;
}

}  // namespace dendrite::bench
