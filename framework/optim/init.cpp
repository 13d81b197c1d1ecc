#include "framework/optim/init.h"

#include <cmath>

#include "framework/core/error.h"

namespace dendrite {

namespace {

struct KindName {
  InitKind kind;
  const char* name;
};

constexpr KindName kKinds[] = {
    {InitKind::glorot_uniform, "glorot_uniform"}, {InitKind::glorot_normal, "glorot_normal"},
    {InitKind::he_uniform, "he_uniform"},         {InitKind::he_normal, "he_normal"},
    {InitKind::zeros, "zeros"},
};

void fill_uniform(Tensor& t, double limit, Rng& rng) {
  float* p = t.f32();
  for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.uniform(-limit, limit));
}

void fill_normal(Tensor& t, double stddev, Rng& rng) {
  float* p = t.f32();
  for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(stddev * rng.normal());
}

}  // namespace

InitKind parse_init_kind(const std::string& name) {
  std::string known;
  for (const KindName& k : kKinds) {
    if (name == k.name) return k.kind;
    known += std::string(known.empty() ? "" : ", ") + k.name;
  }
  throw Error(fmt::format("unknown initialiser '{}' (known: {})", name, known));
}

const char* init_kind_name(InitKind kind) {
  for (const KindName& k : kKinds)
    if (k.kind == kind) return k.name;
  return "?";
}

void init_tensor(Tensor& t, InitKind kind, std::int64_t fan_in, std::int64_t fan_out, Rng& rng) {
  DENDRITE_CHECK(t.dtype() == DType::f32, "init {}: tensor {} is {}, expected f32", init_kind_name(kind),
                 shape_str(t.shape()), dtype_name(t.dtype()));
  if (kind == InitKind::zeros) {
    t.zero();
    return;
  }
  DENDRITE_CHECK(fan_in > 0, "init {}: fan_in must be > 0, got {}", init_kind_name(kind), fan_in);
  const bool glorot = kind == InitKind::glorot_uniform || kind == InitKind::glorot_normal;
  DENDRITE_CHECK(!glorot || fan_out > 0, "init {}: fan_out must be > 0, got {}", init_kind_name(kind), fan_out);
  const double fans = glorot ? static_cast<double>(fan_in) + static_cast<double>(fan_out)
                             : static_cast<double>(fan_in);
  switch (kind) {
    case InitKind::glorot_uniform:
    case InitKind::he_uniform: fill_uniform(t, std::sqrt(6.0 / fans), rng); break;
    case InitKind::glorot_normal:
    case InitKind::he_normal: fill_normal(t, std::sqrt(2.0 / fans), rng); break;
    case InitKind::zeros: break;
  }
}

}  // namespace dendrite
