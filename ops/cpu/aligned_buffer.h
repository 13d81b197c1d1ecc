// AlignedBuffer: a grow-only work buffer of floats (or ints) starting on a 64-byte boundary, so
// the kernels' 64-byte vector loads of its rows never straddle two cache lines (std::vector
// only guarantees 16 bytes). Its contents are undefined after growing; steady-state calls that
// need no more room allocate nothing.
//
//   AlignedBuffer<float> x_t;
//   float* p = x_t.reserve(n_in * N);   // at least that many elements
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

namespace dendrite::cpu {

template <typename T>
class AlignedBuffer {
 public:
  static constexpr std::size_t kAlignment = 64;

  T* reserve(std::int64_t count) {
    const auto n = static_cast<std::size_t>(count);
    if (n > capacity_) {
      const std::size_t bytes = (n * sizeof(T) + kAlignment - 1) / kAlignment * kAlignment;
      void* p = std::aligned_alloc(kAlignment, bytes);
      if (p == nullptr) throw std::bad_alloc();
      data_.reset(static_cast<T*>(p));
      capacity_ = n;
    }
    return data_.get();
  }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  std::size_t size() const { return capacity_; }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> data_;
  std::size_t capacity_ = 0;
};

}  // namespace dendrite::cpu
