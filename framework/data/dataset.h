// Dataset: a labelled image classification set held in memory, and the operations the training
// protocol needs on it (validation split, input noise, the class-sorted sequential task).
//
//   Dataset train = load_array_dataset("mnist/train-images-idx3-ubyte", "mnist/train-labels-idx1-ubyte", 10);
//   // [60000, 784], /255; the same for .npy files; named data sets and CIFAR: framework/data/data_source.h;
//   // .npz archives: framework/data/npz.h; CSV tables: framework/data/csv_table.h
//   auto [fit, val] = split_validation(train, 0.1);                       // last 6000 -> val
//   Rng rng(1);
//   add_input_noise(fit, 0.5, rng);                                        // x + N(0, 0.25), clip
//
// Sample geometry (sample_shape = {H, W, C}), from the images array's dimensions:
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
#include <vector>

#include "framework/core/rng.h"
#include "framework/core/tensor.h"
#include "framework/data/array_source.h"

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

// Loads an images array and a labels array into a Dataset (framework/data/array_source.h: IDX or
// .npy files, .npz members). uint8 images are divided by 255 (as float: bitwise the same result
// for every format), other types are kept as they are. Labels: shape (N) or (N, 1), integer
// values in [0, num_classes); num_classes <= 0 means max label + 1. name = the images array's
// file name. The headers are checked (sample geometry, counts) before either array is read.
// transposed: each image is stored column by column (EMNIST); it is transposed on load, so an
// (N, H, W) array gives samples of shape {W, H, 1}.
Dataset load_dataset(const ArraySource& images, const ArraySource& labels, int num_classes, bool transposed = false);

// The images of an array without labels (the inputs of `dendrite predict`), read as load_dataset
// reads them; labels all 0, num_classes 0.
Dataset load_unlabelled_dataset(const ArraySource& images);

// load_dataset on two files, each IDX (any type, plain or gzip) or NumPy .npy, told apart by their
// magic bytes (open_array_file).
Dataset load_array_dataset(const std::string& images_path, const std::string& labels_path, int num_classes,
                           bool transposed = false);
// The same as load_array_dataset; the name the IDX-only loader had.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, int num_classes,
                         bool transposed = false);

// The sample shape {H, W, C} an images file (IDX or .npy) gives, read from its header only
// (transposed as above). Error naming the file for a rank without a geometry.
Shape array_sample_shape(const std::string& images_path, bool transposed = false);
Shape array_sample_shape(const ArraySource& images, bool transposed = false);
Shape idx_sample_shape(const std::string& images_path, bool transposed = false);  // the same

// Label values as an i32 [N] tensor, each checked to be an integer in [0, num_classes) (or >= 0
// when num_classes <= 0, which is then set to the largest label + 1). Error naming `file` and the
// index of the first bad label.
Tensor checked_labels(const std::vector<double>& values, const std::string& file, int& num_classes);

// The test labels of a data set whose class count comes from its training labels (largest + 1)
// must fall inside it: checks them and sets test.num_classes to train's. The message names both
// labels files.
void adopt_training_classes(Dataset& test, const Dataset& train);

// (train, validation): the last round(fraction * N) samples become the validation set, as Keras'
// validation_split does (no shuffle); the stratified, shuffled split is in validation_split.h. fraction in [0, 1). This overload copies both parts.
std::pair<Dataset, Dataset> split_validation(const Dataset& d, double fraction);
// The same split of a data set the caller gives up: when no other tensor shares d's storage, the
// training part keeps it (no copy of the largest tensor, which saves about 140 MB when training on
// MNIST) and only validation is copied; otherwise both parts are copies, as above.
std::pair<Dataset, Dataset> split_validation(Dataset&& d, double fraction);
// The same split for a caller that only reads the training part (the C++ API and the Python
// package train on the caller's arrays as they are): it shares d's storage, whoever else does;
// validation is copied.
std::pair<Dataset, Dataset> split_validation_shared(const Dataset& d, double fraction);
// round(fraction * N), checked: fraction in [0, 1) and at least one training sample left.
std::int64_t validation_sample_count(const Dataset& d, double fraction);

// x += sigma * N(0, 1) element by element (row-major order of the rng stream), then clip to
// [0, 1]. sigma >= 0; sigma == 0 leaves the data (and the rng) untouched.
void add_input_noise(Dataset& d, double sigma, Rng& rng);

// Reorders the samples by label, keeping the original order within a class (stable), in place.
void sort_by_class(Dataset& d);

// Reorders the samples in place: sample source[i] moves to position i. `source` must be a
// permutation of [0, N) (the caller's invariant). One spare row, no second copy of the images.
void permute_samples(Dataset& d, const std::vector<std::int64_t>& source);

}  // namespace dendrite
