#include "ops/cpu/dendritic_layer_kernels.h"

#include <algorithm>

#include "ops/cpu/csr_primitives.h"
#include "ops/cpu/multiversion.h"
#include "ops/cpu/tile_transpose.h"
#include "ops/cpu/vec16.h"

namespace dendrite::cpu {

namespace {
constexpr std::int64_t kSomaTile = 16;   // somata per output tile of a row-major y
constexpr std::int64_t kRowChunk = 256;  // samples of one dendrite gradient row per pass (1 KB)
constexpr std::int64_t kGradTileRows = 16, kGradTileSomata = 64;  // a 4 KB tile of soma gradients

// The rectifiers and weights of a layer in locals: stores to the outputs (floats) could
// otherwise alias them, and the loops would reload them.
struct Layer {
  const std::int32_t* row_ptr;
  const std::int32_t* col;
  const float *w, *b, *soma_w, *soma_b;
  std::int64_t D;
  Rectifier dendrite, soma;
  explicit Layer(const DendriticLayerParams& p)
      : row_ptr(p.csr.row_ptr), col(p.csr.col), w(p.w), b(p.b), soma_w(p.soma_w), soma_b(p.soma_b), D(p.D),
        dendrite(p.dendrite), soma(p.soma) {}
};

// Soma s on samples n .. n + 16 V of a panel: u = f_soma(soma_b + sum_t soma_w * f_dendrite(z_t)),
// the dendrite values z in registers from their gather to the soma sum. The operations (and so
// the bits) are those of the CSR kernels run one layer after the other (gather_axpy).
template <int V>
__attribute__((always_inline)) inline void soma_vectors(const Layer& l, std::int64_t s, const float* x_t,
                                                        std::int64_t ld_x, std::int64_t n, float* a_t,
                                                        std::int64_t ld_a, Vec16 (&u)[V]) {
  for (int v = 0; v < V; ++v) u[v] = DENDRITE_BROADCAST16(l.soma_b[s]);
  for (std::int64_t t = 0; t < l.D; ++t) {
    const std::int64_t j = s * l.D + t;
    Vec16 z[V], xv;
    for (int v = 0; v < V; ++v) z[v] = DENDRITE_BROADCAST16(l.b[j]);
    for (std::int32_t e = l.row_ptr[j]; e < l.row_ptr[j + 1]; ++e) {
      const Vec16 c = DENDRITE_BROADCAST16(l.w[e]);
      const float* src = x_t + l.col[e] * ld_x + n;
      for (int v = 0; v < V; ++v) {
        load16(xv, src + v * kVec16Width);
        z[v] += c * xv;
      }
    }
    for (int v = 0; v < V; ++v) rectify(l.dendrite, z[v]);
    if (a_t)
      for (int v = 0; v < V; ++v) store16(a_t + j * ld_a + n + v * kVec16Width, z[v]);
    const Vec16 ws = DENDRITE_BROADCAST16(l.soma_w[j]);
    for (int v = 0; v < V; ++v) u[v] += ws * z[v];
  }
  for (int v = 0; v < V; ++v) rectify(l.soma, u[v]);
}

// The same for one sample n (the panel's tail, or a batch of fewer than 16). Sixteen dendrites at
// a time: their sums first (independent chains the core overlaps), then their rectifiers on one
// vector (no branch on each value's sign), then the soma sum in dendrite order.
__attribute__((always_inline)) inline float soma_scalar(const Layer& l, std::int64_t s, const float* x_t,
                                                        std::int64_t ld_x, std::int64_t n, float* a_t,
                                                        std::int64_t ld_a) {
  float u = l.soma_b[s];
  alignas(64) float z[kVec16Width];
  for (std::int64_t t0 = 0; t0 < l.D; t0 += kVec16Width) {
    const std::int64_t count = std::min<std::int64_t>(kVec16Width, l.D - t0);
    const std::int64_t j0 = s * l.D + t0;
    for (std::int64_t i = 0; i < kVec16Width; ++i) {
      float acc = i < count ? l.b[j0 + i] : 0.0f;
      if (i < count)
        for (std::int32_t e = l.row_ptr[j0 + i]; e < l.row_ptr[j0 + i + 1]; ++e) acc += l.w[e] * x_t[l.col[e] * ld_x + n];
      z[i] = acc;
    }
    Vec16 zv;
    load16(zv, z);
    rectify(l.dendrite, zv);
    store16(z, zv);
    for (std::int64_t i = 0; i < count; ++i) {
      if (a_t) a_t[(j0 + i) * ld_a + n] = z[i];
      u += l.soma_w[j0 + i] * z[i];
    }
  }
  return rectify(l.soma, u);
}

template <int V>
__attribute__((always_inline)) inline void store_soma(const Layer& l, std::int64_t s, const float* x_t,
                                                      std::int64_t ld_x, float* a_t, std::int64_t ld_a,
                                                      float* out) {
  Vec16 u[V];
  soma_vectors<V>(l, s, x_t, ld_x, 0, a_t, ld_a, u);
  for (int v = 0; v < V; ++v) store16(out + v * kVec16Width, u[v]);
}
}  // namespace

DENDRITE_MULTIVERSION
void dendritic_layer_forward_panel(const DendriticLayerParams& p, const float* x_t, std::int64_t ld_x,
                                   std::int64_t count, std::int64_t s0, std::int64_t s1, const SomaSide& y,
                                   float* a_t, std::int64_t ld_a) {
  const Layer l(p);
  const std::int64_t vec = std::min<std::int64_t>(count / kVec16Width, kLayerPanel / kVec16Width);
  alignas(64) float tile[kSomaTile * kLayerPanel];  // [somata, samples] of a row-major y
  for (std::int64_t sb = s0; sb < s1; sb += kSomaTile) {
    const std::int64_t units = std::min(kSomaTile, s1 - sb);
    for (std::int64_t s = sb; s < sb + units; ++s) {
      float* out = y.batch_inner ? y.data + s * y.ld : tile + (s - sb) * kLayerPanel;
      switch (vec) {
        case 4: store_soma<4>(l, s, x_t, ld_x, a_t, ld_a, out); break;
        case 3: store_soma<3>(l, s, x_t, ld_x, a_t, ld_a, out); break;
        case 2: store_soma<2>(l, s, x_t, ld_x, a_t, ld_a, out); break;
        case 1: store_soma<1>(l, s, x_t, ld_x, a_t, ld_a, out); break;
        default: break;
      }
      for (std::int64_t n = vec * kVec16Width; n < count; ++n) out[n] = soma_scalar(l, s, x_t, ld_x, n, a_t, ld_a);
    }
    if (!y.batch_inner) transpose_tiles(tile, kLayerPanel, y.data + sb, y.ld, units, count);
  }
}

DENDRITE_MULTIVERSION
void transpose_panel(const float* x, std::int64_t count, std::int64_t n_in, float* x_t, std::int64_t ld_x) {
  transpose_tiles(x, n_in, x_t, ld_x, count, n_in);
}

std::int64_t dendritic_layer_scratch_floats(const DendriticLayerParams& p) { return p.csr.n_in * kLayerPanel; }

void dendritic_layer_forward_rows(const DendriticLayerParams& p, const float* x, std::int64_t count, float* y,
                                  float* scratch) {
  const std::int64_t n_in = p.csr.n_in;
  for (std::int64_t n0 = 0; n0 < count; n0 += kLayerPanel) {
    const std::int64_t c = std::min(kLayerPanel, count - n0);
    const std::int64_t ld = panel_stride(c);
    transpose_panel(x + n0 * n_in, c, n_in, scratch, ld);
    dendritic_layer_forward_panel(p, scratch, ld, c, 0, p.S, SomaSide{y + n0 * p.S, false, p.S}, nullptr, 0);
  }
}

DENDRITE_MULTIVERSION
void dendritic_layer_soma_grads(const DendriticLayerParams& p, std::int64_t N, const float* y, const float* d_y,
                                bool batch_inner, std::int64_t s0, std::int64_t s1, float* d_u_t) {
  const Rectifier f = p.soma;
  const std::int64_t S = p.S;
  if (batch_inner) {
    for (std::int64_t i = s0 * N; i < s1 * N; ++i) d_u_t[i] = f.on ? rectified_grad(y[i], d_y[i], f.slope) : d_y[i];
    return;
  }
  // Row-major y: computed row by row into a small tile, transposed into d_u_t from there (strided
  // stores straight into d_u_t would each touch another cache line).
  alignas(64) float tile[kGradTileRows * kGradTileSomata];
  for (std::int64_t n0 = 0; n0 < N; n0 += kGradTileRows) {
    const std::int64_t rows = std::min(kGradTileRows, N - n0);
    for (std::int64_t sb = s0; sb < s1; sb += kGradTileSomata) {
      const std::int64_t cols = std::min(kGradTileSomata, s1 - sb);
      for (std::int64_t r = 0; r < rows; ++r) {
        const float* y_row = y + (n0 + r) * S + sb;
        const float* d_row = d_y + (n0 + r) * S + sb;
        float* out = tile + r * kGradTileSomata;
        if (f.on) {
          for (std::int64_t c = 0; c < cols; ++c) out[c] = rectified_grad(y_row[c], d_row[c], f.slope);
        } else {
          std::copy(d_row, d_row + cols, out);
        }
      }
      transpose_tiles(tile, kGradTileSomata, d_u_t + sb * N + n0, N, rows, cols);
    }
  }
}

namespace {
// Dendrite j (weight ws on its soma, whose gradient row is d_u): the gradient before its
// activation, d_z = f_dendrite'(.) ws d_u, kRowChunk samples at a time in a stack buffer, consumed
// there by its weight and bias gradients (and copied to d_z_out when that is not null); on the
// same pass over its activations a, the gradient of its soma weight, sum_n d_u[n] a[n]. Each
// gradient is skipped when its pointer is null. The sums run in a fixed order.
DENDRITE_MULTIVERSION
void dendrite_gradients(const Layer& l, std::int64_t j, const float* d_u, const float* a, const float* x_t,
                        std::int64_t N, float* d_w, float* d_b, float* d_soma_w, float* d_z_out) {
  alignas(64) float d_z[kRowChunk];
  const float ws = l.soma_w[j];
  const Vec16 ws16 = DENDRITE_BROADCAST16(ws);
  const Rectifier f = l.dendrite;
  const std::int32_t begin = l.row_ptr[j], len = l.row_ptr[j + 1] - begin;
  if (d_w) std::fill(d_w + begin, d_w + begin + len, 0.0f);
  float bias = 0.0f, soma_weight = 0.0f;
  for (std::int64_t n0 = 0; n0 < N; n0 += kRowChunk) {
    const std::int64_t count = std::min(kRowChunk, N - n0);
    const float* a_chunk = a + n0;
    const float* d_u_chunk = d_u + n0;
    Vec16 dot = DENDRITE_BROADCAST16(0.0f), av, dv;
    std::int64_t n = 0;
    for (; n + kVec16Width <= count; n += kVec16Width) {
      load16(av, a_chunk + n);
      load16(dv, d_u_chunk + n);
      dot += dv * av;
      dv *= ws16;
      if (f.on) rectified_grad16(av, dv, f.slope);
      store16(d_z + n, dv);
    }
    float tail = 0.0f;
    for (; n < count; ++n) {
      tail += d_u_chunk[n] * a_chunk[n];
      const float d = ws * d_u_chunk[n];
      d_z[n] = f.on ? rectified_grad(a_chunk[n], d, f.slope) : d;
    }
    soma_weight += lane_sum16(dot) + tail;
    if (d_z_out) std::copy(d_z, d_z + count, d_z_out + n0);
    if (d_w) gathered_dots(d_z, l.col + begin, len, x_t + n0, N, count, d_w + begin);
    if (d_b) bias += ordered_sum(d_z, count);
  }
  if (d_b) d_b[j] = bias;
  if (d_soma_w) d_soma_w[j] = soma_weight;
}
}  // namespace

void dendritic_layer_backward_somata(const DendriticLayerParams& p, std::int64_t N, const float* x_t,
                                     const float* a_t, const float* d_u_t, std::int64_t s0, std::int64_t s1,
                                     const DendriticLayerGrads& g, float* d_z_t) {
  const Layer l(p);
  const bool dendrites = g.d_w || g.d_b || g.d_soma_w || d_z_t;
  for (std::int64_t s = s0; s < s1; ++s) {
    const float* d_u = d_u_t + s * N;
    if (g.d_soma_b) g.d_soma_b[s] = ordered_sum(d_u, N);
    if (!dendrites) continue;
    for (std::int64_t j = s * p.D; j < (s + 1) * p.D; ++j)
      dendrite_gradients(l, j, d_u, a_t + j * N, x_t, N, g.d_w, g.d_b, g.d_soma_w, d_z_t ? d_z_t + j * N : nullptr);
  }
}

void dendritic_layer_backward_inputs(const CscIndex& csc, const float* w, std::int64_t N, const float* d_z_t,
                                     std::int64_t i0, std::int64_t i1, float* w_csc, float* d_x_t) {
  const std::int32_t* col_ptr = csc.col_ptr.data();
  for (std::int32_t k = col_ptr[i0]; k < col_ptr[i1]; ++k) w_csc[k] = w[csc.edge[static_cast<std::size_t>(k)]];
  for (std::int64_t i = i0; i < i1; ++i) {
    const std::int32_t begin = col_ptr[i];
    gather_axpy(csc.row.data() + begin, w_csc + begin, col_ptr[i + 1] - begin, 0.0f, d_z_t, N, N, Rectifier{},
                d_x_t + i * N);
  }
}

}  // namespace dendrite::cpu
