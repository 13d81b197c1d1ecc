// Connectivity: validation, the dense view and the non-geometric generators (R, fixed k,
// all-to-all, block). The RF generators live in connectivity_rf.cpp.
#include "framework/model/connectivity.h"

#include "framework/core/error.h"
#include "framework/model/connectivity_detail.h"

namespace dendrite {

using detail::check_at_least;
using detail::check_fits_int32;
using detail::saturating_product;

void Connectivity::validate() const {
  check_at_least("Connectivity", "n_in", n_in, 1);
  check_at_least("Connectivity", "n_out", n_out, 1);
  check_fits_int32("Connectivity", "n_in", n_in);
  check_fits_int32("Connectivity", "n_out", n_out);
  DENDRITE_CHECK(static_cast<int64_t>(row_ptr.size()) == n_out + 1,
                 "Connectivity: row_ptr has {} entries, expected n_out + 1 = {}", row_ptr.size(), n_out + 1);
  DENDRITE_CHECK(row_ptr.front() == 0, "Connectivity: row_ptr[0] = {}, expected 0", row_ptr.front());
  DENDRITE_CHECK(row_ptr.back() == nnz(), "Connectivity: row_ptr[{}] = {}, expected nnz = {}", n_out,
                 row_ptr.back(), nnz());
  for (int64_t j = 0; j < n_out; ++j) {
    const int32_t begin = row_ptr[static_cast<size_t>(j)], end = row_ptr[static_cast<size_t>(j + 1)];
    DENDRITE_CHECK(begin <= end && end <= nnz(), "Connectivity: row_ptr[{}..{}] = [{}, {}] is not ordered within [0, {}]",
                   j, j + 1, begin, end, nnz());
    for (int32_t e = begin; e < end; ++e) {
      const int32_t i = col[static_cast<size_t>(e)];
      DENDRITE_CHECK(i >= 0 && i < n_in, "Connectivity: unit {} reads input {}, outside [0, {})", j, i, n_in);
      DENDRITE_CHECK(e == begin || col[static_cast<size_t>(e - 1)] < i,
                     "Connectivity: unit {} lists input {} after {} (rows must be strictly ascending)", j, i,
                     col[static_cast<size_t>(e - 1)]);
    }
  }
}

std::vector<uint8_t> dense_mask(const Connectivity& c) {
  c.validate();
  std::vector<uint8_t> mask(static_cast<size_t>(c.n_out * c.n_in), 0);
  for (int64_t j = 0; j < c.n_out; ++j) {
    for (int32_t e = c.row_ptr[static_cast<size_t>(j)]; e < c.row_ptr[static_cast<size_t>(j + 1)]; ++e) {
      mask[static_cast<size_t>(j * c.n_in + c.col[static_cast<size_t>(e)])] = 1;
    }
  }
  return mask;
}

namespace {

void check_layer_sizes(const char* fn, const char* in_name, int64_t n_in, const char* out_name, int64_t n_out) {
  check_at_least(fn, in_name, n_in, 1);
  check_at_least(fn, out_name, n_out, 1);
  check_fits_int32(fn, in_name, n_in);
  check_fits_int32(fn, out_name, n_out);
}

// Shared by random_connectivity and random_soma_connectivity; fn and the names go into messages.
Connectivity sample_matrix(const char* fn, const char* in_name, int64_t n_in, const char* out_name, int64_t n_out,
                           int64_t total, Rng& rng) {
  check_layer_sizes(fn, in_name, n_in, out_name, n_out);
  check_at_least(fn, "total", total, 1);
  DENDRITE_CHECK(total <= n_in * n_out, "{}: total = {} exceeds {} * {} = {} possible connections", fn, total,
                 in_name, out_name, n_in * n_out);
  check_fits_int32(fn, "total", total);

  // Flat index f = j * n_in + i names the connection of input i to unit j; ascending flat
  // indices are already in CSR order (by unit, then by input).
  Connectivity c;
  c.n_in = n_in;
  c.n_out = n_out;
  c.row_ptr.assign(static_cast<size_t>(n_out + 1), 0);
  c.col.reserve(static_cast<size_t>(total));
  for (int64_t f : detail::sample_distinct(n_in * n_out, total, rng)) {
    ++c.row_ptr[static_cast<size_t>(f / n_in + 1)];
    c.col.push_back(static_cast<int32_t>(f % n_in));
  }
  for (size_t j = 1; j < c.row_ptr.size(); ++j) c.row_ptr[j] += c.row_ptr[j - 1];
  return c;
}

// An empty connectivity ready for rows to be appended in unit order.
Connectivity start(int64_t n_in, int64_t n_out, int64_t nnz) {
  Connectivity c;
  c.n_in = n_in;
  c.n_out = n_out;
  c.row_ptr.reserve(static_cast<size_t>(n_out + 1));
  c.row_ptr.push_back(0);
  c.col.reserve(static_cast<size_t>(nnz));
  return c;
}

}  // namespace

Connectivity random_connectivity(int64_t n_in, int64_t n_out, int64_t total, Rng& rng) {
  return sample_matrix("random_connectivity", "n_in", n_in, "n_out", n_out, total, rng);
}

Connectivity random_soma_connectivity(int64_t n_dendrites, int64_t somata, int64_t total, Rng& rng) {
  return sample_matrix("random_soma_connectivity", "n_dendrites", n_dendrites, "somata", somata, total, rng);
}

Connectivity random_fixed_k(int64_t n_in, int64_t n_out, int64_t k, Rng& rng) {
  const char* fn = "random_fixed_k";
  check_layer_sizes(fn, "n_in", n_in, "n_out", n_out);
  check_at_least(fn, "k", k, 1);
  DENDRITE_CHECK(k <= n_in, "{}: k = {} exceeds n_in = {} inputs", fn, k, n_in);
  check_fits_int32(fn, "n_out * k", saturating_product(n_out, k));
  Connectivity c = start(n_in, n_out, n_out * k);
  for (int64_t j = 0; j < n_out; ++j) {
    for (int64_t i : detail::sample_distinct(n_in, k, rng)) c.col.push_back(static_cast<int32_t>(i));
    c.row_ptr.push_back(static_cast<int32_t>(c.col.size()));
  }
  return c;
}

Connectivity all_to_all(int64_t n_in, int64_t n_out) {
  const char* fn = "all_to_all";
  check_layer_sizes(fn, "n_in", n_in, "n_out", n_out);
  check_fits_int32(fn, "n_in * n_out", saturating_product(n_in, n_out));
  Connectivity c = start(n_in, n_out, n_in * n_out);
  for (int64_t j = 0; j < n_out; ++j) {
    for (int64_t i = 0; i < n_in; ++i) c.col.push_back(static_cast<int32_t>(i));
    c.row_ptr.push_back(static_cast<int32_t>(c.col.size()));
  }
  return c;
}

Connectivity block_connectivity(int64_t dendrites_per_soma, int64_t somata) {
  const char* fn = "block_connectivity";
  check_layer_sizes(fn, "dendrites_per_soma", dendrites_per_soma, "somata", somata);
  const int64_t n_dendrites = saturating_product(dendrites_per_soma, somata);
  check_fits_int32(fn, "dendrites_per_soma * somata", n_dendrites);
  Connectivity c = start(n_dendrites, somata, n_dendrites);
  for (int64_t i = 0; i < n_dendrites; ++i) {
    c.col.push_back(static_cast<int32_t>(i));
    if ((i + 1) % dendrites_per_soma == 0) c.row_ptr.push_back(static_cast<int32_t>(c.col.size()));
  }
  return c;
}

}  // namespace dendrite
