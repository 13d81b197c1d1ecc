// Fuzz target: the IDX reader (framework/data/idx.h) and the data set loader on top of it.
// The input is one IDX file; it is read as an array, streamed into an f32 tensor, and loaded as
// a data set whose images and labels are both that file (valid when it is one-dimensional).
#include <cstddef>
#include <cstdint>

#include "framework/data/dataset.h"
#include "framework/data/idx.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  fuzz::expect_clean_rejection([&] {
    const IdxArray a = read_idx(path);
    if (a.numel() > 0) (void)a.value(a.numel() - 1);
    (void)a.to_f32();
  });
  fuzz::expect_clean_rejection([&] { (void)read_idx_f32(path); });
  fuzz::expect_clean_rejection([&] { (void)load_idx_dataset(path, path, 0); });
  fuzz::expect_clean_rejection([&] { (void)load_idx_dataset(path, path, 3); });
  return 0;
}
