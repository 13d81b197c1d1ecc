#include "framework/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <utility>
#include <vector>

#include "framework/core/error.h"

namespace dendrite {

namespace {

// {H, W, C} for an images array with dims (N, ...); see the table in dataset.h.
Shape sample_shape_of(const std::vector<std::int64_t>& dims, const std::string& path) {
  switch (dims.size()) {
    case 1: return {1, 1, 1};
    case 2: return {dims[1], 1, 1};
    case 3: return {dims[1], dims[2], 1};
    case 4: return {dims[1], dims[2], dims[3]};
    default: break;
  }
  throw Error(fmt::format("images file '{}' has shape {}: expected (N), (N, F), (N, H, W) or (N, H, W, C)", path,
                          shape_str(dims)));
}

// Rows [begin, end) of a tensor whose first dimension indexes samples, as a new tensor.
Tensor copy_rows(const Tensor& t, std::int64_t begin, std::int64_t end) {
  Shape shape = t.shape();
  shape[0] = end - begin;
  Tensor out(shape, t.dtype());
  const std::size_t row_bytes = t.dim(0) ? t.nbytes() / static_cast<std::size_t>(t.dim(0)) : 0;
  if (out.nbytes())
    std::memcpy(out.raw(), static_cast<const std::byte*>(t.raw()) + static_cast<std::size_t>(begin) * row_bytes,
                out.nbytes());
  return out;
}

// Each row of images holds an image stored column by column: `stored` = {H, W, C} as stored, so
// the image is W x H; rewrites every row in place as the W x H image, row by row.
void transpose_images(Tensor& images, const Shape& stored) {
  const std::int64_t h = stored[0], w = stored[1], c = stored[2], f = h * w * c;
  float* x = images.f32();
  std::vector<float> row(static_cast<std::size_t>(f));
  for (std::int64_t i = 0; i < images.dim(0); ++i) {
    float* sample = x + i * f;
    std::copy(sample, sample + f, row.begin());
    // Output pixel (r, col) of the W x H image is stored pixel (col, r).
    for (std::int64_t r = 0; r < w; ++r)
      for (std::int64_t col = 0; col < h; ++col)
        for (std::int64_t ch = 0; ch < c; ++ch)
          sample[(r * h + col) * c + ch] = row[static_cast<std::size_t>((col * w + r) * c + ch)];
  }
}

Dataset copy_samples(const Dataset& d, std::int64_t begin, std::int64_t end, const std::string& name) {
  Dataset out;
  out.images = copy_rows(d.images, begin, end);
  out.labels = copy_rows(d.labels, begin, end);
  out.sample_shape = d.sample_shape;
  out.num_classes = d.num_classes;
  out.name = name;
  out.images_file = d.images_file;
  out.labels_file = d.labels_file;
  return out;
}

}  // namespace

std::int64_t Dataset::size() const { return images.rank() >= 1 ? images.dim(0) : 0; }
std::int64_t Dataset::features() const { return images.rank() >= 2 ? images.dim(1) : 0; }

void check_dataset(const Dataset& d, const std::string& context) {
  DENDRITE_CHECK(d.images.dtype() == DType::f32 && d.images.rank() == 2,
                 "{}: data set '{}' images must be f32 [N, features], got {} {}", context, d.name,
                 dtype_name(d.images.dtype()), shape_str(d.images.shape()));
  DENDRITE_CHECK(d.labels.dtype() == DType::i32 && d.labels.rank() == 1 && d.labels.dim(0) == d.images.dim(0),
                 "{}: data set '{}' labels must be i32 [{}] (one per image), got {} {}", context, d.name,
                 d.images.dim(0), dtype_name(d.labels.dtype()), shape_str(d.labels.shape()));
  DENDRITE_CHECK(d.sample_shape.empty() ||
                     (d.sample_shape.size() == 3 && shape_numel(d.sample_shape) == d.images.dim(1)),
                 "{}: data set '{}' sample shape {} does not match {} features (expected {{H, W, C}})", context,
                 d.name, shape_str(d.sample_shape), d.images.dim(1));
}

Tensor checked_labels(const std::vector<double>& values, const std::string& path, int& num_classes) {
  const auto n = static_cast<std::int64_t>(values.size());
  const double limit = num_classes > 0 ? num_classes : static_cast<double>(std::numeric_limits<std::int32_t>::max());
  Tensor labels({n}, DType::i32);
  std::int32_t* out = labels.i32();
  std::int32_t max_label = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    const double v = values[static_cast<std::size_t>(i)];
    if (!(v >= 0 && v < limit && v == std::floor(v))) {
      const std::string range =
          num_classes > 0 ? fmt::format("[0, {})", num_classes) : std::string("[0, 2^31 - 1)");
      throw Error(fmt::format("labels file '{}': label at index {} is {}; expected an integer in {}", path, i, v,
                              range));
    }
    out[i] = static_cast<std::int32_t>(v);
    max_label = std::max(max_label, out[i]);
  }
  if (num_classes <= 0) num_classes = max_label + 1;
  return labels;
}

