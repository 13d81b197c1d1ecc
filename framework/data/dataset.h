// Dataset: a labelled image classification set held in memory, and the operations the training
// protocol needs on it (validation split, input noise, the class-sorted sequential task).
//
//   Dataset train = load_idx_dataset("mnist/train-images-idx3-ubyte", "mnist/train-labels-idx1-ubyte", 10);
//   // [60000, 784], /255; named data sets and CIFAR: framework/data/data_source.h
//   auto [fit, val] = split_validation(train, 0.1);                       // last 6000 -> val
//   Rng rng(1);
//   add_input_noise(fit, 0.5, rng);                                        // x + N(0, 0.25), clip
//
// Sample geometry (sample_shape = {H, W, C}), from the image file's dimensions:
//   (N)          -> {1, 1, 1}   one value per sample
//   (N, F)       -> {F, 1, 1}   a flat vector, seen as an F x 1 column image
//   (N, H, W)    -> {H, W, 1}   grey images (MNIST)
//   (N, H, W, C) -> {H, W, C}   channel-last images (CIFAR-10: {32, 32, 3})
// Any other rank is an error. Features are flattened row-major, channel last: pixel (r, c),
// channel ch is feature (r * W + c) * C + ch, and features() == H * W * C.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "framework/core/rng.h"
#include "framework/core/tensor.h"

namespace dendrite {

struct Dataset {
  Tensor images;       // f32 [N, features]
  Tensor labels;       // i32 [N], each in [0, num_classes)
  Shape sample_shape;  // {H, W, C}, see the header comment
  int num_classes = 0;
  std::string name;
  std::string images_file, labels_file;  // where the samples came from (for messages)

  std::int64_t size() const;      // N
  std::int64_t features() const;  // H * W * C
};

// Throws Error (message starting with `context`) unless images is f32 [N, F], labels is i32 [N]
// and sample_shape is empty (unknown geometry) or 3 dimensions whose product is F. Label values
// are not range-checked here.
void check_dataset(const Dataset& d, const std::string& context);

// Loads an images file and a labels file (IDX, any type, plain or gzip). u8 images are divided by
// 255, other types are kept as they are. Labels: shape (N) or (N, 1), integer values in
// [0, num_classes); num_classes <= 0 means max label + 1. name = the images file's name.
// transposed: each image is stored column by column (EMNIST); it is transposed on load, so an
// (N, H, W) file gives samples of shape {W, H, 1}.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, int num_classes,
                         bool transposed = false);

// The sample shape {H, W, C} an IDX images file gives (read from its header only; transposed as
// above). Error naming the file for a rank without a geometry.
Shape idx_sample_shape(const std::string& images_path, bool transposed = false);

// (train, validation): the last round(fraction * N) samples become the validation set, as Keras'
// validation_split does (no shuffle). fraction in [0, 1). This overload copies both parts.
std::pair<Dataset, Dataset> split_validation(const Dataset& d, double fraction);
// The same split of a data set the caller gives up: when no other tensor shares d's storage, the
// training part keeps it (no copy of the largest tensor, which saves about 140 MB when training on
// MNIST) and only validation is copied; otherwise both parts are copies, as above.
std::pair<Dataset, Dataset> split_validation(Dataset&& d, double fraction);

// x += sigma * N(0, 1) element by element (row-major order of the rng stream), then clip to
// [0, 1]. sigma >= 0; sigma == 0 leaves the data (and the rng) untouched.
void add_input_noise(Dataset& d, double sigma, Rng& rng);

// Reorders the samples by label, keeping the original order within a class (stable), in place.
void sort_by_class(Dataset& d);

}  // namespace dendrite
