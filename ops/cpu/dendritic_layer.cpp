#include "ops/cpu/dendritic_layer.h"


#ifdef _OPENMP
#include <omp.h>
#endif

namespace dendrite::cpu {

namespace {
// Below this many multiply-adds a call runs on one thread (a parallel region costs more).
constexpr std::int64_t kParallelWork = 1 << 15;

int max_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}
int thread_count() {
#ifdef _OPENMP
  return omp_get_num_threads();
#else
  return 1;
#endif
}
int thread_id() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

// Part k of [0, total) split into `parts` contiguous ranges: [begin(k), begin(k + 1)).
std::int64_t part_begin(std::int64_t k, std::int64_t total, std::int64_t parts) { return k * total / parts; }

std::int64_t work_of(const DendriticLayerParams& p, std::int64_t N) { return (p.csr.nnz + p.S * p.D) * N; }

}  // namespace

void DendriticLayer::forward(const DendriticLayerParams& p, std::int64_t N, const float* x, float* y,
                             bool keep_for_backward) {
  const std::int64_t n_in = p.csr.n_in, dendrites = p.S * p.D;
  const bool shared_x_t = keep_for_backward && !input_batch_inner_;  // the backward reads it
  if (shared_x_t) x_t_.reserve(n_in * N);
  if (keep_for_backward) a_t_.reserve(dendrites * N);
  if (!input_batch_inner_ && !keep_for_backward) scratch_.reserve(max_threads() * n_in * kLayerPanel);
  kept_ = keep_for_backward;
  kept_batch_ = N;
  const std::int64_t panels = (N + kLayerPanel - 1) / kLayerPanel;
  float* a_t = keep_for_backward ? a_t_.data() : nullptr;
  int team = 1;
  clock_.begin(max_threads());
#pragma omp parallel if (work_of(p, N) > kParallelWork)
  {
    const int threads = thread_count(), tid = thread_id();
    if (tid == 0) team = threads;
    // Units of work: a panel of samples for a group of somata; more groups when panels are few.
    const std::int64_t groups = panels >= threads ? 1 : threads / panels;
    const std::int64_t units = panels * groups;
    const std::int64_t u0 = part_begin(tid, units, threads), u1 = part_begin(tid + 1, units, threads);
    if (shared_x_t) {
      // Every thread transposes a share of the batch into x_t_ (its own panels when each unit
      // is a whole panel); with soma groups, all threads wait for the whole of it.
      const std::int64_t r0 = groups == 1 ? u0 * kLayerPanel : part_begin(tid, N, threads);
      const std::int64_t r1 = groups == 1 ? std::min(N, u1 * kLayerPanel) : part_begin(tid + 1, N, threads);
      clock_.work(tid, [&] {
        if (r1 > r0) transpose_panel(x + r0 * n_in, r1 - r0, n_in, x_t_.data() + r0, N);
      });
      if (groups > 1) {
#pragma omp barrier
      }
    }
    clock_.work(tid, [&] { forward_units(p, N, x, y, a_t, shared_x_t, u0, u1, groups, tid); });
  }
  clock_.end(team);
}

// Units [u0, u1) of a forward (see forward): the layer on a panel of samples for a group of somata.
void DendriticLayer::forward_units(const DendriticLayerParams& p, std::int64_t N, const float* x, float* y,
                                   float* a_t, bool shared_x_t, std::int64_t u0, std::int64_t u1,
                                   std::int64_t groups, int tid) {
  const std::int64_t n_in = p.csr.n_in;
  for (std::int64_t u = u0; u < u1; ++u) {
    const std::int64_t n0 = (u / groups) * kLayerPanel, count = std::min(kLayerPanel, N - n0);
    const std::int64_t g = u % groups;
    const std::int64_t s0 = part_begin(g, p.S, groups), s1 = part_begin(g + 1, p.S, groups);
    const float* x_t = nullptr;
    std::int64_t ld_x = N;
    if (input_batch_inner_) {
      x_t = x + n0;
    } else if (shared_x_t) {
      x_t = x_t_.data() + n0;
    } else {
      float* own = scratch_.data() + tid * n_in * kLayerPanel;
      ld_x = panel_stride(count);
      transpose_panel(x + n0 * n_in, count, n_in, own, ld_x);
      x_t = own;
    }
    const SomaSide out = output_batch_inner_ ? SomaSide{y + n0, true, N} : SomaSide{y + n0 * p.S, false, p.S};
    dendritic_layer_forward_panel(p, x_t, ld_x, count, s0, s1, out, a_t ? a_t + n0 : nullptr, N);
  }
}

void DendriticLayer::backward(const DendriticLayerParams& p, std::int64_t N, const float* x, const float* y,
                              const float* d_y, float* d_x, const DendriticLayerGrads& g) {
  if (!kept_ || kept_batch_ != N) {  // a backward after a forward that did not expect one: redo it
    y_again_.reserve(N * p.S);
    forward(p, N, x, y_again_.data(), /*keep_for_backward=*/true);
  }
  const std::int64_t n_in = p.csr.n_in, dendrites = p.S * p.D;
  d_u_t_.reserve(p.S * N);
  if (d_x) {
    if (!csc_ready_) {
      csc_ = make_csc(p.csr);
      csc_ready_ = true;
    }
    w_csc_.reserve(p.csr.nnz);
    d_z_t_.reserve(dendrites * N);
    if (!input_batch_inner_) d_x_t_.reserve(n_in * N);
  }
  const float* x_t = input_t(x);
  int team = 1;
  clock_.begin(max_threads());
#pragma omp parallel if (work_of(p, N) > kParallelWork)
  {
    const int threads = thread_count(), tid = thread_id();
    if (tid == 0) team = threads;
    const std::int64_t s0 = part_begin(tid, p.S, threads), s1 = part_begin(tid + 1, p.S, threads);
    clock_.work(tid, [&] {
      dendritic_layer_soma_grads(p, N, y, d_y, output_batch_inner_, s0, s1, d_u_t_.data());
      dendritic_layer_backward_somata(p, N, x_t, a_t_.data(), d_u_t_.data(), s0, s1, g,
                                      d_x ? d_z_t_.data() : nullptr);
    });
    if (d_x) {
#pragma omp barrier
      const std::int64_t i0 = part_begin(tid, n_in, threads), i1 = part_begin(tid + 1, n_in, threads);
      float* d_x_t = input_batch_inner_ ? d_x : d_x_t_.data();
      clock_.work(tid, [&] {
        dendritic_layer_backward_inputs(csc_, p.w, N, d_z_t_.data(), i0, i1, w_csc_.data(), d_x_t);
        if (!input_batch_inner_ && i1 > i0) transpose_panel(d_x_t + i0 * N, i1 - i0, N, d_x + i0, n_in);
      });
    }
  }
  clock_.end(team);
}

}  // namespace dendrite::cpu
