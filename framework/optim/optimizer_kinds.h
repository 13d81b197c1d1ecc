// Internal: the concrete optimizers, built by make_optimizer (optimizer.cpp) from a validated
// config. Each lives in its own file with its update rule.
#pragma once

#include <memory>

#include "framework/optim/optimizer.h"

namespace dendrite {

std::unique_ptr<Optimizer> make_sgd(const OptimizerConfig& cfg, NamedTensors named_params);   // sgd.cpp
std::unique_ptr<Optimizer> make_adam(const OptimizerConfig& cfg, NamedTensors named_params);  // adam.cpp: adam, adamw

}  // namespace dendrite
