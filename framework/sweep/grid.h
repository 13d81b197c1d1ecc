// Grid: the configurations of a sweep. Each configuration is a JSON object of `dendrite train`
// options, named as on the command line without the leading dashes and with '_' for '-'
// ({"model": "dann-r", "dendrites": 16, "input_noise": 0.5, "sequential": true}). A grid has fixed values, axes (an option with a list of
// values) and extra configurations:
//   - the configurations are the product of the axes (the first axis outermost), then the extra
//     configurations, each run over the product of the axes it does not set itself (an extra
//     {"model": "vann", "dendrites": 4, "somata": 512} runs for every seed of a seed axis); a grid
//     with extra configurations and no axis has no product of its own;
//   - every configuration takes the fixed values for the options it does not set itself.
// Options a configuration leaves out keep `dendrite train`'s defaults; what an option means, and
// whether a value is valid, is decided by the train options themselves (tools/sweep_config.h),
// not here.
//
//   Grid g = paper_grid("mnist");
//   g.set_axis("input-noise", {0.0, 0.5});   // replaces an axis, or adds one
//   std::vector<nlohmann::json> configs = g.expand();
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dendrite {

struct GridAxis {
  std::string option;
  std::vector<nlohmann::json> values;  // scalars: string, number or bool
};

struct Grid {
  nlohmann::json fixed = nlohmann::json::object();  // option -> scalar
  std::vector<GridAxis> axes;
  std::vector<nlohmann::json> extra;  // objects

  // Replaces the axis of `option` (keeping its place) or appends a new one, and drops a fixed
  // value of that option. values: not empty.
  void set_axis(const std::string& option, std::vector<nlohmann::json> values);
  // Sets a fixed value and drops an axis of that option.
  void set_fixed(const std::string& option, nlohmann::json value);
  const GridAxis* axis(const std::string& option) const;  // nullptr when absent
  // Number of configurations expand() gives (saturating at INT64_MAX).
  std::int64_t size() const;
  // The product of the axes, then the extra configurations. Throws Error beyond kMaxGridSize.
  std::vector<nlohmann::json> expand() const;
  // The fixed values and axes of `over` replace or join this grid's (an option is either fixed or
  // an axis); its extra configurations are appended.
  void merge(const Grid& over);
};

// A larger grid is refused (the paper's grid is about 2,100 configurations per data set).
inline constexpr std::int64_t kMaxGridSize = 1'000'000;

// The epochs the paper trains for on a data set: mnist 15, fashion-mnist 25, kmnist 25,
// emnist-* 50, cifar10 / cifar100 50; 0 for other data (the train default then applies).
std::int64_t paper_epochs(const std::string& dataset);

// The authors' grid (Chavlis & Poirazi 2025): the 12 variants, D in {1, 2, 4, 8, 16, 32, 64},
// S in {32, 64, 128, 256, 512}, 5 seeds, k = 16 synapses, one dendritic layer, Adam with learning
// rate 1e-3, batch 128, 10% validation, leaky_relu(0.1), paper_epochs(dataset).
Grid paper_grid(const std::string& dataset);

// A subset that keeps the comparison of the paper on a 2-core machine: dann-r, dann-lrf, dann-grf
// at D in {1, 4, 16, 64} x S in {32, 128, 512}, the vANN at D in {1, 4, 16} x S in {32, 128, 512}
// but 16 x 512, 3 seeds, the paper's protocol otherwise (132 runs; see grid_presets.cpp).
Grid reduced_grid(const std::string& dataset);

// "paper" | "reduced" -> the grid; anything else is an Error listing the names.
Grid preset_grid(const std::string& name, const std::string& dataset);

}  // namespace dendrite
