// RegisterCustomOps: the one symbol of libdendrite_ort_plugin.so. ONNX Runtime calls it when a host
// registers the library (RegisterCustomOpsLibrary_V2); it adds the "ai.dendrite" domain with every
// op of DENDRITE_CUSTOM_OP_LIST to the session options. No exception leaves this function: every
// failure becomes an OrtStatus.
#include <string>

#include "export/plugin/custom_ops.h"
#include "export/plugin/kernel_support.h"

namespace dendrite::plugin {
namespace {

// The domain is created once and shared by every session options object the library is
// registered with. It is never released: ORT keeps pointers to it in sessions for as long as they
// live, and the library itself is never unloaded (-z nodelete).
OrtCustomOpDomain* dendrite_domain() {
  static OrtCustomOpDomain* domain = [] {
    Ort::CustomOpDomain d(kOnnxDomain);
#define DENDRITE_ADD_PLUGIN_OP(op) d.Add(op##_op());
    DENDRITE_CUSTOM_OP_LIST(DENDRITE_ADD_PLUGIN_OP)
#undef DENDRITE_ADD_PLUGIN_OP
    return d.release();
  }();
  return domain;
}

}  // namespace
}  // namespace dendrite::plugin

namespace {

// The status for a runtime older than the API this library was built against, made with the
// oldest API table (CreateStatus exists since version 1).
OrtStatus* api_too_old(const OrtApiBase* api_base) noexcept {
  const OrtApi* oldest = api_base->GetApi(1);
  if (oldest == nullptr) return nullptr;  // cannot report anything
  try {
    const std::string message = "libdendrite_ort_plugin needs ONNX Runtime API version " +
                                std::to_string(ORT_API_VERSION) + " (ONNX Runtime 1." +
                                std::to_string(ORT_API_VERSION) + " or newer), this runtime is " +
                                api_base->GetVersionString();
    return oldest->CreateStatus(ORT_FAIL, message.c_str());
  } catch (...) {
    return oldest->CreateStatus(ORT_FAIL, "libdendrite_ort_plugin: ONNX Runtime is too old");
  }
}

}  // namespace

extern "C" __attribute__((visibility("default"))) OrtStatus* ORT_API_CALL
RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) noexcept {
  if (api_base == nullptr) return nullptr;  // nothing to report through
  const OrtApi* api = api_base->GetApi(ORT_API_VERSION);
  if (api == nullptr) return api_too_old(api_base);
  // Every registration gets the same table from the same runtime; set it once, race-free.
  static const bool api_set = (Ort::InitApi(api), true);
  (void)api_set;
  return dendrite::plugin::guarded("RegisterCustomOps (domain ai.dendrite)", [&] {
    Ort::UnownedSessionOptions(options).Add(dendrite::plugin::dendrite_domain());
  });
}
