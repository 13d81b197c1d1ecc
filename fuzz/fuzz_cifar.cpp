// Fuzz target: the CIFAR binary reader (framework/data/cifar.h). The first input byte chooses
// the format (even: CIFAR-10, 1 label byte and 10 classes; odd: CIFAR-100, 2 label bytes and the
// fine labels); the rest is the file, plain or gzip (the seeds hold both).
#include <cstddef>
#include <cstdint>

#include "framework/data/cifar.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  if (size == 0) return 0;
  const bool cifar100 = (data[0] & 1) != 0;
  const std::string& path = fuzz::scratch_file(data + 1, size - 1);
  fuzz::expect_clean_rejection([&] {
    (void)load_cifar({path}, cifar100 ? 2 : 1, cifar100 ? 1 : 0, cifar100 ? 100 : 10);
  });
  fuzz::expect_clean_rejection([&] { (void)load_cifar({path, path}, cifar100 ? 2 : 1, 0, 20); });
  return 0;
}
