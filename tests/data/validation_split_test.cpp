// The validation split's two rules: stratified (each class's share, shuffled with the seed, the
// same for the data in any order) and last (the file's last samples), and their warnings.
#include <gtest/gtest.h>

#include <numeric>
#include <set>

#include "framework/core/rng.h"
#include "framework/data/validation_split.h"
#include "tests/common/expect_error.h"
#include "tests/common/synthetic_data.h"

namespace dendrite {
namespace {

using testing_data::quadrant_blobs;

// The samples of `d` in the order source[i] (a reordered copy).
Dataset reordered(const Dataset& d, const std::vector<std::int64_t>& source) {
  Dataset out = d;
  out.images = d.images.clone();
  out.labels = d.labels.clone();
  permute_samples(out, source);
  return out;
}

Dataset sorted_by_class(const Dataset& d) {
  Dataset out = reordered(d, [&] {
    std::vector<std::int64_t> identity(static_cast<std::size_t>(d.size()));
    std::iota(identity.begin(), identity.end(), 0);
    return identity;
  }());
  sort_by_class(out);
  return out;
}

std::vector<std::int64_t> class_counts(const Dataset& d) {
  std::vector<std::int64_t> n(static_cast<std::size_t>(d.num_classes), 0);
  for (std::int64_t i = 0; i < d.size(); ++i) ++n[static_cast<std::size_t>(d.labels.i32()[i])];
  return n;
}

TEST(StratifiedCounts, EachClassGivesItsShareAndTheTotalIsExact) {
  EXPECT_EQ(stratified_validation_counts({100, 100, 100, 100}, 40), (std::vector<std::int64_t>{10, 10, 10, 10}));
  // 7 of 30: shares 2.33, 2.33, 2.33 -> 2 each, the one left to the lowest class of equal remainders.
  EXPECT_EQ(stratified_validation_counts({10, 10, 10}, 7), (std::vector<std::int64_t>{3, 2, 2}));
  // Largest remainder: 5 of 20 from {15, 4, 1} -> 3.75, 1.0, 0.25 -> 3 + 1 (largest remainder), 1, 0.
  EXPECT_EQ(stratified_validation_counts({15, 4, 1}, 5), (std::vector<std::int64_t>{4, 1, 0}));
  EXPECT_EQ(stratified_validation_counts({0, 5, 5}, 2), (std::vector<std::int64_t>{0, 1, 1}));
}

TEST(StratifiedSplit, ClassSortedDataKeepsEveryClassAndSplitsAsTheShuffledFile) {
  const Dataset shuffled = quadrant_blobs(200, 3);
  const Dataset sorted = sorted_by_class(shuffled);
  ASSERT_FALSE(sorted.labels.bitwise_equal(shuffled.labels)) << "the test needs two orders";
  auto [fit_a, val_a] = split_validation(Dataset(sorted), 0.2, ValidationSplit::stratified, 7);
  auto [fit_b, val_b] = split_validation(Dataset(shuffled), 0.2, ValidationSplit::stratified, 7);
  ASSERT_EQ(val_a.size(), 40);
  ASSERT_EQ(fit_a.size(), 160);
  EXPECT_TRUE(fit_a.images.bitwise_equal(fit_b.images)) << "the same training set in the same order";
  EXPECT_TRUE(fit_a.labels.bitwise_equal(fit_b.labels));
  EXPECT_TRUE(val_a.images.bitwise_equal(val_b.images));
  EXPECT_TRUE(val_a.labels.bitwise_equal(val_b.labels));
  // Every class in both parts, in its share (largest remainders of 0.2 * its size).
  const std::vector<std::int64_t> all = class_counts(sorted), held = class_counts(val_a), kept = class_counts(fit_a);
  EXPECT_EQ(held, stratified_validation_counts(all, 40));
  for (std::size_t c = 0; c < all.size(); ++c) {
    EXPECT_GT(kept[c], 0) << "class " << c;
    EXPECT_GT(held[c], 0) << "class " << c;
    EXPECT_EQ(kept[c] + held[c], all[c]);
  }
  // The shared data sets were copied, not reordered.
  EXPECT_TRUE(sorted.labels.bitwise_equal(sorted_by_class(shuffled).labels));
  // The training part is shuffled, not left class by class.
  bool ordered = true;
  for (std::int64_t i = 1; i < fit_a.size(); ++i) ordered = ordered && fit_a.labels.i32()[i - 1] <= fit_a.labels.i32()[i];
  EXPECT_FALSE(ordered);
}

TEST(StratifiedSplit, TheSeedChoosesTheSamplesAndTheRuleLastTakesTheTail) {
  const Dataset d = quadrant_blobs(100, 4);
  const auto a = split_validation(Dataset(d), 0.1, ValidationSplit::stratified, 1).second;
  const auto b = split_validation(Dataset(d), 0.1, ValidationSplit::stratified, 2).second;
  EXPECT_FALSE(a.images.bitwise_equal(b.images)) << "another seed, other validation samples";
  const auto [fit, tail] = split_validation(Dataset(d), 0.1, ValidationSplit::last, 1);
  EXPECT_TRUE(tail.labels.bitwise_equal(split_validation(d, 0.1).second.labels)) << "last: the old rule";
  // Nothing held out: the data as they are, whatever the rule.
  const auto [all, none] = split_validation(Dataset(d), 0.0, ValidationSplit::stratified, 1);
  EXPECT_EQ(none.size(), 0);
  EXPECT_TRUE(all.images.bitwise_equal(d.images));
}

TEST(SplitWarnings, ClassOrderedLabelsWithLastAndClassesWithoutTrainingSamples) {
  const Dataset sorted = sorted_by_class(quadrant_blobs(100, 5));
  const std::int64_t last_class = class_counts(sorted)[3];
  // Holding out at least the last class's samples leaves it without training samples.
  const double fraction = static_cast<double>(last_class) / 100.0;
  const auto w = validation_split_warnings(sorted, fraction, ValidationSplit::last);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("ordered by class and --validation-split last"), std::string::npos) << w[0];
  EXPECT_NE(w[1].find("class 3 has no training sample"), std::string::npos) << w[1];
  EXPECT_TRUE(validation_split_warnings(sorted, fraction, ValidationSplit::stratified).empty());
  EXPECT_TRUE(validation_split_warnings(quadrant_blobs(100, 5), fraction, ValidationSplit::last).empty());
  // A class of one sample, held out by the stratified rule when its share rounds up.
  Dataset tiny = testing_data::images_8x8(4, "tiny");
  tiny.labels.i32()[0] = 0, tiny.labels.i32()[1] = 0, tiny.labels.i32()[2] = 1, tiny.labels.i32()[3] = 2;
  const auto t = validation_split_warnings(tiny, 0.5, ValidationSplit::stratified);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_NE(t[0].find("no training sample"), std::string::npos) << t[0];
}

TEST(SplitRule, NamesAreParsedAndOthersRefused) {
  EXPECT_EQ(parse_validation_split("last"), ValidationSplit::last);
  EXPECT_STREQ(validation_split_name(parse_validation_split("stratified")), "stratified");
  test::expect_error([] { parse_validation_split("random"); }, {"must be stratified or last, got 'random'"});
}

}  // namespace
}  // namespace dendrite
