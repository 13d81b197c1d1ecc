// Rows of the fused dANN layer kernel (ops/cpu/dendritic_layer.h) next to the unfused chain it
// replaces (the dendritic kernel with its fused activation handing its output batch-innermost
// to the somatic kernel with its fused activation, as the executor runs them without the fused
// layer), on the input -> dendrite -> soma layer of the paper's models, leaky_relu(0.1) on both:
//   layer_train/<family>/D<D>/S<S>/<fused|unfused>   forward + backward at batch 128 (first
//       layer: no d_x), the training step's share of the layer
//   layer_infer/<family>/D<D>/S<S>/<fused|unfused>/N<N>   forward only (inference), row-major
//       input and output
// samples/s counts the batch. Threads: OpenMP's default (OMP_NUM_THREADS).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "benchmarks/bench_layers.h"
#include "framework/core/tensor.h"
#include "ops/cpu/dendritic_layer.h"
#include "ops/op.h"

namespace dendrite::bench {
namespace {

constexpr std::int64_t kTrainBatch = 128;
const Activation kLeaky{ActivationKind::leaky_relu, 0.1f};

// One layer's parameters and a batch, as tensors.
struct LayerSetup {
  const SparseLayer& l;
  std::int64_t S, D, N;
  Tensor x, w, b, row_ptr, col, soma_w, soma_b, a, y, d_y, d_w, d_b, d_a, d_soma_w, d_soma_b;
  LayerSetup(const std::string& family, std::int64_t D_, std::int64_t S_, std::int64_t N_)
      : l(sparse_layer(family, D_, S_)), S(S_), D(D_), N(N_),
        x(Tensor::from_f32({N_, l.conn.n_in}, random_floats(N_ * l.conn.n_in, 4))),
        w(Tensor::from_f32({l.conn.nnz()}, l.w)), b(Tensor::from_f32({l.conn.n_out}, l.b)),
        row_ptr(Tensor::from_i32({l.conn.n_out + 1}, l.conn.row_ptr)),
        col(Tensor::from_i32({l.conn.nnz()}, l.conn.col)),
        soma_w(Tensor::from_f32({S_, D_}, random_floats(S_ * D_, 5))),
        soma_b(Tensor::from_f32({S_}, random_floats(S_, 6))), a({N_, D_ * S_}), y({N_, S_}),
        d_y(Tensor::from_f32({N_, S_}, random_floats(N_ * S_, 7))), d_w({l.conn.nnz()}), d_b({D_ * S_}),
        d_a({N_, D_ * S_}), d_soma_w({S_, D_}), d_soma_b({S_}) {}

  cpu::DendriticLayerParams params() const {
    cpu::Rectifier r;
    cpu::rectifier_for(kLeaky, r);
    return {l.index(), S, D, w.f32(), b.f32(), soma_w.f32(), soma_b.f32(), r, r};
  }
};

// The unfused chain: the two op kernels with the executor's activation fusion and handoff.
struct Unfused {
  std::unique_ptr<OpKernel> dendritic = find_op("dendritic").make_kernel({}, Backend::optimized);
  std::unique_ptr<OpKernel> somatic = find_op("somatic").make_kernel({}, Backend::optimized);
  KernelArgs dend_args, soma_args;
  Unfused(LayerSetup& s, bool training) {
    dendritic->fuse_activation(kLeaky);
    somatic->fuse_activation(kLeaky);
    dendritic->set_batch_inner(OpKernel::Port::output0);
    somatic->set_batch_inner(OpKernel::Port::input0);
    dend_args.inputs = {&s.x, &s.w, &s.b, &s.row_ptr, &s.col};
    dend_args.outputs = {&s.a};
    soma_args.inputs = {&s.a, &s.soma_w, &s.soma_b};
    soma_args.outputs = {&s.y};
    if (training) {
      dend_args.d_outputs = {&s.d_a};
      dend_args.d_inputs = {nullptr, &s.d_w, &s.d_b, nullptr, nullptr};
      soma_args.d_outputs = {&s.d_y};
      soma_args.d_inputs = {&s.d_a, &s.d_soma_w, &s.d_soma_b};
    }
    dend_args.training = soma_args.training = training;
  }
  void forward() {
    dendritic->forward(dend_args);
    somatic->forward(soma_args);
  }
  void backward() {
    somatic->backward(soma_args);
    dendritic->backward(dend_args);
  }
};

void set_samples(benchmark::State& st, std::int64_t N) {
  st.counters["samples/s"] = benchmark::Counter(static_cast<double>(N), benchmark::Counter::kIsIterationInvariantRate);
}

void layer_train(benchmark::State& st, const std::string& family, std::int64_t D, std::int64_t S, bool fused) {
  LayerSetup s(family, D, S, kTrainBatch);
  if (fused) {
    cpu::DendriticLayer layer;
    const cpu::DendriticLayerParams p = s.params();
    const cpu::DendriticLayerGrads g{s.d_w.f32(), s.d_b.f32(), s.d_soma_w.f32(), s.d_soma_b.f32()};
    for (auto _ : st) {
      layer.forward(p, s.N, s.x.f32(), s.y.f32(), true);
      layer.backward(p, s.N, s.x.f32(), s.y.f32(), s.d_y.f32(), nullptr, g);
      benchmark::ClobberMemory();
    }
  } else {
    Unfused u(s, true);
    for (auto _ : st) {
      u.forward();
      u.backward();
      benchmark::ClobberMemory();
    }
  }
  set_samples(st, s.N);
}

void layer_infer(benchmark::State& st, const std::string& family, std::int64_t D, std::int64_t S, std::int64_t N,
                 bool fused) {
  LayerSetup s(family, D, S, N);
  if (fused) {
    cpu::DendriticLayer layer;
    const cpu::DendriticLayerParams p = s.params();
    for (auto _ : st) {
      layer.forward(p, s.N, s.x.f32(), s.y.f32(), false);
      benchmark::ClobberMemory();
    }
  } else {
    Unfused u(s, false);
    for (auto _ : st) {
      u.forward();
      benchmark::ClobberMemory();
    }
  }
  set_samples(st, s.N);
}

void register_fused_layer() {
  struct Size {
    std::int64_t D, S;
  };
  for (const Size z : {Size{16, 64}, Size{16, 256}, Size{64, 512}}) {
    for (const std::string family : {"r", "grf"}) {
      const std::string tag = "/" + family + "/D" + std::to_string(z.D) + "/S" + std::to_string(z.S);
      for (const bool fused : {true, false}) {
        const std::string kind = fused ? "/fused" : "/unfused";
        benchmark::RegisterBenchmark(("layer_train" + tag + kind).c_str(),
                                     [=](benchmark::State& st) { layer_train(st, family, z.D, z.S, fused); })
            ->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
        for (const std::int64_t N : {1, 256, 10000}) {
          benchmark::RegisterBenchmark(("layer_infer" + tag + kind + "/N" + std::to_string(N)).c_str(),
                                       [=](benchmark::State& st) { layer_infer(st, family, z.D, z.S, N, fused); })
              ->Unit(benchmark::kMicrosecond)->UseRealTime()->ComputeStatistics("min", min_of);
        }
      }
    }
  }
}

// Registered when the program starts, next to the rows kernel_bench.cpp registers in main().
const bool kRegistered = (register_fused_layer(), true);

}  // namespace
}  // namespace dendrite::bench
