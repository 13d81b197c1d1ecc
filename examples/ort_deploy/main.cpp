// ort_deploy MODEL.onnx MNIST_FOLDER [PLUGIN]: classifies the MNIST test set with an exported
// dendrite model in ONNX Runtime, the dendrite custom-op library registered (without it, ONNX
// Runtime would run the ai.dendrite ops through their function bodies, slower), and prints the
// accuracy.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <dendrite/dendrite.h>
#include <onnxruntime_cxx_api.h>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: ort_deploy MODEL.onnx MNIST_FOLDER [PLUGIN]\n");
    return 2;
  }
  try {
    const std::string plugin = argc > 3 ? argv[3] : DENDRITE_PLUGIN;
    Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "ort_deploy");
    Ort::SessionOptions options;
    options.RegisterCustomOpsLibrary(plugin.c_str());  // RegisterCustomOpsLibrary_V2
    Ort::Session session(env, argv[1], options);

    const dendrite::api::DataSet test = dendrite::api::load_dataset("mnist", argv[2]).test;
    const std::int64_t n = test.size(), features = test.features();
    const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    const char* inputs[] = {"x"};
    const char* outputs[] = {"logits"};
    const std::int64_t batch = 256;
    std::int64_t correct = 0;
    for (std::int64_t start = 0; start < n; start += batch) {
      const std::int64_t rows = std::min(batch, n - start);
      const std::int64_t shape[] = {rows, features};
      Ort::Value x = Ort::Value::CreateTensor<float>(memory, const_cast<float*>(test.images() + start * features),
                                                     static_cast<std::size_t>(rows * features), shape, 2);
      std::vector<Ort::Value> y = session.Run(Ort::RunOptions{nullptr}, inputs, &x, 1, outputs, 1);
      const float* logits = y[0].GetTensorData<float>();
      const std::int64_t classes = y[0].GetTensorTypeAndShapeInfo().GetShape()[1];
      for (std::int64_t i = 0; i < rows; ++i) {
        const float* row = logits + i * classes;
        correct += std::max_element(row, row + classes) - row == test.labels()[start + i];
      }
    }
    std::printf("accuracy %.4f (%lld of %lld test images, ONNX Runtime %s with %s)\n",
                static_cast<double>(correct) / static_cast<double>(n), static_cast<long long>(correct),
                static_cast<long long>(n), Ort::GetVersionString().c_str(), plugin.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ort_deploy: %s\n", e.what());
    return 1;
  }
  return 0;
}
