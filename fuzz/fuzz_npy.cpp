// Fuzz target: the NumPy .npy reader (framework/data/npy.h) and the data set loader on top of it.
// The input is one .npy file; it is read as a header, as f32 values, as label values, and loaded
// as a data set whose images and labels are both that file (valid when it is one-dimensional).
#include <cstddef>
#include <cstdint>

#include "framework/data/dataset.h"
#include "framework/data/npy.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  fuzz::expect_clean_rejection([&] { (void)read_npy_header(path); });
  fuzz::expect_clean_rejection([&] { (void)read_npy_f32(path); });
  fuzz::expect_clean_rejection([&] { (void)read_npy_values(path); });
  fuzz::expect_clean_rejection([&] { (void)load_array_dataset(path, path, 0); });
  return 0;
}
