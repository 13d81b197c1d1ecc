#include "export/runtime/ort_model.h"

#include <onnxruntime_cxx_api.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "framework/core/error.h"

namespace dendrite {

namespace {

// One ORT environment per process (ORT's advice). Its log stays quiet below fatal: every error
// ORT logs also comes back as a status, which OrtModel turns into an Error with the file name.
Ort::Env& ort_env() {
  static Ort::Env env(ORT_LOGGING_LEVEL_FATAL, "dendrite");
  return env;
}

std::string names_of(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "'" : ", '") + n + "'";
  return s;
}

}  // namespace

struct OrtModel::Impl {
  std::string path, plugin_path;
  Ort::Session session{nullptr};
  std::string input_name, output_name;
  std::int64_t input_width = 0, classes = -1;
  bool profiling = false;

  // The single input must be float [N, width] with a fixed width; the output "logits" float [N, C].
  void read_signature() {
    Ort::AllocatorWithDefaultOptions alloc;
    DENDRITE_CHECK(session.GetInputCount() == 1, "ONNX model '{}' has {} inputs; a dendrite model has one",
                   path, session.GetInputCount());
    input_name = session.GetInputNameAllocated(0, alloc).get();
    const Ort::TypeInfo in_type = session.GetInputTypeInfo(0);
    DENDRITE_CHECK(in_type.GetONNXType() == ONNX_TYPE_TENSOR, "ONNX model '{}': input '{}' is not a tensor",
                   path, input_name);
    const auto in_info = in_type.GetTensorTypeAndShapeInfo();
    const std::vector<std::int64_t> in_shape = in_info.GetShape();
    DENDRITE_CHECK(in_info.GetElementType() == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && in_shape.size() == 2 &&
                       in_shape[1] >= 0,
                   "ONNX model '{}': input '{}' must be float [N, features] with a fixed number of features",
                   path, input_name);
    input_width = in_shape[1];

    std::vector<std::string> outputs;
    for (std::size_t i = 0; i < session.GetOutputCount(); ++i)
      outputs.emplace_back(session.GetOutputNameAllocated(i, alloc).get());
    std::size_t logits = 0;
    while (logits < outputs.size() && outputs[logits] != "logits") ++logits;
    DENDRITE_CHECK(logits < outputs.size(), "ONNX model '{}' has no output 'logits' (its outputs: {})", path,
                   names_of(outputs));
    output_name = outputs[logits];
    const std::vector<std::int64_t> out_shape =
        session.GetOutputTypeInfo(logits).GetTensorTypeAndShapeInfo().GetShape();
    if (out_shape.size() == 2 && out_shape[1] >= 0) classes = out_shape[1];
  }
};

std::string default_plugin_path() {
  const char* env = std::getenv("DENDRITE_ORT_PLUGIN");
  if (env != nullptr && *env != '\0') return env;
  // An installed program (<prefix>/bin/dendrite) uses the plugin installed with it.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path() / DENDRITE_ORT_PLUGIN_FROM_BINDIR;
    if (std::filesystem::is_regular_file(installed, ec)) return installed.lexically_normal().string();
  }
  return DENDRITE_ORT_PLUGIN_PATH;
}

OrtModel::OrtModel(const std::string& path, bool use_plugin, int threads, const std::string& profile_prefix)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  std::error_code ec;
  DENDRITE_CHECK(std::filesystem::is_regular_file(path, ec), "ONNX model '{}' does not exist or is not a file",
                 path);
  Ort::SessionOptions options;
  try {
    if (threads > 0) options.SetIntraOpNumThreads(threads);
    if (!profile_prefix.empty()) options.EnableProfiling(profile_prefix.c_str());
  } catch (const Ort::Exception& e) {
    throw Error(fmt::format("ONNX Runtime rejects the session options ({} threads, profile '{}'): {}", threads,
                            profile_prefix, e.what()));
  }
  impl_->profiling = !profile_prefix.empty();
  if (use_plugin) {
    impl_->plugin_path = default_plugin_path();
    DENDRITE_CHECK(std::filesystem::is_regular_file(impl_->plugin_path, ec),
                   "the dendrite ONNX Runtime plugin '{}' does not exist (set DENDRITE_ORT_PLUGIN to "
                   "libdendrite_ort_plugin.so, or run without the plugin)",
                   impl_->plugin_path);
    try {
      options.RegisterCustomOpsLibrary(impl_->plugin_path.c_str());
    } catch (const Ort::Exception& e) {
      throw Error(fmt::format("ONNX Runtime cannot load the plugin '{}': {}", impl_->plugin_path, e.what()));
    }
  }
  try {
    impl_->session = Ort::Session(ort_env(), path.c_str(), options);
  } catch (const Ort::Exception& e) {
    throw Error(fmt::format("ONNX Runtime cannot load '{}' ({}): {}", path,
                            use_plugin ? "with the dendrite plugin" : "without the dendrite plugin", e.what()));
  }
  impl_->read_signature();
}

OrtModel::~OrtModel() = default;

Tensor OrtModel::run(const float* x, std::int64_t n) const {
  DENDRITE_CHECK(n >= 0, "OrtModel::run: negative batch size {}", n);
  const Impl& m = *impl_;
  std::array<std::int64_t, 2> shape{n, m.input_width};
  try {
    const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
    // ORT only reads the input; CreateTensor takes a non-const pointer for both directions.
    Ort::Value input = Ort::Value::CreateTensor<float>(memory, const_cast<float*>(x),
                                                       static_cast<std::size_t>(n * m.input_width),
                                                       shape.data(), shape.size());
    const char* input_names[] = {m.input_name.c_str()};
    const char* output_names[] = {m.output_name.c_str()};
    std::vector<Ort::Value> out = impl_->session.Run(Ort::RunOptions{nullptr}, input_names, &input, 1,
                                                     output_names, 1);
    const auto info = out[0].GetTensorTypeAndShapeInfo();
    const std::vector<std::int64_t> out_shape = info.GetShape();
    DENDRITE_CHECK(info.GetElementType() == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && out_shape.size() == 2 &&
                       out_shape[0] == n,
                   "ONNX model '{}': output '{}' is not float [{}, classes]", m.path, m.output_name, n);
    Tensor logits({out_shape[0], out_shape[1]});
    if (logits.numel() > 0) std::memcpy(logits.f32(), out[0].GetTensorData<float>(), logits.nbytes());
    return logits;
  } catch (const Ort::Exception& e) {
    throw Error(fmt::format("ONNX Runtime failed to run '{}' on a batch of {}: {}", m.path, n, e.what()));
  }
}

std::int64_t OrtModel::input_width() const { return impl_->input_width; }
std::int64_t OrtModel::classes() const { return impl_->classes; }
bool OrtModel::plugin_loaded() const { return !impl_->plugin_path.empty(); }

std::string OrtModel::end_profiling() {
  DENDRITE_CHECK(impl_->profiling, "ONNX model '{}': end_profiling without a profile prefix, or twice", impl_->path);
  impl_->profiling = false;
  try {
    Ort::AllocatorWithDefaultOptions alloc;
    return impl_->session.EndProfilingAllocated(alloc).get();
  } catch (const Ort::Exception& e) {
    throw Error(fmt::format("ONNX Runtime could not write the profile of '{}': {}", impl_->path, e.what()));
  }
}
const std::string& OrtModel::path() const { return impl_->path; }
const std::string& OrtModel::plugin_path() const { return impl_->plugin_path; }

}  // namespace dendrite
