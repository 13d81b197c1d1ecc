#include "framework/core/tensor.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "framework/core/error.h"

namespace dendrite {

std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::f32: return 4;
    case DType::i32: return 4;
  }
  return 0;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::f32: return "f32";
    case DType::i32: return "i32";
  }
  return "?";
}

std::int64_t shape_numel(const Shape& shape) {
  constexpr std::int64_t kMax = std::int64_t{1} << 62;
  std::int64_t n = 1;
  for (std::int64_t d : shape) {
    DENDRITE_CHECK(d >= 0, "shape {} has a negative dimension", shape_str(shape));
    if (d != 0 && n > kMax / d) throw Error(fmt::format("shape {} has too many elements", shape_str(shape)));
    n *= d;
  }
  return n;
}

std::string shape_str(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += shape[i] == kBatch ? std::string("N") : std::to_string(shape[i]);
  }
  return s + "]";
}

namespace {
std::shared_ptr<std::byte> allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  std::size_t rounded = (bytes + kTensorAlignment - 1) / kTensorAlignment * kTensorAlignment;
  void* p = std::aligned_alloc(kTensorAlignment, rounded);
  if (!p) throw Error(fmt::format("out of memory allocating {} bytes for a tensor", bytes));
  std::memset(p, 0, rounded);
  return std::shared_ptr<std::byte>(static_cast<std::byte*>(p), [](std::byte* q) { std::free(q); });
}
}  // namespace

Tensor::Tensor(Shape shape, DType dtype) : shape_(std::move(shape)), dtype_(dtype) {
  numel_ = shape_numel(shape_);
  storage_ = allocate(nbytes());
}

Tensor Tensor::borrow(Shape shape, DType dtype, std::shared_ptr<std::byte> storage) {
  DENDRITE_CHECK(storage != nullptr, "Tensor::borrow: no storage");
  Tensor t;
  t.numel_ = shape_numel(shape);
  t.shape_ = std::move(shape);
  t.dtype_ = dtype;
  t.storage_ = std::move(storage);
  return t;
}

Tensor::Tensor(Tensor&& other) noexcept
    : storage_(std::move(other.storage_)), shape_(std::move(other.shape_)), dtype_(other.dtype_),
      numel_(other.numel_) {
  other.shape_.clear();
  other.numel_ = 0;
}

Tensor& Tensor::operator=(Tensor&& other) noexcept {
  if (this == &other) return *this;
  storage_ = std::move(other.storage_);
  shape_ = std::move(other.shape_);
  dtype_ = other.dtype_;
  numel_ = other.numel_;
  other.shape_.clear();
  other.numel_ = 0;
  return *this;
}

Tensor Tensor::from_f32(Shape shape, const std::vector<float>& values) {
  Tensor t(std::move(shape), DType::f32);
  DENDRITE_CHECK(static_cast<std::int64_t>(values.size()) == t.numel(),
                 "Tensor::from_f32: {} values for shape {}", values.size(), shape_str(t.shape()));
  if (!values.empty()) std::memcpy(t.raw(), values.data(), t.nbytes());
  return t;
}

Tensor Tensor::from_i32(Shape shape, const std::vector<std::int32_t>& values) {
  Tensor t(std::move(shape), DType::i32);
  DENDRITE_CHECK(static_cast<std::int64_t>(values.size()) == t.numel(),
                 "Tensor::from_i32: {} values for shape {}", values.size(), shape_str(t.shape()));
  if (!values.empty()) std::memcpy(t.raw(), values.data(), t.nbytes());
  return t;
}

std::int64_t Tensor::dim(int i) const {
  int r = rank();
  int j = i < 0 ? i + r : i;
  DENDRITE_CHECK(j >= 0 && j < r, "dimension {} out of range for shape {}", i, shape_str(shape_));
  return shape_[static_cast<std::size_t>(j)];
}

float* Tensor::f32() {
  DENDRITE_ASSERT(dtype_ == DType::f32, "tensor is {}, not f32", dtype_name(dtype_));
  return reinterpret_cast<float*>(storage_.get());
}
const float* Tensor::f32() const {
  DENDRITE_ASSERT(dtype_ == DType::f32, "tensor is {}, not f32", dtype_name(dtype_));
  return reinterpret_cast<const float*>(storage_.get());
}
std::int32_t* Tensor::i32() {
  DENDRITE_ASSERT(dtype_ == DType::i32, "tensor is {}, not i32", dtype_name(dtype_));
  return reinterpret_cast<std::int32_t*>(storage_.get());
}
const std::int32_t* Tensor::i32() const {
  DENDRITE_ASSERT(dtype_ == DType::i32, "tensor is {}, not i32", dtype_name(dtype_));
  return reinterpret_cast<const std::int32_t*>(storage_.get());
}

Tensor Tensor::clone() const {
  Tensor t(shape_, dtype_);
  if (nbytes()) std::memcpy(t.raw(), raw(), nbytes());
  return t;
}

Tensor Tensor::leading_rows(std::int64_t rows) const {
  DENDRITE_CHECK(rank() >= 1 && rows >= 0 && rows <= shape_[0],
                 "leading_rows: cannot take {} rows of a tensor of shape {}", rows, shape_str(shape_));
  Tensor t = *this;
  t.shape_[0] = rows;
  t.numel_ = shape_numel(t.shape_);
  return t;
}

void Tensor::zero() {
  if (nbytes()) std::memset(raw(), 0, nbytes());
}

void Tensor::fill(float value) {
  float* p = f32();
  for (std::int64_t i = 0; i < numel_; ++i) p[i] = value;
}

Tensor Tensor::reshaped(Shape shape) const {
  DENDRITE_CHECK(shape_numel(shape) == numel_, "cannot reshape {} to {}", shape_str(shape_),
                 shape_str(shape));
  Tensor t = *this;
  t.shape_ = std::move(shape);
  return t;
}

bool Tensor::bitwise_equal(const Tensor& other) const {
  if (shape_ != other.shape_ || dtype_ != other.dtype_) return false;
  return nbytes() == 0 || std::memcmp(raw(), other.raw(), nbytes()) == 0;
}

}  // namespace dendrite
