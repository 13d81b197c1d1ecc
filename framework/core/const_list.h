// ConstList<T>: a view of a constant array, for tables written as constexpr data (the inputs of
// a shape rule, the attributes of an ONNX op spec). Header-only; the ONNX Runtime plugin uses it
// too.
//
//   inline constexpr RuleInput kInputs[] = {{"x", 2, InputKind::values}, {"w", 2, InputKind::values}};
//   inline constexpr ConstList<RuleInput> inputs = kInputs;   // inputs.size() == 2
//   for (const RuleInput& in : inputs) ...
//   ConstList<AttrSpec> none;                                  // empty
#pragma once

#include <cstddef>

namespace dendrite {

template <class T>
class ConstList {
 public:
  constexpr ConstList() = default;
  template <std::size_t N>
  constexpr ConstList(const T (&items)[N]) : data_(items), size_(N) {}  // NOLINT: implicit by design

  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr const T& operator[](std::size_t i) const { return data_[i]; }
  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size_; }

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace dendrite
