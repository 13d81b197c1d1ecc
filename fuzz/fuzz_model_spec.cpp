// Fuzz target: JSON model descriptions (framework/model/model_spec.h), as `dendrite train
// --model-file` reads them: parse, validate, build the model when it is small, and check that a
// valid description survives a round trip through to_json unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "framework/model/model.h"
#include "fuzz/fuzz_input.h"

namespace {
constexpr std::int64_t kMaxFuzzParameters = 1 << 16;  // bigger valid models are not built
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  fuzz::expect_clean_rejection([&] {
    const ModelSpec spec = load_model_spec(path);
    const nlohmann::json j = to_json(spec);
    if (to_json(model_spec_from_json(j)) != j) std::abort();  // the round trip changed the model
    if (spec.min_parameter_count() > kMaxFuzzParameters) return;
    const Model m = build_model(spec);
    if (m.parameter_count() < spec.min_parameter_count()) std::abort();  // the bound is not a bound
  });
  return 0;
}
