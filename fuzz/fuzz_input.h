// Shared by the fuzz targets: the readers under test take file paths, so each input is written to
// a private in-memory scratch file first; and the rule every target checks.
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

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "framework/core/error.h"

namespace dendrite::fuzz {

// The path of a per-process scratch file now holding exactly data[0, size): an in-memory file
// (memfd) reached through /proc/self/fd, so no disk write slows the fuzzer down.
inline const std::string& scratch_file(const std::uint8_t* data, std::size_t size) {
  static const int fd = ::memfd_create("dendrite-fuzz-input", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  bool ok = fd >= 0 && ::ftruncate(fd, 0) == 0;
  for (std::size_t done = 0; ok && done < size;) {
    const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    ok = n > 0;
    done += ok ? static_cast<std::size_t>(n) : 0;
  }
  if (!ok) {
    std::perror("dendrite fuzz: scratch file");
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
