#include "framework/train/crc32.h"

#include <array>

namespace dendrite {

namespace {

// Bit-reversed form of the IEEE polynomial 0x04C11DB7.
constexpr std::uint32_t kPolynomial = 0xEDB88320u;

// table[b] is the CRC register after shifting the byte b through it, one bit at a time.
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    table[b] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

}  // namespace

std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t n) {
  // The register starts at all ones and the result is inverted; undoing the final inversion
  // first lets a finished CRC be extended.
  std::uint32_t c = crc ^ 0xFFFFFFFFu;
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) c = kTable[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace dendrite
