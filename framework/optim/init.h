// Parameter initialisers (Glorot/Xavier and He/Kaiming, uniform or normal, and zeros).
//
//   Tensor w({n_out, n_in});
//   Rng rng(seed);
//   init_tensor(w, parse_init_kind("glorot_uniform"), /*fan_in=*/n_in, /*fan_out=*/n_out, rng);
//
// Distributions (fan_in, fan_out > 0 as noted):
//   glorot_uniform  U(-a, a),  a = sqrt(6 / (fan_in + fan_out))     fan_in, fan_out > 0
//   glorot_normal   N(0, s^2), s = sqrt(2 / (fan_in + fan_out))     fan_in, fan_out > 0
//   he_uniform      U(-a, a),  a = sqrt(6 / fan_in)                 fan_in > 0
//   he_normal       N(0, s^2), s = sqrt(2 / fan_in)                 fan_in > 0
//   zeros           all 0 (fans ignored)
// The normals are plain, not truncated (Keras truncates its glorot_normal/he_normal at 2 s).
// Values are drawn from `rng` in element order, so a seed fixes the result on every platform.
#pragma once

#include <cstdint>
#include <string>

#include "framework/core/rng.h"
#include "framework/core/tensor.h"

namespace dendrite {

enum class InitKind { glorot_uniform, glorot_normal, he_uniform, he_normal, zeros };

// "glorot_uniform", ...; throws Error listing the known names.
InitKind parse_init_kind(const std::string& name);
const char* init_kind_name(InitKind kind);

// Fills the f32 tensor `t` in place.
void init_tensor(Tensor& t, InitKind kind, std::int64_t fan_in, std::int64_t fan_out, Rng& rng);

}  // namespace dendrite
