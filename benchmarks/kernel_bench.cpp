// dendrite_kernel_bench: Google Benchmark micro-benchmarks of the sparse-layer kernels, next to
// oneDNN's dense inner product on the dense shape of the same layer, and whole training steps.
//
//   build/benchmarks/dendrite_kernel_bench                                  # everything
//   build/benchmarks/dendrite_kernel_bench --benchmark_filter='dendritic_.*grf/D16/S256'
//
// GFLOP/s counts 2 flops per multiply-add over the connections that exist (nnz * N for a sparse
// layer, S * D * N for the somatic layer, n_in * n_out * N for the dense one), so sparse and dense
// rates compare the useful work per second. The dense rows show what the same layer costs when
// computed densely (the masked path): their time, not their rate, is what the sparse kernels beat.
// Rows (batch N = 128 unless the name says otherwise):
//   dendritic_{forward,backward_weights,backward_data}/<family>/D<D>/S<S>  the ops/cpu CSR kernels
//       on batch-innermost buffers; dendritic_op_{forward,backward}: the whole op (with transposes)
//   The two designs of the row-major side of the layer (ops/cpu/csr_kernels.h, NOTE [row-major
//   tiles]): dendritic_forward_rows vs dendritic_forward_then_transpose (a full [n_out, N] buffer,
//   then a transpose), dendritic_backward_weights_rows vs dendritic_transpose_then_backward_weights.
//   somatic_{forward,backward_weights,backward_data}/D<D>/S<S>
//   dense_{forward,backward_data,backward_weights}/<n_in>x<n_out>       oneDNN inner product
//   train_step/<model>/D<D>/S<S>/<impl>   forward + backward + Adam (samples/s); the impl
//       "sparse-unfused" is the sparse path without the fused dendritic-layer kernel,
//       "sparse-plain" without it and without the executor's activation fusion and layout handoff
//   transpose/<rows>x<cols>, batch_gather/...: the layout change and the data loading of a step
// Threads: OpenMP's default (OMP_NUM_THREADS), shared by our kernels and oneDNN.
// On a busy machine: --benchmark_repetitions=7 --benchmark_report_aggregates_only=true and read
// the _min rows; OMP_WAIT_POLICY=passive keeps idle threads from spinning against other work.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "benchmarks/bench_layers.h"
#include "benchmarks/bench_steps.h"
#include "framework/core/tensor.h"
#include "framework/data/batcher.h"
#include "ops/cpu/csr_kernels.h"
#include "ops/cpu/somatic_kernels.h"
#include "ops/cpu/transpose.h"
#include "ops/onednn/inner_product.h"
#include "ops/op.h"