Shape array_sample_shape(const ArraySource& images, bool transposed) {
  Shape shape = sample_shape_of(images.dims(), images.name());
  if (transposed) std::swap(shape[0], shape[1]);
  return shape;
}

Shape array_sample_shape(const std::string& images_path, bool transposed) {
  return array_sample_shape(*open_array_file(images_path), transposed);
}

Shape idx_sample_shape(const std::string& images_path, bool transposed) {
  return array_sample_shape(images_path, transposed);
}

namespace {
// The images array as f32 [N, features] (uint8 / 255), checked against the dims its header gave.
Tensor image_rows(const ArraySource& source, const std::vector<std::int64_t>& dims, const Shape& sample_shape) {
  ImageValues images = source.images();
  DENDRITE_CHECK(images.values.shape() == dims, "images file '{}' changed while being read", source.name());
  if (images.u8) {
    float* x = images.values.f32();
    for (std::int64_t i = 0; i < images.values.numel(); ++i) x[i] /= 255.0f;
  }
  return images.values.reshaped({dims[0], shape_numel(sample_shape)});
}
}  // namespace

Dataset load_unlabelled_dataset(const ArraySource& images) {
  const std::vector<std::int64_t> dims = images.dims();
  Dataset d;
  d.sample_shape = sample_shape_of(dims, images.name());
  d.images = image_rows(images, dims, d.sample_shape);
  d.labels = Tensor({dims[0]}, DType::i32);
  d.name = std::filesystem::path(images.name()).filename().string();
  d.images_file = images.name();
  return d;
}

Dataset load_dataset(const ArraySource& images_source, const ArraySource& labels_source, int num_classes,
                     bool transposed) {
  const std::string& images_path = images_source.name();
  const std::string& labels_path = labels_source.name();
  // Headers first: a count mismatch is reported before the big array is read.
  const std::vector<std::int64_t> image_dims = images_source.dims();
  const std::vector<std::int64_t> ld = labels_source.dims();
  Dataset d;
  d.sample_shape = sample_shape_of(image_dims, images_path);
  DENDRITE_CHECK(ld.size() == 1 || (ld.size() == 2 && ld[1] == 1),
                 "labels file '{}' has shape {}: expected (N) or (N, 1)", labels_path, shape_str(ld));
  const std::int64_t n = image_dims[0];
  DENDRITE_CHECK(n == ld[0], "images file '{}' holds {} images but labels file '{}' holds {} labels", images_path,
                 n, labels_path, ld[0]);

  d.num_classes = num_classes;
  d.labels = checked_labels(labels_source.labels(), labels_path, d.num_classes);
  DENDRITE_CHECK(d.labels.dim(0) == n, "labels file '{}' changed while being read", labels_path);

  d.images = image_rows(images_source, image_dims, d.sample_shape);
  if (transposed) {
    transpose_images(d.images, d.sample_shape);
    std::swap(d.sample_shape[0], d.sample_shape[1]);
  }
  d.name = std::filesystem::path(images_path).filename().string();
  d.images_file = images_path;
  d.labels_file = labels_path;
  return d;
}

Dataset load_array_dataset(const std::string& images_path, const std::string& labels_path, int num_classes,
                           bool transposed) {
  return load_dataset(*open_array_file(images_path), *open_array_file(labels_path), num_classes, transposed);
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, int num_classes,
                         bool transposed) {
  return load_array_dataset(images_path, labels_path, num_classes, transposed);
}

void adopt_training_classes(Dataset& test, const Dataset& train) {
  const std::int32_t* y = test.labels.i32();
  for (std::int64_t i = 0; i < test.size(); ++i) {
    DENDRITE_CHECK(y[i] < train.num_classes,
                   "labels file '{}': label at index {} is {}, outside the {} classes of the training labels in "
                   "'{}' (their largest label + 1; a class count can be given instead)",
                   test.labels_file, i, y[i], train.num_classes, train.labels_file);
  }
  test.num_classes = train.num_classes;
}

std::int64_t validation_sample_count(const Dataset& d, double fraction) {
  check_dataset(d, "split_validation");
  DENDRITE_CHECK(fraction >= 0.0 && fraction < 1.0, "split_validation: fraction {} must be in [0, 1)", fraction);
  const std::int64_t n = d.size();
  const auto n_val = static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(n)));
  DENDRITE_CHECK(n == 0 || n_val < n,
                 "split_validation: a fraction of {} of the {} samples of '{}' leaves no training samples",
                 fraction, n, d.name);
  return n_val;
}

