// The shape of libdendrite_ort_plugin.so itself: one exported symbol, no link to ONNX Runtime or
// oneDNN (ORT hands it the API table; the kernels are compiled in).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <onnxruntime_cxx_api.h>

#include <sstream>
#include <string>
#include <vector>

#include "export/runtime/ort_model.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

using test::run_command;

TEST(PluginLibrary, ExportsOnlyRegisterCustomOps) {
  const std::string out = run_command("nm -D --defined-only '" + default_plugin_path() + "'").output;
  std::vector<std::string> symbols;
  std::istringstream lines(out);
  for (std::string address, kind, name; lines >> address >> kind >> name;) symbols.push_back(name);
  EXPECT_THAT(symbols, ::testing::ElementsAre("RegisterCustomOps")) << out;
}

TEST(PluginLibrary, LinksNeitherOnnxRuntimeNorOneDnn) {
  const std::string out = run_command("readelf -d '" + default_plugin_path() + "'").output;
  std::string needed;  // the NEEDED entries only
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.find("(NEEDED)") != std::string::npos) needed += line + "\n";
  ASSERT_THAT(needed, ::testing::HasSubstr("libc.so")) << out;
  EXPECT_THAT(needed, ::testing::Not(::testing::HasSubstr("onnxruntime")));
  EXPECT_THAT(needed, ::testing::Not(::testing::HasSubstr("dnnl")));
  EXPECT_THAT(needed, ::testing::Not(::testing::HasSubstr("libfmt")));
  EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("RUNPATH"))) << "the plugin needs no search path";
}

// A runtime that lacks the API version the plugin was built for: RegisterCustomOps must return an
// error status made with the oldest API table, not crash or throw.
const OrtApi* ORT_API_CALL api_without_current_version(std::uint32_t version) noexcept {
  return version >= ORT_API_VERSION ? nullptr : OrtGetApiBase()->GetApi(version);
}
const char* ORT_API_CALL old_version_string() noexcept { return "1.9.0-test"; }

TEST(PluginLibrary, TooOldRuntimeGetsAnErrorStatus) {
  void* library = ::dlopen(default_plugin_path().c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(library, nullptr) << ::dlerror();
  using Register = OrtStatus* (*)(OrtSessionOptions*, const OrtApiBase*);
  const auto register_ops = reinterpret_cast<Register>(::dlsym(library, "RegisterCustomOps"));
  ASSERT_NE(register_ops, nullptr);
  const OrtApiBase old_runtime{api_without_current_version, old_version_string};
  Ort::SessionOptions options;
  OrtStatus* status = register_ops(options, &old_runtime);
  ASSERT_NE(status, nullptr);
  const std::string message = Ort::GetApi().GetErrorMessage(status);
  Ort::GetApi().ReleaseStatus(status);
  EXPECT_THAT(message, ::testing::HasSubstr("needs ONNX Runtime API version " + std::to_string(ORT_API_VERSION)));
  EXPECT_THAT(message, ::testing::HasSubstr("1.9.0-test"));
  ::dlclose(library);
}

}  // namespace
}  // namespace dendrite
