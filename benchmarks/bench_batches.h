// BatchStream: shuffled training mini-batches without end, epoch after epoch, drawn as
// `dendrite train` draws them (framework/data/batcher.h); the timed loops of `dendrite-bench`
// include this gather in a step, as training does.
//
//   BatchStream batches(train, 128);
//   const Batch& b = batches.next();   // valid until the next call
#pragma once

#include <cstdint>

#include "framework/data/batcher.h"

namespace dendrite::bench {

class BatchStream {
 public:
  BatchStream(const Dataset& data, std::int64_t batch) : batcher_(data, batch, /*shuffle=*/true, /*seed=*/1) {}
  const Batch& next() {
    if (!batcher_.next(batch_)) {
      batcher_.start_epoch(++epoch_);
      batcher_.next(batch_);
    }
    return batch_;
  }

 private:
  Batcher batcher_;
  Batch batch_;
  std::int64_t epoch_ = 0;
};

}  // namespace dendrite::bench
