// Fuzz target: the ONNX Runtime plugin's input validation (export/plugin/csr_input.h). The index
// inputs of a Dendritic node (indptr, indices; int32 or int64) are fuzzed; when CsrInput accepts
// them, the framework's kernel runs on buffers of exactly the declared sizes, so AddressSanitizer
// reports any read the validation should have prevented.
//
// Input: flags (bit 0: indptr is int64, bit 1: indices are int64), N, n_in, n_out, nnz (one byte
// each), then n_out + 1 indptr values and nnz index values, little-endian, of their types (missing
// bytes read as 0).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "export/plugin/csr_input.h"
#include "export/plugin/kernel_support.h"
#include "export/specs/dendritic_spec.h"
#include "fuzz/fuzz_input.h"
#include "ops/cpu/csr_kernels.h"

namespace {

using dendrite::plugin::TensorArg;

// `count` values of `width` bytes from the input (zero when it runs out), 8-byte aligned.
struct Values {
  std::vector<std::int64_t> storage;
  Values(const std::uint8_t*& p, const std::uint8_t* end, std::size_t count, std::size_t width)
      : storage((count * width + 7) / 8 + 1, 0) {
    const std::size_t want = count * width;
    const std::size_t have = std::min<std::size_t>(want, static_cast<std::size_t>(end - p));
    std::memcpy(storage.data(), p, have);
    p += have;
  }
};

TensorArg arg(const char* name, const Values& v, std::int64_t length, bool int64) {
  TensorArg t;
  t.name = name;
  t.type = int64 ? ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 : ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32;
  t.shape = {length};
  t.data = v.storage.data();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  if (size < 5) return 0;
  const bool ptr64 = (data[0] & 1) != 0, idx64 = (data[0] & 2) != 0;
  const std::int64_t N = data[1], n_in = data[2], n_out = data[3], nnz = data[4];
  const std::uint8_t* p = data + 5;
  const std::uint8_t* end = data + size;
  const Values ptr_values(p, end, static_cast<std::size_t>(n_out + 1), ptr64 ? 8 : 4);
  const Values idx_values(p, end, static_cast<std::size_t>(nnz), idx64 ? 8 : 4);
  const TensorArg indptr = arg("indptr", ptr_values, n_out + 1, ptr64);
  const TensorArg indices = arg("indices", idx_values, nnz, idx64);

  fuzz::expect_clean_rejection([&] {
    const std::string label = "Dendritic node 'fuzz'";
    plugin::check_input(label, dendritic_spec(), kRowPtrInput, indptr);  // as the kernel checks its inputs
    plugin::check_input(label, dendritic_spec(), kColInput, indices);
    const plugin::CsrInput csr(label, indptr, indices, n_in);
    if (!csr.built_from(indptr, indices, n_in)) std::abort();
    // Exactly sized buffers, as ONNX Runtime would hand them over: x_t [n_in, N], w [nnz], b [n_out].
    std::vector<float> x_t(static_cast<std::size_t>(n_in * N), 1.0f), w(static_cast<std::size_t>(nnz), 0.5f);
    std::vector<float> b(static_cast<std::size_t>(n_out), 0.25f), y_t(static_cast<std::size_t>(n_out * N));
    if (N > 0 && n_out > 0) cpu::csr_forward(csr.index(), N, x_t.data(), w.data(), b.data(), y_t.data());
  });
  return 0;
}
