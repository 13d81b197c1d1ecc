#include "tests/export/export_test_util.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "framework/core/rng.h"
#include "framework/graph/executor.h"
#include "framework/model/variants.h"
#include "ops/activation_kind.h"
#include "ops/op.h"
#include "tests/common/small_model.h"
#include "tests/common/temp_dir.h"

namespace dendrite::export_test {

ModelSpec mlp_every_activation() {
  ModelSpec spec;
  spec.name = "mlp-all-activations";
  spec.input = test::small_options().input;
  spec.classes = 3;
  spec.seed = 7;
  for (ActivationKind k : activation_kinds()) {
    LayerSpec l;
    l.type = "dense";
    l.units = 6;
    l.activation.kind = activation_name(k);
    if (uses_alpha(k)) l.activation.alpha = 0.25;
    spec.layers.push_back(l);
  }
  spec.layers[1].dropout = 0.5;  // dropout vanishes in the export
  return spec;
}

ModelSpec small_variant(const std::string& variant, std::int64_t layers) {
  VariantOptions o = test::small_options();
  o.classes = 3;
  o.synapses = 4;
  o.layers = layers;
  o.soma_activation = ActivationSpec{"gelu", -1};
  return variant_spec(variant, o);
}

std::vector<std::string> dendritic_variants() {
  std::vector<std::string> names;
  for (const std::string& n : variant_names())
    if (n != "mlp") names.push_back(n);
  return names;
}

Tensor random_inputs(std::int64_t n, std::int64_t features, std::uint64_t seed) {
  Tensor x({n, features});
  Rng rng(seed);
  for (std::int64_t i = 0; i < x.numel(); ++i) x.f32()[i] = static_cast<float>(rng.uniform());
  return x;
}

Tensor logits_of(Model& m, const Tensor& x) {
  Executor exec(m.graph, {Backend::optimized, {m.logits}, kNoValue});
  exec.set_input(m.x, x);
  exec.set_input(m.y, Tensor({x.dim(0)}, DType::i32));  // the executor wants every input bound
  exec.forward(/*training=*/false);
  return exec.value(m.logits).clone();
}

std::filesystem::path temp_file(const std::string& name) {
  return test::TempDir::of_running_test().path() / name;
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int python_onnx_check(const std::vector<std::filesystem::path>& files) {
  // The python3 first on PATH may be another interpreter: Debian's onnx is under /usr/bin.
  static const bool available = std::system("/usr/bin/python3 -c 'import onnx' >/dev/null 2>&1") == 0;
  if (!available) return -1;
  std::string cmd =
      "/usr/bin/python3 -c \"import onnx, sys\n"
      "for f in sys.argv[1:]:\n"
      "    m = onnx.load(f); onnx.checker.check_model(m); onnx.shape_inference.infer_shapes(m, strict_mode=True)\"";
  for (const auto& f : files) cmd += " '" + f.string() + "'";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

}  // namespace dendrite::export_test
