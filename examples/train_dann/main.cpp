// train_dann MNIST_FOLDER [EPOCHS] [OUT.onnx]: a dANN with global receptive fields (16 dendrites per
// soma, 256 somata, 16 synapses per dendrite) trained on MNIST, tested, then exported to ONNX.
#include <cstdio>
#include <exception>
#include <string>

#include <dendrite/dendrite.h>

namespace dn = dendrite::api;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: train_dann MNIST_FOLDER [EPOCHS] [OUT.onnx]\n");
    return 2;
  }
  try {
    const dn::DataSplit mnist = dn::load_dataset("mnist", argv[1]);
    dn::VariantSize size;
    size.dendrites = 16;
    size.somata = 256;
    size.synapses = 16;
    dn::Model model(dn::ModelDescription::variant("dann-grf", size));
    std::printf("%s", model.summary().c_str());

    dn::TrainingConfig config;
    config.epochs = argc > 2 ? std::stoll(argv[2]) : 5;
    model.train(mnist.train, config, [](const dn::EpochReport& e) {
      std::printf("epoch %lld/%lld  train loss %.4f  validation accuracy %.4f  (%.1f s)\n",
                  static_cast<long long>(e.epoch), static_cast<long long>(e.epochs), e.train.loss,
                  e.validation.accuracy, e.seconds);
      return true;
    });
    std::printf("test accuracy %.4f\n", model.evaluate(mnist.test).accuracy);

    const std::string out = argc > 3 ? argv[3] : "dann-grf.onnx";
    model.export_onnx(out);
    std::printf("wrote %s\n", out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_dann: %s\n", e.what());
    return 1;
  }
  return 0;
}
