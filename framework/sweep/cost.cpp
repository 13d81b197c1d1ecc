#include "framework/sweep/cost.h"

#include <algorithm>

namespace dendrite {

namespace {
// Seconds per sample of a training step (forward, backward, update), fitted to the CPU time of
// single-threaded one- and two-epoch MNIST runs of dANN-R/LRF/GRF, vANN and MLP models from 1e3 to
// 2.7e6 parameters on the development machine (README, "Sweeps"), within about 30%.
constexpr double kDenseWeight = 4.5e-11;
constexpr double kSparseWeight = 2.0e-10;
constexpr double kSample = 1.4e-6;
constexpr double kEvalFraction = 1.0 / 3.0;  // a forward pass of a training step
constexpr double kRunSeconds = 0.3;          // per run: the data split, building the model
}  // namespace

WeightCounts count_weights(const ModelSpec& spec) {
  WeightCounts c;
  std::int64_t width = spec.input_size();
  const std::int64_t channels = spec.input.size() == 3 ? std::max<std::int64_t>(spec.input[2], 1) : 1;
  for (const LayerSpec& l : spec.layers) {
    if (l.type == "dense") {
      c.dense += width * l.units;
      c.biases += l.units;
      width = l.units;
      continue;
    }
    const std::int64_t n_dend = l.dendrites * l.somata;
    const std::string& in = l.input_connectivity;
    if (in == "dense" || in == "all_to_all") {
      c.dense += n_dend * width;
    } else {
      const std::int64_t per_dendrite = (in == "lrf" || in == "grf") ? l.synapses * channels : l.synapses;
      c.sparse += n_dend * std::min(per_dendrite, width);
    }
    if (l.soma_connectivity == "dense") c.dense += n_dend * l.somata;
    else c.sparse += n_dend;
    c.biases += n_dend + l.somata;
    width = l.somata;
  }
  c.dense += width * spec.classes;
  c.biases += spec.classes;
  return c;
}

double estimate_run_seconds(const ModelSpec& spec, const RunCostInputs& in) {
  const WeightCounts w = count_weights(spec);
  const double per_sample = kDenseWeight * static_cast<double>(w.dense) +
                            kSparseWeight * static_cast<double>(w.sparse) + kSample;
  const double samples = static_cast<double>(in.epochs) * static_cast<double>(in.train_samples) +
                         kEvalFraction * (static_cast<double>(in.epochs) * static_cast<double>(in.validation_samples) +
                                          static_cast<double>(in.test_samples));
  return kRunSeconds + samples * per_sample;
}

}  // namespace dendrite
