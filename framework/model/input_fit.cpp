#include "framework/model/input_fit.h"

#include "framework/core/error.h"
#include "framework/model/geometry.h"

namespace dendrite {

std::optional<InputFitProblem> find_input_fit_problem(const ModelSpec& spec) {
  DENDRITE_CHECK(spec.input.size() == 3 && spec.input[0] > 0 && spec.input[1] > 0 && spec.input[2] > 0,
                 "model '{}': input must be [H, W, C] with positive sizes", spec.name);
  Grid grid{spec.input[0], spec.input[1], spec.input[2]};
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    const auto problem = [&](const char* field, const std::string& what) {
      return InputFitProblem{i, field, fmt::format("layer {}: {}", i, what)};
    };
    const std::string input = fmt::format("{}x{}x{}", grid.height, grid.width, grid.channels);
    if (l.type == "dense") {
      grid = Grid{1, l.units, 1};
      continue;
    }
    const std::string& f = l.input_connectivity;
    if (f == "random" || f == "random_k") {
      if (l.synapses > grid.size())
        return problem("synapses", fmt::format("{} synapses per dendrite, but its input has {} values ({})",
                                               l.synapses, grid.size(), input));
    } else if (f == "lrf" || f == "grf") {
      if (grid.height < 2 || grid.width < 2)
        return problem("input_connectivity",
                       fmt::format("{} connectivity needs a 2-D image input, got {}", f, input));
      if (l.synapses > grid.pixels())
        return problem("synapses", fmt::format("{} synapses per dendrite, but its {} input has {} pixels", l.synapses,
                                               input, grid.pixels()));
      if (f == "grf" && l.dendrites > grid.pixels())
        return problem("dendrites", fmt::format("{} dendrites per soma on distinct pixels, but its {} input has {} "
                                                "pixels",
                                                l.dendrites, input, grid.pixels()));
    }
    grid = grid_for_somata(l.somata);
  }
  return std::nullopt;
}

}  // namespace dendrite
