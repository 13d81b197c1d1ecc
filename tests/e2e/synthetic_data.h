// A small synthetic classification set for end-to-end tests: 8x8 grey images of 4 classes, each
// class a bright blob in one quadrant plus noise. Learnable in a few epochs by any model here.
#pragma once

#include "framework/core/rng.h"
#include "framework/data/dataset.h"

namespace dendrite::testing_data {

inline Dataset quadrant_blobs(std::int64_t n, std::uint64_t seed) {
  Dataset d;
  d.images = Tensor({n, 64});
  d.labels = Tensor({n}, DType::i32);
  d.sample_shape = {8, 8, 1};
  d.num_classes = 4;
  d.name = "quadrant-blobs";
  Rng rng(seed);
  for (std::int64_t i = 0; i < n; ++i) {
    const auto label = static_cast<std::int32_t>(rng.below(4));
    d.labels.i32()[i] = label;
    const int r0 = (label / 2) * 4, c0 = (label % 2) * 4;
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) {
        const bool inside = r >= r0 && r < r0 + 4 && c >= c0 && c < c0 + 4;
        const double v = (inside ? 0.7 : 0.1) + 0.2 * rng.uniform();
        d.images.f32()[i * 64 + r * 8 + c] = static_cast<float>(v);
      }
  }
  return d;
}

}  // namespace dendrite::testing_data
