// A small synthetic classification set for end-to-end tests: 8x8 grey images of 4 classes, each
// class a bright blob in one quadrant plus noise. Learnable in a few epochs by any model here.
#pragma once

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "framework/core/rng.h"
#include "framework/data/dataset.h"
#include "framework/data/idx.h"
#include "tests/common/temp_dir.h"

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

// Writes quadrant_blobs(n, seed) as u8 IDX files <dir>/<name>-images ([n, 8, 8]) and
// <dir>/<name>-labels ([n]), for tests that run the dendrite tool on files.
inline void write_quadrant_idx(const std::string& dir, const std::string& name, std::int64_t n, std::uint64_t seed) {
  const Dataset d = quadrant_blobs(n, seed);
  std::vector<std::uint8_t> images(static_cast<std::size_t>(n * 64)), labels(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < images.size(); ++i)
    images[i] = static_cast<std::uint8_t>(std::lround(255.0f * d.images.f32()[i]));
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::uint8_t>(d.labels.i32()[i]);
  write_idx_u8(dir + "/" + name + "-images", {n, 8, 8}, images);
  write_idx_u8(dir + "/" + name + "-labels", {n}, labels);
}

// A fresh TempDir (tests/common/temp_dir.h; in SetUpTestSuite named after the suite) holding
// write_quadrant_idx files train-* (n_train samples, seed 1) and test-* (n_test samples, seed 2).
// The folder goes with the pointer.
inline std::unique_ptr<test::TempDir> make_quadrant_data_dir(std::int64_t n_train, std::int64_t n_test) {
  auto dir = std::make_unique<test::TempDir>();
  write_quadrant_idx(dir->path().string(), "train", n_train, 1);
  write_quadrant_idx(dir->path().string(), "test", n_test, 2);
  return dir;
}

// The tool's data options for such a folder: " --train-images <dir>/train-images ... --test-labels ...".
inline std::string quadrant_data_args(const std::filesystem::path& dir) {
  return " --train-images " + (dir / "train-images").string() + " --train-labels " + (dir / "train-labels").string() +
         " --test-images " + (dir / "test-images").string() + " --test-labels " + (dir / "test-labels").string();
}

}  // namespace dendrite::testing_data
