#include "benchmarks/bench_layers.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "framework/core/error.h"
#include "framework/core/rng.h"

namespace dendrite::bench {

CsrIndex SparseLayer::index() const {
  return {conn.n_out, conn.n_in, conn.nnz(), conn.row_ptr.data(), conn.col.data()};
}

std::vector<float> random_floats(std::int64_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(static_cast<std::size_t>(n));
  for (float& x : v) x = static_cast<float>(rng.uniform(-1.0, 1.0));
  return v;
}

double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

const SparseLayer& sparse_layer(const std::string& family, std::int64_t D, std::int64_t S) {
  static std::map<std::tuple<std::string, std::int64_t, std::int64_t>, SparseLayer> cache;
  const auto key = std::make_tuple(family, D, S);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  Rng rng(1);
  const Grid image{kImageSide, kImageSide, 1};
  SparseLayer l;
  if (family == "r") l.conn = random_connectivity(kInputs, D * S, kSynapses * D * S, rng);
  else if (family == "lrf") l.conn = lrf_connectivity(image, D * S, kSynapses, rng);
  else if (family == "grf") l.conn = grf_connectivity(image, S, D, kSynapses, rng);
  else throw Error(fmt::format("unknown connectivity family '{}' (r, lrf, grf)", family));
  l.w = random_floats(l.conn.nnz(), 2);
  l.b = random_floats(l.conn.n_out, 3);
  return cache.emplace(key, std::move(l)).first->second;
}

}  // namespace dendrite::bench
