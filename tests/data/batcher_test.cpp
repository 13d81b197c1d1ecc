// Tests of framework/data/batcher.h: coverage, partial batches, reproducible shuffles, resuming,
// and no heap allocation once running.
#include "framework/data/batcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tests/common/alloc_counter.h"
#include "tests/common/expect_error.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;

// n samples of 2 features; sample i holds (i, -i) and label i % 7.
Dataset numbered(std::int64_t n) {
  Dataset d;
  std::vector<float> x;
  std::vector<std::int32_t> y;
  for (std::int64_t i = 0; i < n; ++i) {
    x.push_back(static_cast<float>(i));
    x.push_back(-static_cast<float>(i));
    y.push_back(static_cast<std::int32_t>(i % 7));
  }
  d.images = Tensor::from_f32({n, 2}, x);
  d.labels = Tensor::from_i32({n}, y);
  d.sample_shape = {2, 1, 1};
  d.num_classes = 7;
  d.name = "numbered";
  return d;
}

// The sample ids of one epoch, in the order the batches deliver them; checks each row's
// features and label agree with its id.
std::vector<std::int64_t> epoch_ids(Batcher& b, std::int64_t epoch, std::vector<std::int64_t>* sizes = nullptr) {
  b.start_epoch(epoch);
  std::vector<std::int64_t> ids;
  Batch batch;
  std::int64_t expected_index = 0;
  while (b.next(batch)) {
    EXPECT_EQ(batch.index, expected_index++);
    EXPECT_EQ(batch.x.shape(), (Shape{batch.size, 2}));
    EXPECT_EQ(batch.y.shape(), (Shape{batch.size}));
    if (sizes) sizes->push_back(batch.size);
    for (std::int64_t r = 0; r < batch.size; ++r) {
      const auto id = static_cast<std::int64_t>(batch.x.f32()[2 * r]);
      EXPECT_EQ(batch.x.f32()[2 * r + 1], -static_cast<float>(id));
      EXPECT_EQ(batch.y.i32()[r], id % 7);
      ids.push_back(id);
    }
  }
  EXPECT_EQ(expected_index, b.num_batches());
  return ids;
}

TEST(Batcher, EverySampleOncePerEpochWithPartialLastBatch) {
  const Dataset d = numbered(10);
  Batcher b(d, 3, /*shuffle=*/true, /*seed=*/5);
  EXPECT_EQ(b.num_batches(), 4);
  for (std::int64_t epoch = 0; epoch < 3; ++epoch) {
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> ids = epoch_ids(b, epoch, &sizes);
    EXPECT_EQ(sizes, (std::vector<std::int64_t>{3, 3, 3, 1}));
    std::sort(ids.begin(), ids.end());
    std::vector<std::int64_t> all(10);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(ids, all) << "epoch " << epoch;
  }
}

TEST(Batcher, BatchCountsForExactAndSmallSets) {
  EXPECT_EQ(Batcher(numbered(12), 4, true, 1).num_batches(), 3);
  EXPECT_EQ(Batcher(numbered(13), 4, true, 1).num_batches(), 4);
  EXPECT_EQ(Batcher(numbered(3), 128, true, 1).num_batches(), 1);
  EXPECT_EQ(Batcher(numbered(0), 8, true, 1).num_batches(), 0);
  Batcher small(numbered(3), 128, false, 1);
  std::vector<std::int64_t> sizes;
  EXPECT_EQ(epoch_ids(small, 0, &sizes), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(sizes, (std::vector<std::int64_t>{3}));
}

TEST(Batcher, ShuffleDependsOnlyOnSeedAndEpoch) {
  const Dataset d = numbered(100);
  Batcher a(d, 16, true, 42), b(d, 16, true, 42), other_seed(d, 16, true, 43);
  const std::vector<std::int64_t> a2 = epoch_ids(a, 2);
  epoch_ids(b, 0);  // a different history does not matter
  epoch_ids(b, 7);
  EXPECT_EQ(epoch_ids(b, 2), a2);
  EXPECT_EQ(epoch_ids(a, 2), a2);  // and repeating an epoch repeats it
  EXPECT_NE(epoch_ids(a, 3), a2);
  EXPECT_NE(epoch_ids(other_seed, 2), a2);
  std::vector<std::int64_t> identity(100);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(a2, identity);
  a.start_epoch(2);
  EXPECT_EQ(a.order(), a2);
}

TEST(Batcher, NoShuffleKeepsDatasetOrderEveryEpoch) {
  const Dataset d = numbered(10);
  Batcher b(d, 4, false, 99);
  std::vector<std::int64_t> identity(10);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(epoch_ids(b, 0), identity);
  EXPECT_EQ(epoch_ids(b, 5), identity);
}

TEST(Batcher, SkipToResumesMidEpoch) {
  const Dataset d = numbered(50);
  Batcher a(d, 8, true, 3);
  const std::vector<std::int64_t> full = epoch_ids(a, 4);

  Batcher resumed(d, 8, true, 3);
  resumed.start_epoch(4);
  resumed.skip_to(2);
  EXPECT_EQ(resumed.next_index(), 2);
  Batch batch;
  std::vector<std::int64_t> rest;
  while (resumed.next(batch)) {
    for (std::int64_t r = 0; r < batch.size; ++r) rest.push_back(static_cast<std::int64_t>(batch.x.f32()[2 * r]));
  }
  EXPECT_EQ(rest, std::vector<std::int64_t>(full.begin() + 16, full.end()));
  EXPECT_EQ(batch.index, 6);
  EXPECT_EQ(batch.size, 2);

  resumed.skip_to(resumed.num_batches());
  EXPECT_FALSE(resumed.next(batch));
  expect_error([&] { resumed.skip_to(8); }, {"skip_to", "batch index 8", "[0, 7]"});
  expect_error([&] { resumed.skip_to(-1); }, {"batch index -1"});
}

TEST(Batcher, RejectsBadArguments) {
  expect_error([] { Batcher(numbered(4), 0, true, 1); }, {"batch size", "got 0", "'numbered'"});
  Dataset bad = numbered(4);
  bad.labels = Tensor::from_i32({3}, {0, 1, 2});
  expect_error([&] { Batcher(bad, 2, true, 1); }, {"Batcher", "labels", "i32 [4]"});
  bad = numbered(4);
  bad.images = Tensor({4, 2}, DType::i32);
  expect_error([&] { Batcher(bad, 2, true, 1); }, {"Batcher", "images must be f32"});
}

TEST(Batcher, DoesNotAllocateInSteadyState) {
  const Dataset d = numbered(1000);
  Batcher b(d, 64, true, 1);  // 15 full batches and one of 40
  Batch batch;
  while (b.next(batch)) {
  }  // first epoch: `batch` takes the buffers' shapes once
  const long before = testing::allocation_count();
  std::int64_t rows = 0;
  for (std::int64_t epoch = 1; epoch < 4; ++epoch) {
    b.start_epoch(epoch);
    while (b.next(batch)) rows += batch.size;
    b.start_epoch(epoch);
    b.skip_to(10);
    while (b.next(batch)) rows += batch.size;
  }
  const long after = testing::allocation_count();
  EXPECT_EQ(rows, 3 * (1000 + 1000 - 640));
  EXPECT_EQ(after - before, 0) << "allocations during steady-state batching";
  const Tensor t({4});  // the counter does see allocations (the tensor's shape and control block)
  EXPECT_GT(testing::allocation_count(), after);
}

}  // namespace
}  // namespace dendrite
