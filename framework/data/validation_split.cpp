#include "framework/data/validation_split.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

#include "framework/core/error.h"
#include "framework/core/rng.h"

namespace dendrite {

namespace {

// The number of samples of each label (labels >= 0; the vector's size is the largest + 1).
std::vector<std::int64_t> class_sizes(const Dataset& d, const std::string& context) {
  check_dataset(d, context);
  const std::int32_t* y = d.labels.i32();
  std::vector<std::int64_t> sizes;
  for (std::int64_t i = 0; i < d.size(); ++i) {
    DENDRITE_CHECK(y[i] >= 0, "{}: data set '{}' has label {} at index {}", context, d.name, y[i], i);
    if (static_cast<std::size_t>(y[i]) >= sizes.size()) sizes.resize(static_cast<std::size_t>(y[i]) + 1, 0);
    ++sizes[static_cast<std::size_t>(y[i])];
  }
  return sizes;
}

// The stratified split as a permutation: the training samples first (shuffled), then the
// validation samples (shuffled). source[i] is the sample that goes to position i.
std::vector<std::int64_t> stratified_order(const Dataset& d, std::int64_t n_val, std::uint64_t seed) {
  const std::int64_t n = d.size(), f = d.features();
  const std::int32_t* y = d.labels.i32();
  const float* x = d.images.f32();
  // The canonical order: by label, then by the bytes of the sample's values. Samples that compare
  // equal are identical, so the order of the file no longer matters.
  std::vector<std::int64_t> canonical(static_cast<std::size_t>(n));
  std::iota(canonical.begin(), canonical.end(), 0);
  std::sort(canonical.begin(), canonical.end(), [&](std::int64_t a, std::int64_t b) {
    if (y[a] != y[b]) return y[a] < y[b];
    return std::memcmp(x + a * f, x + b * f, static_cast<std::size_t>(f) * sizeof(float)) < 0;
  });
  const std::vector<std::int64_t> sizes = class_sizes(d, "split_validation");
  const std::vector<std::int64_t> held_out = stratified_validation_counts(sizes, n_val);
  Rng rng(seed ^ kValidationSplitStream);
  std::vector<std::int64_t> train, validation;
  train.reserve(static_cast<std::size_t>(n - n_val));
  validation.reserve(static_cast<std::size_t>(n_val));
  std::size_t begin = 0;
  for (std::size_t c = 0; c < sizes.size(); ++c) {
    std::vector<std::int64_t> group(canonical.begin() + static_cast<std::ptrdiff_t>(begin),
                                    canonical.begin() + static_cast<std::ptrdiff_t>(begin + sizes[c]));
    rng.shuffle(group);
    validation.insert(validation.end(), group.begin(), group.begin() + held_out[c]);
    train.insert(train.end(), group.begin() + held_out[c], group.end());
    begin += static_cast<std::size_t>(sizes[c]);
  }
  rng.shuffle(train);
  rng.shuffle(validation);
  train.insert(train.end(), validation.begin(), validation.end());
  return train;
}

// Whether the labels never decrease and take at least two values: a file ordered by class.
bool ordered_by_class(const Dataset& d) {
  const std::int32_t* y = d.labels.i32();
  bool changes = false;
  for (std::int64_t i = 1; i < d.size(); ++i) {
    if (y[i] < y[i - 1]) return false;
    changes = changes || y[i] != y[i - 1];
  }
  return changes;
}

}  // namespace

ValidationSplit parse_validation_split(const std::string& name) {
  if (name == "stratified") return ValidationSplit::stratified;
  if (name == "last") return ValidationSplit::last;
  throw Error(fmt::format("validation_split: must be stratified or last, got '{}'", name));
}

const char* validation_split_name(ValidationSplit rule) {
  return rule == ValidationSplit::stratified ? "stratified" : "last";
}

std::vector<std::int64_t> stratified_validation_counts(const std::vector<std::int64_t>& class_sizes,
                                                       std::int64_t n_val) {
  const std::int64_t n = std::accumulate(class_sizes.begin(), class_sizes.end(), std::int64_t{0});
  DENDRITE_ASSERT(n_val >= 0 && n_val <= n, "stratified_validation_counts: {} of {} samples", n_val, n);
  std::vector<std::int64_t> counts(class_sizes.size(), 0);
  if (n == 0) return counts;
  // Largest remainders: n_val * n_c = counts[c] * n + remainder[c] (exact in 64 bits for any data
  // set that fits in memory: N below 3e9).
  std::vector<std::int64_t> remainder(class_sizes.size(), 0);
  std::int64_t given = 0;
  for (std::size_t c = 0; c < class_sizes.size(); ++c) {
    counts[c] = n_val * class_sizes[c] / n;
    remainder[c] = n_val * class_sizes[c] % n;
    given += counts[c];
  }
  std::vector<std::size_t> by_remainder(class_sizes.size());
  std::iota(by_remainder.begin(), by_remainder.end(), std::size_t{0});
  std::stable_sort(by_remainder.begin(), by_remainder.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t i = 0; given < n_val; ++i, ++given) ++counts[by_remainder[i]];
  return counts;
}

std::pair<Dataset, Dataset> split_validation(Dataset&& d, double fraction, ValidationSplit rule,
                                             std::uint64_t seed) {
  const std::int64_t n_val = validation_sample_count(d, fraction);
  if (rule == ValidationSplit::last || n_val == 0) return split_validation(std::move(d), fraction);
  const std::vector<std::int64_t> order = stratified_order(d, n_val, seed);
  // Shared storage is copied before it is reordered (another data set may read it).
  if (!d.images.sole_owner()) d.images = d.images.clone();
  if (!d.labels.sole_owner()) d.labels = d.labels.clone();
  permute_samples(d, order);
  return split_validation(std::move(d), fraction);
}

std::vector<std::string> validation_split_warnings(const Dataset& train, double fraction, ValidationSplit rule) {
  std::vector<std::string> out;
  const std::int64_t n = train.size(), n_val = validation_sample_count(train, fraction);
  if (n_val == 0) return out;
  const std::vector<std::int64_t> sizes = class_sizes(train, "validation split");
  std::vector<std::int64_t> kept(sizes.size(), 0);  // training samples of each class after the split
  if (rule == ValidationSplit::stratified) {
    const std::vector<std::int64_t> held_out = stratified_validation_counts(sizes, n_val);
    for (std::size_t c = 0; c < sizes.size(); ++c) kept[c] = sizes[c] - held_out[c];
  } else {
    const std::int32_t* y = train.labels.i32();
    for (std::int64_t i = 0; i < n - n_val; ++i) ++kept[static_cast<std::size_t>(y[i])];
    if (ordered_by_class(train))
      out.push_back(fmt::format(
          "the training labels of '{}' are ordered by class and --validation-split last holds out the last {} "
          "samples, so the validation set is a few classes only; the default split (stratified) keeps every "
          "class's share in both parts",
          train.labels_file.empty() ? train.name : train.labels_file, n_val));
  }
  std::string lost;
  for (std::size_t c = 0; c < sizes.size(); ++c)
    if (sizes[c] > 0 && kept[c] == 0) lost += (lost.empty() ? "" : ", ") + std::to_string(c);
  if (!lost.empty())
    out.push_back(fmt::format("after the validation split ({}, {} of {} samples held out) class{} {} {} no training "
                              "sample",
                              validation_split_name(rule), n_val, n, lost.find(',') == std::string::npos ? "" : "es",
                              lost, lost.find(',') == std::string::npos ? "has" : "have"));
  return out;
}

}  // namespace dendrite
