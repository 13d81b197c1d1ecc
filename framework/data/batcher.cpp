#include "framework/data/batcher.h"

#include <cstring>
#include <numeric>

#include "framework/core/error.h"
#include "framework/core/rng.h"

namespace dendrite {

namespace {

// Batches of at least this many floats (84 or more MNIST images) are gathered by all compute threads.
constexpr std::int64_t kParallelGather = std::int64_t{1} << 16;

// A 64-bit finaliser (the splitmix64 output function): nearby inputs give unrelated outputs.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The shuffle seed of one epoch: a function of (seed, epoch) only, different for every pair in
// practice (seed 1 epoch 2 and seed 2 epoch 1 do not collide).
std::uint64_t epoch_seed(std::uint64_t seed, std::int64_t epoch) {
  return mix64(mix64(seed) ^ (static_cast<std::uint64_t>(epoch) + 0x9e3779b97f4a7c15ULL));
}

Batch make_buffers(std::int64_t rows, std::int64_t features) {
  Batch b;
  b.x = Tensor({rows, features}, DType::f32);
  b.y = Tensor({rows}, DType::i32);
  b.size = rows;
  return b;
}

}  // namespace

Batcher::Batcher(const Dataset& d, std::int64_t batch_size, bool shuffle, std::uint64_t seed)
    : batch_size_(batch_size), shuffle_(shuffle), seed_(seed) {
  check_dataset(d, "Batcher");
  DENDRITE_CHECK(batch_size > 0, "Batcher: batch size must be > 0, got {} (data set '{}')", batch_size, d.name);
  images_ = d.images;
  labels_ = d.labels;
  const std::int64_t n = d.size();
  order_.resize(static_cast<std::size_t>(n));
  const std::int64_t rows = std::min(batch_size, n);
  full_ = make_buffers(rows, d.features());
  const std::int64_t rest = n % batch_size;
  if (rest != 0 && rest != rows) partial_ = make_buffers(rest, d.features());
  start_epoch(0);
}

void Batcher::start_epoch(std::int64_t epoch) {
  DENDRITE_CHECK(epoch >= 0, "Batcher::start_epoch: epoch must be >= 0, got {}", epoch);
  epoch_ = epoch;
  next_index_ = 0;
  std::iota(order_.begin(), order_.end(), std::int64_t{0});
  if (shuffle_) {
    Rng rng(epoch_seed(seed_, epoch));
    rng.shuffle(order_);
  }
}

void Batcher::skip_to(std::int64_t batch_index) {
  DENDRITE_CHECK(batch_index >= 0 && batch_index <= num_batches(),
                 "Batcher::skip_to: batch index {} out of range [0, {}] (epoch {})", batch_index, num_batches(),
                 epoch_);
  next_index_ = batch_index;
}

std::int64_t Batcher::num_batches() const {
  const auto n = static_cast<std::int64_t>(order_.size());
  return n / batch_size_ + (n % batch_size_ != 0 ? 1 : 0);  // no n + batch - 1: a batch near 2^63 overflows
}

bool Batcher::next(Batch& out) {
  if (next_index_ >= num_batches()) return false;
  const auto n = static_cast<std::int64_t>(order_.size());
  const std::int64_t begin = next_index_ * batch_size_;
  const std::int64_t rows = std::min(batch_size_, n - begin);
  Batch& buffers = rows == full_.size ? full_ : partial_;
  DENDRITE_ASSERT(buffers.size == rows, "Batcher has no buffer for a batch of {} rows", rows);

  // Gather the rows of this batch: x[r] = images[order[begin + r]].
  const std::int64_t f = images_.dim(1);
  const float* src_x = images_.f32();
  const std::int32_t* src_y = labels_.i32();
  float* dst_x = buffers.x.f32();
  std::int32_t* dst_y = buffers.y.i32();
  const auto row_bytes = static_cast<std::size_t>(f) * sizeof(float);
  // Rows come from anywhere in the data set (memory-latency bound, about 7% of a dANN step on
  // one thread), so the copy is split across the compute threads when the batch is large.
  const std::int64_t* order = order_.data() + begin;
#pragma omp parallel for schedule(static) if (rows * f >= kParallelGather)
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::int64_t i = order[r];
    if (row_bytes) std::memcpy(dst_x + r * f, src_x + i * f, row_bytes);
    dst_y[r] = src_y[i];
  }
  // Plain tensor copies share storage; reusing `out` reuses its shape vectors' capacity.
  out.x = buffers.x;
  out.y = buffers.y;
  out.size = rows;
  out.index = next_index_++;
  return true;
}

}  // namespace dendrite
