// dendrite: train dendritic artificial neural networks (dANNs; Chavlis & Poirazi, Nat. Commun.
// 2025) from C++, evaluate them, save them and export them to ONNX. The one header to include.
//
//   #include <cstdio>
//   #include <dendrite/dendrite.h>
//   namespace dn = dendrite::api;
//
//   int main() {
//     dn::DataSplit mnist = dn::load_dataset("mnist", "/data/mnist");   // 60000 train, 10000 test
//     dn::VariantSize size;                                               // D = 16 dendrites per soma,
//     size.somata = 256;                                                  // S = 256 somata, k = 16
//     dn::Model model(dn::ModelDescription::variant("dann-grf", size));   // global receptive fields
//     dn::TrainingConfig config;                                          // Adam, lr 1e-3, batch 128
//     config.epochs = 15;
//     model.train(mnist.train, config, [](const dn::EpochReport& e) {
//       std::printf("epoch %lld/%lld  validation accuracy %.4f\n", (long long)e.epoch, (long long)e.epochs,
//                   e.validation.accuracy);
//       return true;  // false: stop here
//     });
//     std::printf("test accuracy %.4f\n", model.evaluate(mnist.test).accuracy);
//     model.save("dann-grf.ckpt");        // dn::Model::load("dann-grf.ckpt") gets it back
//     model.export_onnx("dann-grf.onnx"); // run it in ONNX Runtime with libdendrite_ort_plugin.so
//   }
//
// A model layer by layer instead of a named variant:
//
//   dn::ModelDescription d;
//   d.layers = {dn::Layer::dendritic(16, 256, 16, "lrf"), dn::Layer::dense(64, "relu")};
//
// CMake (after `cmake --install`, or with the Debian package):
//
//   find_package(dendrite REQUIRED)
//   target_link_libraries(app PRIVATE dendrite::dendrite)
//
// What is where: description.h (layers, variants), data.h (data sets), training.h (configuration,
// per-epoch reports), model.h (build, train, evaluate, save, load, export), common.h (version,
// threads, errors: every function throws std::runtime_error with a one-line message).
#pragma once

#include "dendrite/common.h"
#include "dendrite/data.h"
#include "dendrite/description.h"
#include "dendrite/model.h"
#include "dendrite/training.h"
