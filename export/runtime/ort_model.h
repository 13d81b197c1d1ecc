// OrtModel: an exported dendrite model (.onnx) loaded into ONNX Runtime, with the dendrite
// custom-op plugin registered (fast kernels) or without it (ORT inlines the model-local function
// bodies of the ai.dendrite ops).
//
//   OrtModel model("model.onnx", /*use_plugin=*/true, /*threads=*/0);
//   Tensor logits = model.run(x.f32(), x.dim(0));   // x: f32 [N, model.input_width()]
//   OrtModel traced("model.onnx", true, 0, "prof");  // ORT's profiler on: prof_<date>.json
//   std::string trace = traced.end_profiling();      // after the runs
//
// The plugin is libdendrite_ort_plugin.so from $DENDRITE_ORT_PLUGIN, else the one installed with
// the running program (<prefix>/lib/dendrite/ for <prefix>/bin/dendrite), else the one this build
// made (default_plugin_path()). run() may be called from several threads at once. Every ORT error
// becomes a dendrite::Error naming the model file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "framework/core/tensor.h"

namespace dendrite {

class OrtModel {
 public:
  // threads: ORT intra-op threads (0: ORT's default). profile_prefix: when not empty, ORT records
  // every node's run time into <profile_prefix>_<date>.json (see end_profiling()).
  OrtModel(const std::string& path, bool use_plugin, int threads, const std::string& profile_prefix = "");
  ~OrtModel();
  OrtModel(const OrtModel&) = delete;
  OrtModel& operator=(const OrtModel&) = delete;

  // Logits f32 [n, classes()] for x: f32 [n, input_width()], row-major. n may be 0.
  Tensor run(const float* x, std::int64_t n) const;

  std::int64_t input_width() const;  // features per sample (dim 1 of input "x")
  std::int64_t classes() const;      // dim 1 of output "logits"; -1 when the file leaves it open
  bool plugin_loaded() const;
  // Stops ORT's profiler and returns the trace file it wrote (Chrome trace JSON); only with a
  // profile_prefix, once.
  std::string end_profiling();
  const std::string& path() const;
  const std::string& plugin_path() const;  // empty without the plugin

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// $DENDRITE_ORT_PLUGIN if set and not empty, else the installed plugin beside the program, else the
// plugin of this build.
std::string default_plugin_path();

}  // namespace dendrite
