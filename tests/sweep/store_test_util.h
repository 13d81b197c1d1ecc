// Helpers of the store and coordinator tests: small run records and results.
#pragma once

#include <string>

#include "framework/sweep/run_record.h"

namespace dendrite::test {

inline RunRecord record(const std::string& key, double cost, std::int64_t seed = 1) {
  RunRecord r;
  r.key = key;
  r.config = {{"model", "dann-r"}, {"seed", seed}, {"key", key}};
  r.dataset = "idx";
  r.dataset_hash = "h";
  r.framework_version = "0.1.0";
  r.model = "dann-r";
  r.dendrites = 4;
  r.somata = 8;
  r.synapses = 6;
  r.seed = seed;
  r.epochs = 2;
  r.batch = 128;
  r.optimizer = "adam";
  r.lr = 1e-3;
  r.cost = cost;
  return r;
}

inline RunSummary result(double test_loss, std::int64_t epochs = 2) {
  RunSummary r;
  r.params = 100;
  r.epochs_run = epochs;
  r.train_loss = 0.5;
  r.train_accuracy = 0.8;
  r.val_loss = 0.6;
  r.val_accuracy = 0.75;
  r.test_loss = test_loss;
  r.test_accuracy = 0.7;
  r.best_val_loss_epoch = epochs;
  r.best_val_loss = 0.6;
  r.seconds_per_epoch = 0.01;
  r.train_samples_per_second = 1e4;
  r.wall_seconds = 0.05;
  for (std::int64_t e = 1; e <= epochs; ++e) {
    EpochRecord h;
    h.epoch = e;
    h.train_loss = 1.0 / static_cast<double>(e);
    h.train_accuracy = 0.5;
    h.val_loss = 1.1 / static_cast<double>(e);
    h.val_accuracy = 0.4;
    h.lr = 1e-3;
    h.seconds = 0.01;
    r.history.push_back(h);
  }
  return r;
}

}  // namespace dendrite::test
