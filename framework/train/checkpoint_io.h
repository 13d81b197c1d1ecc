// Internal helpers shared by the checkpoint writer (checkpoint.cpp) and reader
// (checkpoint_load.cpp): little-endian integers, alignment and errno text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>

#include "framework/train/checkpoint.h"

// Tensor bytes are written in host order and the format says little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "checkpoints assume a little-endian host");

namespace dendrite {

// magic (8) + version (4) + header length (8)
inline constexpr std::size_t kPrefixBytes = 20;
inline constexpr std::size_t kCrcBytes = 4;

inline void put_le(unsigned char* out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<unsigned char>(value >> (8 * i));
}

inline std::uint64_t get_le(const unsigned char* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return value;
}

// The caller guarantees x is far below 2^64 (x is a position inside a file we hold in memory).
inline std::uint64_t align_up(std::uint64_t x) {
  return (x + kCheckpointAlignment - 1) / kCheckpointAlignment * kCheckpointAlignment;
}

inline std::string errno_text(int err) { return std::system_category().message(err); }

}  // namespace dendrite
