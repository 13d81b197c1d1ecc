// Fuzz target: gzip-compressed IDX files (framework/data/input_stream.h under idx.h). An input
// whose first byte is 1 is an IDX file the target compresses itself, so the fuzzer explores the
// IDX checks on decompressed bytes; any other input is written as it is, to be read as a gzip
// file (the seeds are valid, truncated and corrupt gzip streams), so it explores zlib's errors.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "framework/data/dataset.h"
#include "framework/data/idx.h"
#include "fuzz/fuzz_input.h"

namespace {

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&z, static_cast<uLong>(size)) + 32);
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();  // the harness, not the code under test
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  std::vector<std::uint8_t> file;
  if (size > 0 && data[0] == 1) file = gzip(data + 1, size - 1);
  else file.assign(data, data + size);
  const std::string& path = fuzz::scratch_file(file.data(), file.size());
  fuzz::expect_clean_rejection([&] { (void)read_idx_header(path); });
  fuzz::expect_clean_rejection([&] {
    const IdxArray a = read_idx(path);
    if (a.numel() > 0) (void)a.value(a.numel() - 1);
  });
  fuzz::expect_clean_rejection([&] { (void)read_idx_f32(path); });
  fuzz::expect_clean_rejection([&] { (void)load_idx_dataset(path, path, 0, /*transposed=*/true); });
  return 0;
}
