#include "framework/data/data_checks.h"

#include <algorithm>
#include <limits>

#include "framework/core/error.h"

namespace dendrite {

namespace {

std::string shape_hwc(const Shape& s) {
  return s.size() == 3 ? fmt::format("{}x{}x{}", s[0], s[1], s[2]) : shape_str(s);
}

// Samples per class; Error naming the labels file for a label outside [0, num_classes).
std::vector<std::int64_t> class_counts(const Dataset& d) {
  DENDRITE_CHECK(d.num_classes >= 1, "data set '{}' has {} classes", d.name, d.num_classes);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(d.num_classes), 0);
  const std::int32_t* y = d.labels.i32();
  for (std::int64_t i = 0; i < d.size(); ++i) {
    DENDRITE_CHECK(y[i] >= 0 && y[i] < d.num_classes, "labels file '{}': label at index {} is {}; expected an "
                   "integer in [0, {})", d.labels_file, i, y[i], d.num_classes);
    ++counts[static_cast<std::size_t>(y[i])];
  }
  return counts;
}

// "3 (12 samples), 7 (1 sample)", at most `limit` classes then "and N more".
std::string list_classes(const std::vector<std::pair<std::int64_t, std::int64_t>>& classes, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < classes.size() && i < limit; ++i)
    out += fmt::format("{}{} ({} sample{})", i ? ", " : "", classes[i].first, classes[i].second,
                       classes[i].second == 1 ? "" : "s");
  if (classes.size() > limit) out += fmt::format(" and {} more", classes.size() - limit);
  return out;
}

void add_range_warning(const Dataset& d, const char* split, std::vector<std::string>& warnings) {
  const float* x = d.images.f32();
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (std::int64_t i = 0; i < d.images.numel(); ++i) {
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  if (d.images.numel() == 0 || (lo >= 0.0f && hi <= 1.0f)) return;
  warnings.push_back(fmt::format("{} images in '{}' range from {} to {}, outside [0, 1]; the models expect inputs in "
                                 "[0, 1]: rescale the data, or standardize it with --normalize",
                                 split, d.images_file, lo, hi));
}

}  // namespace

void check_same_sample_shape(const Shape& train, const std::string& train_file, const Shape& test,
                             const std::string& test_file) {
  DENDRITE_CHECK(train == test,
                 "training and test samples differ in shape: '{}' holds samples of {}, '{}' of {} (height x width x "
                 "channels)",
                 train_file, shape_hwc(train), test_file, shape_hwc(test));
}

std::vector<std::string> check_training_data(const Dataset& train, const Dataset& test, bool normalized) {
  check_same_sample_shape(train.sample_shape, train.images_file, test.sample_shape, test.images_file);
  const std::vector<std::int64_t> train_counts = class_counts(train);
  const std::int64_t present = std::count_if(train_counts.begin(), train_counts.end(), [](auto n) { return n > 0; });
  if (present < 2) {
    const auto only = std::find_if(train_counts.begin(), train_counts.end(), [](auto n) { return n > 0; });
    throw Error(present == 0 ? fmt::format("labels file '{}' holds no training samples", train.labels_file)
                             : fmt::format("labels file '{}': every training label is {}; a classifier needs at least "
                                           "two classes",
                                           train.labels_file, only - train_counts.begin()));
  }
  std::vector<std::string> warnings;
  const std::vector<std::int64_t> test_counts = class_counts(test);
  std::vector<std::pair<std::int64_t, std::int64_t>> unseen;  // (class, test samples)
  for (std::size_t c = 0; c < test_counts.size(); ++c) {
    const bool trained = c < train_counts.size() && train_counts[c] > 0;
    if (test_counts[c] > 0 && !trained) unseen.emplace_back(static_cast<std::int64_t>(c), test_counts[c]);
  }
  if (!unseen.empty()) {
    warnings.push_back(fmt::format("test labels in '{}' include {} class{} absent from the training labels in '{}': "
                                   "{}; those samples cannot be classified correctly",
                                   test.labels_file, unseen.size(), unseen.size() == 1 ? "" : "es",
                                   train.labels_file, list_classes(unseen, 10)));
  }
  if (!normalized) {
    add_range_warning(train, "training", warnings);
    add_range_warning(test, "test", warnings);
  }
  return warnings;
}

}  // namespace dendrite
