// A float32 array as the bytes of a NumPy .npy file (format version 1.0, little endian, C order),
// for what dendrite writes for NumPy users to read back (`dendrite predict --output p.npy`).
//
//   write_file_atomic("p.npy", npy_f32_bytes(probabilities));   // numpy.load("p.npy"): float32 [N, C]
#pragma once

#include <string>

#include "framework/core/tensor.h"

namespace dendrite {

// The whole file: magic, version, header dictionary padded to a multiple of 64 bytes, the values.
std::string npy_f32_bytes(const Tensor& t);

}  // namespace dendrite
