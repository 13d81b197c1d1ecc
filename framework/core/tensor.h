// Tensor: a shape, an element type and 64-byte aligned storage shared between copies.
//
//   Tensor x({128, 784});                 // f32, zero-filled
//   float* p = x.f32();
//   Tensor idx({4096, 16}, DType::i32);   // integer tensor (connectivity indices, labels)
//   Tensor y = x.clone();                 // deep copy; plain copies share storage
//
// Shapes may carry kBatch (-1) in dimension 0 while a graph is being built; a Tensor itself
// always has a concrete shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dendrite {

enum class DType : std::uint8_t { f32, i32 };

std::size_t dtype_size(DType t);
const char* dtype_name(DType t);

using Shape = std::vector<std::int64_t>;

// Symbolic batch size in shapes of graph values; replaced by the real size at run time.
inline constexpr std::int64_t kBatch = -1;

// Number of elements; throws dendrite::Error on negative dims or overflow past 2^62.
std::int64_t shape_numel(const Shape& shape);
std::string shape_str(const Shape& shape);  // "[N, 784]" (kBatch printed as N)

inline constexpr std::size_t kTensorAlignment = 64;

class Tensor {
 public:
  Tensor() = default;  // undefined: no shape, no storage
  explicit Tensor(Shape shape, DType dtype = DType::f32);  // zero-filled
  Tensor(const Tensor&) = default;  // shares the storage
  Tensor& operator=(const Tensor&) = default;
  Tensor(Tensor&& other) noexcept;  // leaves `other` undefined, as Tensor()
  Tensor& operator=(Tensor&& other) noexcept;
  ~Tensor() = default;

  static Tensor from_f32(Shape shape, const std::vector<float>& values);
  static Tensor from_i32(Shape shape, const std::vector<std::int32_t>& values);
  // A tensor over memory someone else owns (e.g. a NumPy array): no copy. `storage` must hold at
  // least numel * dtype size bytes and its deleter releases the owner; copies share it as usual.
  // The memory needs no particular alignment for data sets (the Batcher gathers rows into its own
  // batch tensors); graph values must use the other constructors.
  static Tensor borrow(Shape shape, DType dtype, std::shared_ptr<std::byte> storage);

  bool defined() const { return !(shape_.empty() && numel_ == 0); }  // false for Tensor()
  const Shape& shape() const { return shape_; }
  DType dtype() const { return dtype_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  std::int64_t dim(int i) const;  // negative i counts from the end
  std::int64_t numel() const { return numel_; }
  std::size_t nbytes() const { return static_cast<std::size_t>(numel_) * dtype_size(dtype_); }

  float* f32();
  const float* f32() const;
  std::int32_t* i32();
  const std::int32_t* i32() const;
  void* raw() { return storage_.get(); }
  const void* raw() const { return storage_.get(); }

  Tensor clone() const;
  // The first `rows` entries along dimension 0 as a tensor sharing this one's storage (no copy),
  // like any plain copy. 0 <= rows <= dim(0); throws dendrite::Error otherwise.
  Tensor leading_rows(std::int64_t rows) const;
  // True when no other tensor shares this one's storage (also for an undefined tensor).
  bool sole_owner() const { return storage_.use_count() <= 1; }
  void zero();
  void fill(float value);
  // Same storage, new shape with the same number of elements.
  Tensor reshaped(Shape shape) const;
  // True when the shapes, types and bytes are equal.
  bool bitwise_equal(const Tensor& other) const;

 private:
  std::shared_ptr<std::byte> storage_;
  Shape shape_;
  DType dtype_ = DType::f32;
  std::int64_t numel_ = 0;
};

}  // namespace dendrite
