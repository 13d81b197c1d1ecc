#include "framework/sweep/grid.h"

#include <algorithm>
#include <limits>

#include "framework/core/error.h"

namespace dendrite {

void Grid::set_axis(const std::string& option, std::vector<nlohmann::json> values) {
  DENDRITE_ASSERT(!values.empty(), "grid axis '{}' without values", option);
  fixed.erase(option);
  for (GridAxis& a : axes) {
    if (a.option != option) continue;
    a.values = std::move(values);
    return;
  }
  axes.push_back({option, std::move(values)});
}

void Grid::set_fixed(const std::string& option, nlohmann::json value) {
  axes.erase(std::remove_if(axes.begin(), axes.end(), [&](const GridAxis& a) { return a.option == option; }),
             axes.end());
  fixed[option] = std::move(value);
}

const GridAxis* Grid::axis(const std::string& option) const {
  for (const GridAxis& a : axes)
    if (a.option == option) return &a;
  return nullptr;
}

std::int64_t Grid::size() const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t n = 1;
  for (const GridAxis& a : axes) {
    const auto values = static_cast<std::int64_t>(a.values.size());
    n = values != 0 && n > kMax / values ? kMax : n * values;
  }
  if (axes.empty() && !extra.empty()) n = 0;
  const auto extras = static_cast<std::int64_t>(extra.size());
  return n > kMax - extras ? kMax : n + extras;
}

std::vector<nlohmann::json> Grid::expand() const {
  const std::int64_t n = size();
  DENDRITE_CHECK(n <= kMaxGridSize, "the grid has {} configurations, more than the {} a sweep takes", n,
                 kMaxGridSize);
  std::vector<nlohmann::json> out;
  out.reserve(static_cast<std::size_t>(n));
  if (!axes.empty() || extra.empty()) {
    // An odometer over the axes, the last axis fastest.
    std::vector<std::size_t> at(axes.size(), 0);
    for (;;) {
      nlohmann::json config = fixed;
      for (std::size_t i = 0; i < axes.size(); ++i) config[axes[i].option] = axes[i].values[at[i]];
      out.push_back(std::move(config));
      std::size_t i = axes.size();
      while (i > 0 && ++at[i - 1] == axes[i - 1].values.size()) at[--i] = 0;
      if (i == 0) break;
    }
  }
  for (const nlohmann::json& e : extra) {
    nlohmann::json config = fixed;
    config.update(e);
    out.push_back(std::move(config));
  }
  return out;
}

void Grid::merge(const Grid& over) {
  for (const auto& [option, value] : over.fixed.items()) set_fixed(option, value);
  for (const GridAxis& a : over.axes) set_axis(a.option, a.values);
  extra.insert(extra.end(), over.extra.begin(), over.extra.end());
}

}  // namespace dendrite
