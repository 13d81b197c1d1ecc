// The synthetic quadrant-blob images (tests/common/synthetic_data.h) as a public-API DataSet.
#pragma once

#include <vector>

#include "dendrite/data.h"
#include "tests/common/synthetic_data.h"

namespace dendrite::test {

inline api::DataSet api_quadrant_blobs(std::int64_t n, std::uint64_t seed) {
  const Dataset d = testing_data::quadrant_blobs(n, seed);
  std::vector<float> images(d.images.f32(), d.images.f32() + d.images.numel());
  std::vector<std::int32_t> labels(d.labels.i32(), d.labels.i32() + d.labels.numel());
  return api::DataSet::from_arrays(std::move(images), std::move(labels), d.sample_shape, d.num_classes);
}

}  // namespace dendrite::test
