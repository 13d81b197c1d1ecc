// Fuzz target: the NumPy .npz reader (framework/data/npz.h): libzip's archive parsing and
// decompression, then the .npy reader on each member. The input is one archive; it is listed and
// loaded both as Keras' x_train/y_train/x_test/y_test and as x/y.
#include <cstddef>
#include <cstdint>

#include "framework/data/npz.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  fuzz::expect_clean_rejection([&] { (void)npz_array_names(path); });
  fuzz::expect_clean_rejection([&] { (void)load_npz_train_test(path, 0); });
  fuzz::expect_clean_rejection([&] { (void)load_npz_dataset(path, 3); });
  return 0;
}
