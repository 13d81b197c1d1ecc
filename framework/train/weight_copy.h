// WeightCopy: a model's parameters of one moment kept aside, e.g. the weights of early stopping's
// best epoch, which a run restores at its end (Keras' restore_best_weights). The copy is exchanged
// with the model's parameters in place (the executor and the optimizer keep pointing at the same
// storage), and travels in checkpoints as tensors "<prefix><parameter name>".
//
//   WeightCopy best(model.graph);       // shaped like the parameters, zero
//   best.capture(model.graph);          // after the best epoch
//   best.swap_with(model.graph);        // the model now holds the best weights, the copy the last
//   best.append_to(ckpt, "best/");      // into a checkpoint
//   best.load(ckpt, "best/");           // back; Error naming the tensor when one is missing or wrong
#pragma once

#include <string>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/graph/graph.h"
#include "framework/train/checkpoint.h"

namespace dendrite {

class WeightCopy {
 public:
  explicit WeightCopy(const Graph& graph);

  void capture(const Graph& graph);  // the graph's parameters into the copy
  void swap_with(Graph& graph);      // exchange the values of the copy and the graph's parameters
  void append_to(Checkpoint& ckpt, const std::string& prefix) const;
  void load(const Checkpoint& ckpt, const std::string& prefix);
  // The checkpoint's tensors with `graph`'s parameter names replaced by the copy's (for a model
  // checkpoint of the copied weights).
  void replace_in(Checkpoint& ckpt) const;

 private:
  std::vector<std::string> names_;
  std::vector<Tensor> values_;
};

}  // namespace dendrite
