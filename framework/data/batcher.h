// Batcher: walks a Dataset in mini-batches, in a shuffled order that depends only on
// (seed, epoch), so a resumed run sees exactly the batches it would have seen.
//
//   Batcher batcher(train, 128, /*shuffle=*/true, /*seed=*/1);
//   Batch batch;                              // reuse one Batch: no allocation per step
//   for (int64_t epoch = 0; epoch < 15; ++epoch) {
//     batcher.start_epoch(epoch);
//     while (batcher.next(batch)) step(batch.x, batch.y);   // x: f32 [b, F], y: i32 [b]
//   }
//   // resuming mid-epoch: batcher.start_epoch(e); batcher.skip_to(saved_batch_index);
//
// The last partial batch is kept (num_batches() = ceil(N / batch_size)). Batch tensors are owned
// by the Batcher and overwritten by the next call to next(): copy them (clone()) to keep them.
// The Batcher shares the dataset's tensors (no copy): do not reorder the dataset while in use.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/data/dataset.h"

namespace dendrite {

struct Batch {
  Tensor x;               // f32 [size, features]
  Tensor y;               // i32 [size]
  std::int64_t size = 0;  // rows in this batch: batch_size, or less for the last one
  std::int64_t index = 0; // position of this batch in the epoch, 0 .. num_batches() - 1
};

class Batcher {
 public:
  Batcher(const Dataset& d, std::int64_t batch_size, bool shuffle, std::uint64_t seed);

  // Sets the sample order for this epoch (a permutation derived from (seed, epoch) when
  // shuffling, the dataset order otherwise) and rewinds to batch 0.
  void start_epoch(std::int64_t epoch);
  // Continues the current epoch at batch_index (0 .. num_batches()); num_batches() means done.
  void skip_to(std::int64_t batch_index);
  // Fills `out` with the next batch; false (and `out` untouched) at the end of the epoch.
  bool next(Batch& out);

  std::int64_t num_batches() const;
  std::int64_t batch_size() const { return batch_size_; }
  std::int64_t epoch() const { return epoch_; }
  std::int64_t next_index() const { return next_index_; }           // the batch next() returns next
  const std::vector<std::int64_t>& order() const { return order_; }  // this epoch's sample order

 private:
  Tensor images_;  // f32 [N, F], shared with the dataset
  Tensor labels_;  // i32 [N], shared with the dataset
  std::int64_t batch_size_;
  bool shuffle_;
  std::uint64_t seed_;
  std::int64_t epoch_ = 0;
  std::int64_t next_index_ = 0;
  std::vector<std::int64_t> order_;
  Batch full_;     // buffers of batch_size rows
  Batch partial_;  // buffers of N % batch_size rows (unused when that is 0)
};

}  // namespace dendrite
