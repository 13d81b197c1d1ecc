// TrainStep: one training step of a Model, the only one in dendrite. A batch goes in; forward
// (training mode: dropout on), the loss, backward, the optimizer's update; the batch's loss (before
// the update) and its number of correct predictions come out. It owns the Executor and the
// Optimizer. The Trainer, the bench workloads, the tests and the sweep all step through it.
//
//   TrainStep step(model, OptimizerConfig{}, /*seed=*/1);
//   StepResult r = step.step(batch_x, batch_y);    // x: f32 [N, features], y: i32 [N]
//   StepResult e = step.evaluate(test_x, test_y);  // forward only (dropout off), no update
//   const Tensor& logits = step.logits();          // f32 [N, classes] of the last call
//
//   ExecutorOptions plain = training_executor_options(model);
//   plain.fuse = plain.hand_off_layouts = false;   // e.g. to time the executor's passes
//   TrainStep unfused(model, OptimizerConfig{}, 1, plain);
//   plain.time_kernels = true;                      // a profile: step.executor().kernel_time(n),
//                                                   // step.update_seconds()
//
// Dropout draws its masks from (optimizer steps) ^ (seed << 32): a run resumed from a checkpoint
// (which restores the optimizer's step count) draws the same masks as an uninterrupted one.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/optim/optimizer.h"

namespace dendrite {

struct StepResult {
  float loss = 0;            // mean loss over the batch (before the update, for step())
  std::int64_t correct = 0;  // samples whose largest logit is their label
};

// Thrown by TrainStep::step when the loss is NaN or infinite. Nothing was updated: the
// parameters and the optimizer are as they were before the step.
class NonFiniteLoss : public Error {
 public:
  explicit NonFiniteLoss(float loss);
  float loss() const { return loss_; }

 private:
  float loss_;
};

// What a training step's executor computes: the logits (read for the correct count) and the loss,
// with the optimizing passes (fusion, layout handoff) on.
ExecutorOptions training_executor_options(const Model& model, Backend backend = Backend::optimized);

class TrainStep {
 public:
  // `model` must outlive the step (the executor keeps pointers into its graph).
  TrainStep(Model& model, const OptimizerConfig& optimizer, std::uint64_t seed = 0);
  TrainStep(Model& model, const OptimizerConfig& optimizer, std::uint64_t seed, const ExecutorOptions& options);
  ~TrainStep();
  TrainStep(const TrainStep&) = delete;
  TrainStep& operator=(const TrainStep&) = delete;

  // One step on a batch. Throws NonFiniteLoss (before backward) when the loss is not finite.
  StepResult step(const Tensor& x, const Tensor& y);
  // The forward of an evaluation: no dropout, no gradients, no update.
  StepResult evaluate(const Tensor& x, const Tensor& y);
  // Logits of the last step() or evaluate(); valid until the next call.
  const Tensor& logits() const;

  Optimizer& optimizer() { return *optimizer_; }
  const Optimizer& optimizer() const { return *optimizer_; }
  std::uint64_t seed() const { return seed_; }
  // With ExecutorOptions::time_kernels: the executor's kernel times, and the wall seconds of the
  // optimizer's updates since the step was made or reset_times() (0 without).
  const Executor& executor() const { return exec_; }
  double update_seconds() const { return update_seconds_; }
  void reset_times();

 private:
  StepResult run_forward(const Tensor& x, const Tensor& y, bool training);

  Model& model_;
  std::uint64_t seed_;
  Executor exec_;
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<const Tensor*> grads_;
  bool timed_ = false;
  double update_seconds_ = 0;
};

}  // namespace dendrite
