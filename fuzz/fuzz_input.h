// Shared by the fuzz targets: the readers under test take file paths, so each input is written to
// a private scratch file first; and the rule every target checks.
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     const std::string& path = fuzz::scratch_file(data, size);
//     fuzz::expect_clean_rejection([&] { read_idx(path); });
//     return 0;
//   }
//
// The rule: malformed input may only end in dendrite::Error (the user-facing error with a
// message). Any other exception escapes the target, and libFuzzer reports it as a crash, as it
// does sanitizer findings (out-of-bounds reads, overflows, leaks) and allocations beyond its
// -malloc_limit_mb.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "framework/core/error.h"

namespace dendrite::fuzz {

// The path of a per-process scratch file now holding exactly data[0, size).
inline const std::string& scratch_file(const std::uint8_t* data, std::size_t size) {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/dendrite-fuzz-" +
           std::to_string(::getpid()) + ".bin";
  }();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();  // the harness itself failed, not the code under test
  }
  return path;
}

template <class Fn>
void expect_clean_rejection(Fn&& fn) {
  try {
    fn();
  } catch (const InternalError&) {
    throw;  // a broken invariant is a bug, not a clean rejection
  } catch (const Error&) {
  }
}

}  // namespace dendrite::fuzz
