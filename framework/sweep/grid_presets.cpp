// The named grids of `dendrite sweep --grid`: the paper's and a reduced one.
#include "framework/core/error.h"
#include "framework/data/catalog.h"
#include "framework/model/variants.h"
#include "framework/sweep/grid.h"

namespace dendrite {

namespace {
std::vector<nlohmann::json> values(std::initializer_list<nlohmann::json> list) { return list; }

// The training protocol of the paper, shared by both grids: k = 16 synapses, one dendritic
// layer, leaky_relu(0.1) on dendrites and somata, Adam at 1e-3, batch 128, the last 10% of the
// training set for validation, the data set's epochs.
Grid paper_protocol(const std::string& dataset) {
  Grid g;
  g.set_fixed("synapses", 16);
  g.set_fixed("layers", 1);
  g.set_fixed("dendrite_activation", "leaky_relu(0.1)");
  g.set_fixed("soma_activation", "leaky_relu(0.1)");
  g.set_fixed("optimizer", "adam");
  g.set_fixed("lr", 1e-3);
  g.set_fixed("batch", 128);
  g.set_fixed("validation", 0.1);
  if (const std::int64_t epochs = paper_epochs(dataset); epochs > 0) g.set_fixed("epochs", epochs);
  return g;
}
}  // namespace

std::int64_t paper_epochs(const std::string& dataset) {
  for (const DatasetDef& d : dataset_table())
    if (d.name == dataset) return d.paper_epochs;
  return 0;
}

Grid paper_grid(const std::string& dataset) {
  Grid g = paper_protocol(dataset);
  std::vector<nlohmann::json> models;
  for (const std::string& name : variant_names())
    if (name != "mlp") models.emplace_back(name);  // the 12 variants
  g.set_axis("model", models);
  g.set_axis("dendrites", values({1, 2, 4, 8, 16, 32, 64}));
  g.set_axis("somata", values({32, 64, 128, 256, 512}));
  g.set_axis("seed", values({1, 2, 3, 4, 5}));
  return g;
}

// The reduced grid keeps what the paper's comparison needs on a 2-core machine: the three dANN
// input connectivities (random, local and global receptive fields) at D in {1, 4, 16, 64} x
// S in {32, 128, 512} (about 900 to 600,000 parameters), and the vANN at the sizes it can afford,
// D in {1, 4, 16} x S in {32, 128, 512} without 16 x 512 (26,000 to 2.7 million parameters), so
// that the dANNs' parameter counts lie below, around and above the range where they reach the best
// vANN; 3 seeds each, 132 runs. Its cost on MNIST: about 2,500 single-core seconds (README).
Grid reduced_grid(const std::string& dataset) {
  Grid g = paper_protocol(dataset);
  g.set_axis("model", values({"dann-r", "dann-lrf", "dann-grf"}));
  g.set_axis("dendrites", values({1, 4, 16, 64}));
  g.set_axis("somata", values({32, 128, 512}));
  g.set_axis("seed", values({1, 2, 3}));
  // The vANN sizes, each over the seed axis.
  for (int d : {1, 4, 16})
    for (int s : {32, 128, 512})
      if (d != 16 || s != 512)  // 10.6 million parameters: as long as the rest of the grid alone
        g.extra.push_back({{"model", "vann"}, {"dendrites", d}, {"somata", s}});
  return g;
}

Grid preset_grid(const std::string& name, const std::string& dataset) {
  if (name == "paper") return paper_grid(dataset);
  if (name == "reduced") return reduced_grid(dataset);
  throw Error(fmt::format("unknown grid '{}' (known: paper, reduced)", name));
}

}  // namespace dendrite
