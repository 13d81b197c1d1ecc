// Rows adam_step/<adam|adamw>/threads:<T>: one Optimizer::step over the parameters of a small
// dANN (tensors of 65,536 + 4,096 + 4,352 + 2,570 floats, 76,554 in all) with T OpenMP threads.
// GB/s counts the 28 bytes an element moves (p, g, m, v read; p, m, v written).
//
//   build/benchmarks/dendrite_kernel_bench --benchmark_filter=adam_step
//   (on a busy machine add --benchmark_repetitions=7 --benchmark_report_aggregates_only=true)
#include <benchmark/benchmark.h>
#include <omp.h>

#include <string>
#include <vector>

#include "benchmarks/bench_layers.h"
#include "framework/optim/optimizer.h"

namespace dendrite::bench {
namespace {

constexpr std::int64_t kParamSizes[] = {65536, 4096, 4352, 2570};
constexpr double kBytesPerElement = 7 * sizeof(float);

void adam_step(benchmark::State& st, const std::string& type) {
  const int saved_threads = omp_get_max_threads();
  omp_set_num_threads(static_cast<int>(st.range(0)));

  NamedTensors params;
  std::vector<Tensor> grads;
  std::vector<const Tensor*> grad_ptrs;
  std::int64_t total = 0;
  std::uint64_t seed = 11;
  for (const std::int64_t n : kParamSizes) {
    params.emplace_back("p" + std::to_string(params.size()), Tensor::from_f32({n}, random_floats(n, seed++)));
    grads.push_back(Tensor::from_f32({n}, random_floats(n, seed++)));
    total += n;
  }
  for (const Tensor& g : grads) grad_ptrs.push_back(&g);

  OptimizerConfig cfg;
  cfg.type = type;
  cfg.weight_decay = 1e-4;
  const auto opt = make_optimizer(cfg, params);
  for (auto _ : st) {
    opt->step(grad_ptrs);
    benchmark::ClobberMemory();
  }
  st.counters["GB/s"] = benchmark::Counter(static_cast<double>(total) * kBytesPerElement * 1e-9,
                                           benchmark::Counter::kIsIterationInvariantRate);
  omp_set_num_threads(saved_threads);
}

void register_adam_steps() {
  for (const std::string type : {"adam", "adamw"}) {
    benchmark::RegisterBenchmark(("adam_step/" + type).c_str(),
                                 [type](benchmark::State& st) { adam_step(st, type); })
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime()
        ->ComputeStatistics("min", min_of);
  }
}

// Registered when the program starts, next to the rows kernel_bench.cpp registers in main().
const bool kRegistered = (register_adam_steps(), true);

}  // namespace
}  // namespace dendrite::bench