std::pair<Dataset, Dataset> split_validation(const Dataset& d, double fraction) {
  const std::int64_t n = d.size(), n_val = validation_sample_count(d, fraction);
  return {copy_samples(d, 0, n - n_val, d.name + " (train split)"),
          copy_samples(d, n - n_val, n, d.name + " (validation split)")};
}

std::pair<Dataset, Dataset> split_validation(Dataset&& d, double fraction) {
  // Shared storage: reusing it would let changes to the training part (sort_by_class, noise)
  // show through another data set.
  if (!d.images.sole_owner() || !d.labels.sole_owner()) return split_validation(std::as_const(d), fraction);
  auto parts = split_validation_shared(d, fraction);
  d = Dataset();  // given up: the training part now holds the storage alone
  return parts;
}

std::pair<Dataset, Dataset> split_validation_shared(const Dataset& d, double fraction) {
  const std::int64_t n = d.size(), n_val = validation_sample_count(d, fraction);
  Dataset validation = copy_samples(d, n - n_val, n, d.name + " (validation split)");
  Dataset train = d;
  train.images = train.images.leading_rows(n - n_val);
  train.labels = train.labels.leading_rows(n - n_val);
  train.name += " (train split)";
  return {std::move(train), std::move(validation)};
}

void add_input_noise(Dataset& d, double sigma, Rng& rng) {
  check_dataset(d, "add_input_noise");
  DENDRITE_CHECK(sigma >= 0.0 && std::isfinite(sigma), "add_input_noise: sigma {} must be finite and >= 0", sigma);
  if (sigma == 0.0) return;
  float* x = d.images.f32();
  for (std::int64_t i = 0; i < d.images.numel(); ++i) {
    const float noisy = x[i] + static_cast<float>(sigma * rng.normal());
    x[i] = std::min(1.0f, std::max(0.0f, noisy));
  }
}

void sort_by_class(Dataset& d) {
  check_dataset(d, "sort_by_class");
  const std::int64_t n = d.size();
  std::int32_t* labels = d.labels.i32();
  // Counting sort: source[dest] is the sample that moves to position dest.
  std::int32_t max_label = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    DENDRITE_CHECK(labels[i] >= 0, "sort_by_class: data set '{}' has label {} at index {}", d.name, labels[i], i);
    max_label = std::max(max_label, labels[i]);
  }
  std::vector<std::int64_t> next(static_cast<std::size_t>(max_label) + 2, 0);
  for (std::int64_t i = 0; i < n; ++i) ++next[static_cast<std::size_t>(labels[i]) + 1];
  for (std::size_t c = 1; c < next.size(); ++c) next[c] += next[c - 1];
  std::vector<std::int64_t> source(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t& dest = next[static_cast<std::size_t>(labels[i])];
    source[static_cast<std::size_t>(dest++)] = i;
  }

  permute_samples(d, source);
}

void permute_samples(Dataset& d, const std::vector<std::int64_t>& source) {
  check_dataset(d, "permute_samples");
  const std::int64_t n = d.size();
  DENDRITE_CHECK(static_cast<std::int64_t>(source.size()) == n, "permute_samples: {} sources for {} samples of '{}'",
                 source.size(), n, d.name);
  std::int32_t* labels = d.labels.i32();
  // Apply the permutation in place, one cycle at a time, with one spare row (no second copy
  // of the images).
  const std::int64_t f = d.features();
  float* x = d.images.f32();
  std::vector<float> spare(static_cast<std::size_t>(f));
  std::vector<bool> placed(static_cast<std::size_t>(n), false);
  const auto row = [&](std::int64_t i) { return x + i * f; };
  for (std::int64_t start = 0; start < n; ++start) {
    if (placed[static_cast<std::size_t>(start)]) continue;
    const std::int32_t start_label = labels[start];
    std::copy(row(start), row(start) + f, spare.begin());
    std::int64_t dest = start;
    for (;;) {
      placed[static_cast<std::size_t>(dest)] = true;
      const std::int64_t src = source[static_cast<std::size_t>(dest)];
      DENDRITE_ASSERT(src >= 0 && src < n && !(placed[static_cast<std::size_t>(src)] && src != start),
                      "permute_samples: not a permutation");
      if (src == start) {
        std::copy(spare.begin(), spare.end(), row(dest));
        labels[dest] = start_label;
        break;
      }
      std::copy(row(src), row(src) + f, row(dest));
      labels[dest] = labels[src];
      dest = src;
    }
  }
}

}  // namespace dendrite
