// Fuzz target: the ONNX importer (export/onnx_import.h, `dendrite train --init`), the summary
// `dendrite inspect` prints and the value checks of `dendrite run` (export/onnx_validate.h), on any
// bytes that parse as an ONNX ModelProto.
#include <cstddef>
#include <cstdint>
#include <string>

#include "export/onnx_export.h"
#include "export/onnx_import.h"
#include "export/onnx_summary.h"
#include "export/onnx_validate.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  onnx::ModelProto proto;
  fuzz::expect_clean_rejection([&] { proto = read_onnx(path); });
  if (!proto.has_graph()) return 0;
  fuzz::expect_clean_rejection([&] { (void)format_onnx_summary(summarize_onnx(proto)); });
  fuzz::expect_clean_rejection([&] { (void)model_from_onnx(proto, path); });
  fuzz::expect_clean_rejection([&] { check_onnx_before_running(proto, path); });
  return 0;
}