namespace dendrite::bench {
namespace {

constexpr std::int64_t kBatch = 128;

struct Size {
  std::int64_t D, S;
};
constexpr Size kSizes[] = {{16, 64}, {16, 256}, {64, 512}};
const char* const kFamilies[] = {"r", "lrf", "grf"};

void set_rates(benchmark::State& st, double flops_per_iteration) {
  st.counters["GFLOP/s"] =
      benchmark::Counter(flops_per_iteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

template <class Fn>
void run(benchmark::State& st, const Fn& fn) {
  for (auto _ : st) {
    fn();
    benchmark::ClobberMemory();
  }
}

// The three CSR kernels on batch-innermost data: x_t [n_in, N], y_t / d_y_t [n_out, N].
void dendritic_kernels(const std::string& family, Size z) {
  const std::string tag = "/" + family + "/D" + std::to_string(z.D) + "/S" + std::to_string(z.S);
  auto state = [family, z](const std::string& what) {
    return [family, z, what](benchmark::State& st) {
      const SparseLayer& l = sparse_layer(family, z.D, z.S);
      const CsrIndex idx = l.index();
      const std::vector<float> x_t = random_floats(idx.n_in * kBatch, 4);
      const std::vector<float> d_y_t = random_floats(idx.n_out * kBatch, 5);
      std::vector<float> y_t(static_cast<std::size_t>(idx.n_out * kBatch)), y_rows(y_t.size());
      std::vector<float> d_w(static_cast<std::size_t>(idx.nnz)), d_b(static_cast<std::size_t>(idx.n_out));
      std::vector<float> d_x_t(static_cast<std::size_t>(idx.n_in * kBatch)), w_csc(d_w.size());
      const cpu::CscIndex csc = cpu::make_csc(idx);
      if (what == "forward") {
        run(st, [&] { cpu::csr_forward(idx, kBatch, x_t.data(), l.w.data(), l.b.data(), y_t.data()); });
      } else if (what == "forward_rows") {
        run(st, [&] { cpu::csr_forward_rows(idx, kBatch, x_t.data(), l.w.data(), l.b.data(), y_t.data()); });
      } else if (what == "backward_weights") {
        run(st, [&] { cpu::csr_backward_weights(idx, kBatch, x_t.data(), d_y_t.data(), d_w.data(), d_b.data()); });
      } else if (what == "forward_then_transpose") {  // design A of the row-major forward
        run(st, [&] {
          cpu::csr_forward(idx, kBatch, x_t.data(), l.w.data(), l.b.data(), y_t.data());
          cpu::transpose(y_t.data(), idx.n_out, kBatch, y_rows.data());
        });
      } else if (what == "transpose_then_backward_weights") {  // design A of the row-major d_w
        run(st, [&] {
          cpu::transpose(d_y_t.data(), kBatch, idx.n_out, y_rows.data());
          cpu::csr_backward_weights(idx, kBatch, x_t.data(), y_rows.data(), d_w.data(), d_b.data());
        });
      } else if (what == "backward_weights_rows") {
        run(st, [&] { cpu::csr_backward_weights_rows(idx, kBatch, x_t.data(), d_y_t.data(), d_w.data(), d_b.data()); });
      } else {
        run(st, [&] { cpu::csr_backward_data(csc, kBatch, d_y_t.data(), l.w.data(), w_csc.data(), d_x_t.data()); });
      }
      set_rates(st, 2.0 * static_cast<double>(idx.nnz * kBatch));
    };
  };
  for (const char* what : {"forward", "forward_rows", "forward_then_transpose", "backward_weights",
                           "backward_weights_rows", "transpose_then_backward_weights", "backward_data"})
    benchmark::RegisterBenchmark(("dendritic_" + std::string(what) + tag).c_str(), state(what))
        ->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
}

// The dendritic op through its kernel object: row-major x [N, n_in] in, y [N, n_out] out.
void dendritic_op(const std::string& family, Size z) {
  const std::string tag = "/" + family + "/D" + std::to_string(z.D) + "/S" + std::to_string(z.S);
  for (const bool backward : {false, true}) {
    auto fn = [family, z, backward](benchmark::State& st) {
      const SparseLayer& l = sparse_layer(family, z.D, z.S);
      const Connectivity& c = l.conn;
      Tensor x = Tensor::from_f32({kBatch, c.n_in}, random_floats(kBatch * c.n_in, 4));
      Tensor w = Tensor::from_f32({c.nnz()}, l.w), b = Tensor::from_f32({c.n_out}, l.b);
      Tensor rp = Tensor::from_i32({c.n_out + 1}, c.row_ptr), col = Tensor::from_i32({c.nnz()}, c.col);
      Tensor y({kBatch, c.n_out});
      Tensor d_y = Tensor::from_f32({kBatch, c.n_out}, random_floats(kBatch * c.n_out, 5));
      Tensor d_w({c.nnz()}), d_b({c.n_out});
      KernelArgs args;
      args.inputs = {&x, &w, &b, &rp, &col};
      args.outputs = {&y};
      args.d_outputs = {&d_y};
      args.d_inputs = {nullptr, &d_w, &d_b, nullptr, nullptr};  // first layer: no d_x
      auto kernel = find_op("dendritic").make_kernel({}, Backend::optimized);
      kernel->forward(args);
      if (backward) run(st, [&] { kernel->backward(args); });
      else run(st, [&] { kernel->forward(args); });
      set_rates(st, 2.0 * static_cast<double>(c.nnz() * kBatch));
    };
    const std::string name = std::string("dendritic_op_") + (backward ? "backward" : "forward") + tag;
    benchmark::RegisterBenchmark(name.c_str(), fn)->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
  }
}

void somatic_kernels(Size z) {
  const std::string tag = "/D" + std::to_string(z.D) + "/S" + std::to_string(z.S);
  for (const char* what : {"forward", "backward_weights", "backward_data"}) {
    auto fn = [z, what = std::string(what)](benchmark::State& st) {
      const std::int64_t n_dend = z.D * z.S;
      const std::vector<float> x = random_floats(kBatch * n_dend, 4), w = random_floats(n_dend, 5);
      const std::vector<float> b = random_floats(z.S, 6), d_y = random_floats(kBatch * z.S, 7);
      std::vector<float> y(static_cast<std::size_t>(kBatch * z.S)), d_x(x.size()), d_w(w.size()), d_b(b.size());
      if (what == "forward") {
        run(st, [&] { cpu::somatic_forward(kBatch, z.S, z.D, x.data(), w.data(), b.data(), y.data()); });
      } else if (what == "backward_weights") {
        run(st, [&] {
          cpu::somatic_backward(kBatch, z.S, z.D, x.data(), w.data(), d_y.data(), nullptr, d_w.data(), d_b.data());
        });
      } else {
        run(st, [&] {
          cpu::somatic_backward(kBatch, z.S, z.D, x.data(), w.data(), d_y.data(), d_x.data(), nullptr, nullptr);
        });
      }
      set_rates(st, 2.0 * static_cast<double>(kBatch * n_dend));
    };
    benchmark::RegisterBenchmark(("somatic_" + std::string(what) + tag).c_str(), fn)->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
  }
}

// oneDNN inner product on [N, n_in] x [n_out, n_in]: the dense shape of a sparse layer.
void dense_layer(std::int64_t n_in, std::int64_t n_out) {
  const std::string tag = "/" + std::to_string(n_in) + "x" + std::to_string(n_out);
  for (const char* what : {"forward", "backward_data", "backward_weights"}) {
    auto fn = [n_in, n_out, what = std::string(what)](benchmark::State& st) {
      const onednn::DenseShape s{kBatch, n_in, n_out};
      const std::vector<float> x = random_floats(kBatch * n_in, 4), w = random_floats(n_out * n_in, 5);
      const std::vector<float> b = random_floats(n_out, 6), d_y = random_floats(kBatch * n_out, 7);
      std::vector<float> y(d_y.size()), d_x(x.size()), d_w(w.size()), d_b(b.size());
      onednn::InnerProduct ip;
      if (what == "forward") run(st, [&] { ip.forward(s, x.data(), w.data(), b.data(), y.data()); });
      else if (what == "backward_data") run(st, [&] { ip.backward_data(s, d_y.data(), w.data(), d_x.data()); });
      else run(st, [&] { ip.backward_weights(s, x.data(), d_y.data(), d_w.data(), d_b.data()); });
      set_rates(st, 2.0 * static_cast<double>(kBatch * n_in * n_out));
    };
    benchmark::RegisterBenchmark(("dense_" + std::string(what) + tag).c_str(), fn)->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
  }
}

// The layout change around the CSR kernels: [rows, cols] -> [cols, rows]. GB/s counts bytes read
// and written.
void transposes() {
  for (const auto& [rows, cols] : {std::pair<std::int64_t, std::int64_t>{kBatch, kInputs},
                                   {kBatch, 4096},
                                   {4096, kBatch}}) {
    const std::string name = "transpose/" + std::to_string(rows) + "x" + std::to_string(cols);
    benchmark::RegisterBenchmark(name.c_str(), [rows = rows, cols = cols](benchmark::State& st) {
      const std::vector<float> src = random_floats(rows * cols, 1);
      std::vector<float> dst(src.size());
      run(st, [&] { cpu::transpose(src.data(), rows, cols, dst.data()); });
      st.counters["GB/s"] = benchmark::Counter(8.0 * static_cast<double>(rows * cols) * 1e-9,
                                               benchmark::Counter::kIsIterationInvariantRate);
    })->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
  }
}

// The batch gather of a training step (framework/data/batcher.h) on an MNIST-sized training set:
// what overlapping data loading with compute could at most hide.
void batch_gather() {
  benchmark::RegisterBenchmark("batch_gather/54000x784/N128", [](benchmark::State& st) {
    Dataset d;
    d.images = Tensor::from_f32({54000, kInputs}, random_floats(54000 * kInputs, 1));
    d.labels = Tensor({54000}, DType::i32);
    d.sample_shape = {kImageSide, kImageSide, 1};
    d.num_classes = 10;
    Batcher batcher(d, kBatch, /*shuffle=*/true, 1);
    Batch batch;
    std::int64_t epoch = 0;
    run(st, [&] {
      if (!batcher.next(batch)) {
        batcher.start_epoch(++epoch);
        batcher.next(batch);
      }
    });
    st.counters["samples/s"] =
        benchmark::Counter(static_cast<double>(kBatch), benchmark::Counter::kIsIterationInvariantRate);
  })->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
}

// label: the implementation's name, or "dense" for a model without sparse layers.
void train_steps(const std::string& model, Size z, SparseImpl impl, const std::string& label,
                 const StepSettings& settings = {}) {
  const std::string name = "train_step/" + model + "/D" + std::to_string(z.D) + "/S" + std::to_string(z.S) +
                           "/" + label;
  benchmark::RegisterBenchmark(name.c_str(), [model, z, impl, settings](benchmark::State& st) {
    SyntheticStep step(model, z.D, z.S, impl, kBatch, settings);
    step.run();  // warm-up: plans, primitives, buffers
    run(st, [&] { step.run(); });
    st.counters["samples/s"] =
        benchmark::Counter(static_cast<double>(kBatch), benchmark::Counter::kIsIterationInvariantRate);
  })->Unit(benchmark::kMillisecond)->UseRealTime()->ComputeStatistics("min", min_of);
}

void register_all() {
  transposes();
  batch_gather();
  for (const Size& z : kSizes) {
    for (const char* family : kFamilies) dendritic_kernels(family, z);
    for (const char* family : kFamilies) dendritic_op(family, z);
    somatic_kernels(z);
    dense_layer(kInputs, z.D * z.S);
  }
  for (const Size& z : kSizes) {
    for (const char* model : {"dann-r", "dann-lrf", "dann-grf"}) {
      for (SparseImpl impl : {SparseImpl::sparse, SparseImpl::masked}) train_steps(model, z, impl, sparse_impl_name(impl));
      StepSettings unfused, plain;
      unfused.fuse_layers = plain.fuse_layers = plain.executor_passes = false;
      train_steps(model, z, SparseImpl::sparse, "sparse-unfused", unfused);
      train_steps(model, z, SparseImpl::sparse, "sparse-plain", plain);
    }
    train_steps("vann", z, SparseImpl::sparse, "dense");  // dense layers only: the same either way
  }
}

}  // namespace
}  // namespace dendrite::bench

int main(int argc, char** argv) {
  dendrite::bench::register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
