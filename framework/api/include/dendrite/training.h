// How a model is trained, and what training and evaluation report.
//
//   dendrite::api::TrainingConfig config;
//   config.epochs = 15;
//   config.checkpoint = "run/checkpoint.ckpt";   // after every epoch; Model::load continues from it
//   auto result = model.train(data.train, config, [](const dendrite::api::EpochReport& e) {
//     std::printf("epoch %lld: validation accuracy %.4f\n", (long long)e.epoch, e.validation.accuracy);
//     return true;                               // false stops after this epoch
//   });
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dendrite/common.h"

namespace dendrite::api {

struct TrainingConfig {
  // The run's length in epochs. A model that already has trained epochs (loaded from a training
  // checkpoint, or trained before) continues its run up to this count.
  std::int64_t epochs = 5;
  std::int64_t batch = 128;
  std::uint64_t seed = 1;    // shuffling and dropout
  double validation = 0.1;   // fraction of the training data held out (its last samples), in [0, 1)
  bool shuffle = true;       // false: the data's own order every epoch
  std::string optimizer = "adam";  // "sgd" | "adam" | "adamw"
  double learning_rate = 1e-3;
  double momentum = 0.0;      // sgd
  double weight_decay = 0.0;  // sgd, adam: L2 on the gradient; adamw: decoupled
  std::string checkpoint;     // written (atomically) after every epoch; empty: none
  std::string log;            // JSON Lines, one object per epoch; empty: none
  bool verbose = false;       // one line per epoch on stderr
};

struct Evaluation {
  double loss = 0;      // mean cross-entropy
  double accuracy = 0;  // in [0, 1]
  std::int64_t samples = 0;
};

struct EpochReport {
  std::int64_t epoch = 0;   // 1-based
  std::int64_t epochs = 0;  // of the run
  Evaluation train;         // running values over the epoch's batches
  Evaluation validation;    // samples 0 (and loss, accuracy 0) without a validation split
  double seconds = 0;       // training time of the epoch
};

// Called after every epoch (after its checkpoint is written); returning false ends training there.
using EpochCallback = std::function<bool(const EpochReport&)>;

struct TrainingResult {
  std::vector<EpochReport> epochs;  // the epochs this call trained
  bool stopped = false;             // the callback ended training early
};

}  // namespace dendrite::api
