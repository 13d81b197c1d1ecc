// The plugin's Dendritic and Somatic kernels against plain loops, on models that hold one node and
// no function body (only the plugin can run them): int32 and int64 indices, batches that fill
// several parallel chunks, an empty batch, and index tensors that change between runs.
#include <gtest/gtest.h>

#include <onnxruntime_cxx_api.h>

#include "export/runtime/ort_model.h"
#include "tests/common/expect_error.h"
#include "tests/export/export_test_util.h"
#include "tests/plugin/plugin_test_util.h"

namespace dendrite {
namespace {

using namespace plugin_test;
using export_test::random_inputs;

TEST(PluginOps, DendriticMatchesPlainLoopsWithInt32AndInt64Indices) {
  const DendriticCase c = DendriticCase::random(/*n_in=*/12, /*n_out=*/9, /*seed=*/1);
  for (bool int64 : {false, true}) {
    SCOPED_TRACE(int64 ? "int64 indices" : "int32 indices");
    OrtModel m(save_model(c.model(int64), "dendritic.onnx"), /*use_plugin=*/true, /*threads=*/2);
    EXPECT_TRUE(m.plugin_loaded());
    EXPECT_EQ(m.input_width(), 12);
    EXPECT_EQ(m.classes(), 9);
    for (std::int64_t n : {1, 64, 150}) {  // one chunk, exactly one, three with a partial one
      const Tensor x = random_inputs(n, c.n_in, 10 + static_cast<std::uint64_t>(n));
      EXPECT_LE(max_abs_diff(m.run(x.f32(), n), c.reference(x)), 1e-5f) << "batch " << n;
    }
  }
}

TEST(PluginOps, SomaticMatchesPlainLoops) {
  for (std::int64_t d : {1, 4}) {  // D = 1 takes the kernel's elementwise path
    const SomaticCase c = SomaticCase::random(/*S=*/8, d, /*seed=*/2);
    OrtModel m(save_model(c.model(), "somatic.onnx"), true, 2);
    for (std::int64_t n : {1, 130}) {
      const Tensor x = random_inputs(n, c.S * c.D, 20 + static_cast<std::uint64_t>(n));
      EXPECT_LE(max_abs_diff(m.run(x.f32(), n), c.reference(x)), 1e-5f) << "D " << d << ", batch " << n;
    }
  }
}

TEST(PluginOps, EmptyBatchGivesEmptyOutput) {
  const DendriticCase d = DendriticCase::random(8, 5, 3);
  const SomaticCase s = SomaticCase::random(4, 2, 3);
  OrtModel dendritic(save_model(d.model(), "dendritic-empty.onnx"), true, 1);
  OrtModel somatic(save_model(s.model(), "somatic-empty.onnx"), true, 1);
  const float unused = 0.0f;
  EXPECT_EQ(dendritic.run(&unused, 0).shape(), (Shape{0, 5}));
  EXPECT_EQ(somatic.run(&unused, 0).shape(), (Shape{0, 4}));
}

TEST(PluginOps, HandMadeModelNeedsThePlugin) {
  // No function body in the file: without the plugin ORT cannot resolve the op, and the error
  // names the file.
  const std::string path = save_model(DendriticCase::random(8, 5, 4).model(), "no-function.onnx");
  test::expect_error([&] { OrtModel(path, /*use_plugin=*/false, 1); }, {path, "Dendritic"});
}

// indptr and indices as graph inputs (not constants): the kernel validates each call's tensors,
// so new indices on the same session take effect and bad ones are caught.
TEST(PluginOps, IndexTensorsFedAtRunTimeAreCheckedEveryCall) {
  const DendriticCase a = DendriticCase::random(8, 6, 5);
  DendriticCase b = a;
  for (auto& i : b.indices) i = (i + 3) % 8;
  onnx::ModelProto proto = a.model();
  onnx::GraphProto& g = *proto.mutable_graph();
  g.mutable_initializer()->DeleteSubrange(2, 2);  // drop indptr and indices ...
  for (const char* name : {"indptr", "indices"}) {  // ... and take them as int32[?] inputs
    onnx::ValueInfoProto& v = *g.add_input();
    v.set_name(name);
    v.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::INT32);
    v.mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param(std::string(name) + "_len");
  }
  const std::string path = save_model(proto, "index-inputs.onnx");

  Ort::Env env(ORT_LOGGING_LEVEL_ERROR, "plugin-test");
  Ort::SessionOptions options;
  options.RegisterCustomOpsLibrary(default_plugin_path().c_str());
  Ort::Session session(env, path.c_str(), options);
  const Tensor x = random_inputs(3, 8, 6);
  auto run = [&](std::vector<std::int32_t> indptr, std::vector<std::int32_t> indices) {
    const Ort::MemoryInfo mem = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
    const std::int64_t x_shape[] = {3, 8};
    const std::int64_t ptr_len[] = {static_cast<std::int64_t>(indptr.size())};
    const std::int64_t idx_len[] = {static_cast<std::int64_t>(indices.size())};
    Ort::Value inputs[] = {
        Ort::Value::CreateTensor<float>(mem, const_cast<float*>(x.f32()), 24, x_shape, 2),
        Ort::Value::CreateTensor<std::int32_t>(mem, indptr.data(), indptr.size(), ptr_len, 1),
        Ort::Value::CreateTensor<std::int32_t>(mem, indices.data(), indices.size(), idx_len, 1)};
    const char* in_names[] = {"x", "indptr", "indices"};
    const char* out_names[] = {"logits"};
    auto out = session.Run(Ort::RunOptions{nullptr}, in_names, inputs, 3, out_names, 1);
    Tensor y({3, 6});
    std::copy_n(out[0].GetTensorData<float>(), 18, y.f32());
    return y;
  };
  EXPECT_LE(max_abs_diff(run(a.indptr, a.indices), a.reference(x)), 1e-5f);
  EXPECT_LE(max_abs_diff(run(b.indptr, b.indices), b.reference(x)), 1e-5f);
  std::vector<std::int32_t> bad = a.indices;
  bad.back() = 8;
  test::expect_error<Ort::Exception>([&] { run(a.indptr, bad); },
                                     {"Dendritic node 'dend0'", "is not an input index in [0, 8)"});
  EXPECT_LE(max_abs_diff(run(a.indptr, a.indices), a.reference(x)), 1e-5f);  // the session still works
}

}  // namespace
}  // namespace dendrite
