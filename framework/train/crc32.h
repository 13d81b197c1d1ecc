// CRC-32 (IEEE 802.3 polynomial, reflected, as in zlib, PNG and gzip), used to detect corrupted
// checkpoint files.
//
//   std::uint32_t c = crc32(data, n);                   // one buffer
//   std::uint32_t c = crc32_update(0, a, na);           // or several, chained:
//   c = crc32_update(c, b, nb);                         // == crc32(a ++ b)
//
// crc32("123456789") == 0xCBF43926.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dendrite {

// Extends a finished CRC `crc` (0 for an empty prefix) with `n` more bytes.
std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t n);

inline std::uint32_t crc32(const void* data, std::size_t n) { return crc32_update(0, data, n); }

}  // namespace dendrite
