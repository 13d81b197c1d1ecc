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

namespace {
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
std::int64_t saturating_mul(std::int64_t a, std::int64_t b) { return b != 0 && a > kMax / b ? kMax : a * b; }
std::int64_t saturating_add(std::int64_t a, std::int64_t b) { return a > kMax - b ? kMax : a + b; }

// The axes an extra configuration runs over: those whose option it does not set (all of them for
// the grid's own product, extra = nullptr).
std::vector<const GridAxis*> free_axes(const std::vector<GridAxis>& axes, const nlohmann::json* extra) {
  std::vector<const GridAxis*> out;
  for (const GridAxis& a : axes)
    if (extra == nullptr || !extra->contains(a.option)) out.push_back(&a);
  return out;
}

std::int64_t product_size(const std::vector<const GridAxis*>& axes) {
  std::int64_t n = 1;
  for (const GridAxis* a : axes) n = saturating_mul(n, static_cast<std::int64_t>(a->values.size()));
  return n;
}

// Appends base + each combination of the axes (the last axis fastest), over the fixed values.
void append_product(const nlohmann::json& fixed, const std::vector<const GridAxis*>& axes, const nlohmann::json& base,
                    std::vector<nlohmann::json>& out) {
  std::vector<std::size_t> at(axes.size(), 0);
  for (;;) {
    nlohmann::json config = fixed;
    for (std::size_t i = 0; i < axes.size(); ++i) config[axes[i]->option] = axes[i]->values[at[i]];
    config.update(base);
    out.push_back(std::move(config));
    std::size_t i = axes.size();
    while (i > 0 && ++at[i - 1] == axes[i - 1]->values.size()) at[--i] = 0;
    if (i == 0) return;
  }
}
}  // namespace

std::int64_t Grid::size() const {
  std::int64_t n = axes.empty() && !extra.empty() ? 0 : product_size(free_axes(axes, nullptr));
  for (const nlohmann::json& e : extra) n = saturating_add(n, product_size(free_axes(axes, &e)));
  return n;
}

std::vector<nlohmann::json> Grid::expand() const {
  const std::int64_t n = size();
  DENDRITE_CHECK(n <= kMaxGridSize, "the grid has {} configurations, more than the {} a sweep takes", n,
                 kMaxGridSize);
  std::vector<nlohmann::json> out;
  out.reserve(static_cast<std::size_t>(n));
  if (!axes.empty() || extra.empty()) append_product(fixed, free_axes(axes, nullptr), nlohmann::json::object(), out);
  for (const nlohmann::json& e : extra) append_product(fixed, free_axes(axes, &e), e, out);
  return out;
}

void Grid::merge(const Grid& over) {
  for (const auto& [option, value] : over.fixed.items()) set_fixed(option, value);
  for (const GridAxis& a : over.axes) set_axis(a.option, a.values);
  extra.insert(extra.end(), over.extra.begin(), over.extra.end());
}

}  // namespace dendrite
