#include "framework/data/npy_write.h"

#include <cstring>

#include <fmt/format.h>

#include "framework/core/error.h"

namespace dendrite {

std::string npy_f32_bytes(const Tensor& t) {
  DENDRITE_CHECK(t.dtype() == DType::f32, "npy_f32_bytes: a float32 tensor is needed, got {}", dtype_name(t.dtype()));
  static_assert(sizeof(float) == 4);
  std::string shape;
  for (std::int64_t d : t.shape()) shape += fmt::format("{}, ", d);
  if (!shape.empty()) shape.resize(shape.size() - (t.rank() == 1 ? 1 : 2));  // "(3,)", "(3, 4)", "()"
  std::string header = fmt::format("{{'descr': '<f4', 'fortran_order': False, 'shape': ({}), }}", shape);
  // Magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64 (NumPy's alignment).
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  const std::size_t bytes = static_cast<std::size_t>(t.numel()) * sizeof(float);
  const std::size_t start = out.size();
  out.resize(start + bytes);
  if (bytes > 0) std::memcpy(out.data() + start, t.f32(), bytes);  // little endian: the hosts dendrite builds on
  return out;
}

}  // namespace dendrite
