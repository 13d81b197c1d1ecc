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
  double validation = 0.1;   // fraction of the training data held out, in [0, 1)
  // How the held-out samples are chosen: "stratified" (each class's share, shuffled with `seed`, as
  // dendrite train does by default) or "last" (the data's last samples, Keras' validation_split).
  std::string validation_split = "stratified";
  bool shuffle = true;       // false: the data's own order every epoch
  std::string optimizer = "adam";  // "sgd" | "adam" | "adamw"
  double learning_rate = 1e-3;
  double momentum = 0.0;      // sgd
  double weight_decay = 0.0;  // sgd, adam: L2 on the gradient; adamw: decoupled
  // The learning rate of each epoch (PyTorch's definitions, after an optional linear warmup):
  // "constant" | "step" (times lr_gamma every lr_step_size epochs) | "cosine" (down to lr_min) |
  // "plateau" (times lr_factor after lr_patience epochs without a lower validation loss).
  std::string lr_schedule = "constant";
  std::int64_t warmup_epochs = 0;
  std::int64_t lr_step_size = 0;
  double lr_gamma = 0.1;
  double lr_min = 0.0;
  double lr_factor = 0.1;
  std::int64_t lr_patience = 10;
  // Early stopping on the validation loss (Keras' rule): stop after `early_stopping` epochs
  // without an improvement of more than min_delta; -1: off. restore_best: end with the best
  // epoch's weights.
  std::int64_t early_stopping = -1;
  double min_delta = 0.0;
  bool restore_best = true;
  // The input stage of a model that has not been trained yet: "none" | "feature" | "global"
  // (mean and std of the training split); empty: the description's own.
  std::string normalize;
  // Compute threads of this call (OpenMP, in the calling thread); 0: as set_threads() left them.
  int threads = 0;
  std::string checkpoint;     // written (atomically) after every epoch; empty: none
  std::string log;            // JSON Lines, one object per epoch; empty: none
  bool verbose = false;       // one line per epoch on stderr
  bool progress = false;      // a live progress line while an epoch runs, when stderr is a terminal
  // Asked after every batch; true stops training there (e.g. a Ctrl-C): the model is then as it
  // was after the last whole epoch (or before training), and TrainingResult::interrupted is set.
  std::function<bool()> should_stop;
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
  double lr = 0;            // the learning rate the epoch trained with (the schedule's)
};

// Called after every epoch (after its checkpoint is written); returning false ends training there.
using EpochCallback = std::function<bool(const EpochReport&)>;

struct TrainingResult {
  std::vector<EpochReport> epochs;  // the epochs this call trained
  bool stopped = false;             // the callback ended training early
  bool interrupted = false;         // should_stop ended training within an epoch
  bool stopped_early = false;       // early stopping ended training
  std::int64_t best_epoch = 0;      // early stopping's best epoch (1-based); 0 without it
};

}  // namespace dendrite::api
