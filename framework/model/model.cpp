#include "framework/model/model.h"

#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "framework/model/connectivity.h"
#include "framework/model/geometry.h"
#include "framework/optim/init.h"

namespace dendrite {

namespace {

// Streams of randomness kept apart, so that e.g. changing the initialiser leaves masks unchanged.
constexpr std::uint64_t kConnectivityStream = 0x636f6e6eULL;  // "conn"

struct Builder {
  Model& m;
  BuildOptions options;
  Rng init_rng;
  Rng conn_rng;
  Grid grid;         // geometry of the current layer's input
  ValueId h;         // current activation
  std::int64_t n_in; // its width

  Tensor glorot(Shape shape, std::int64_t fan_in, std::int64_t fan_out) {
    Tensor t(std::move(shape));
    init_tensor(t, InitKind::glorot_uniform, fan_in, fan_out, init_rng);
    return t;
  }

  ValueId activation(ValueId v, const ActivationSpec& a, const std::string& name) {
    Attrs attrs{{"kind", a.kind}};
    if (a.alpha >= 0) attrs.set("alpha", a.alpha);
    return m.graph.add_node("activation", {v}, attrs, name);
  }

  // Fully connected n_in -> units; weights Glorot on [units, n_in].
  ValueId dense(ValueId v, std::int64_t in, std::int64_t units, const std::string& prefix) {
    ValueId w = m.graph.add_parameter(prefix + ".weight", glorot({units, in}, in, units));
    ValueId b = m.graph.add_parameter(prefix + ".bias", Tensor({units}));
    return m.graph.add_node("dense", {v, w, b}, {}, prefix);
  }

  // Sparse n_in -> n_out through a CSR connectivity. Glorot limit from the dense fan-in/out.
  ValueId sparse(ValueId v, const Connectivity& c, const std::string& prefix) {
    const std::int64_t nnz = c.nnz();
    ValueId w = m.graph.add_parameter(prefix + ".weight", glorot({nnz}, c.n_in, c.n_out));
    ValueId b = m.graph.add_parameter(prefix + ".bias", Tensor({c.n_out}));
    ValueId rp = m.graph.add_constant(prefix + ".row_ptr", Tensor::from_i32({c.n_out + 1}, c.row_ptr));
    ValueId col = m.graph.add_constant(prefix + ".col", Tensor::from_i32({nnz}, c.col));
    const char* op = options.impl == SparseImpl::masked ? "masked_dendritic" : "dendritic";
    return m.graph.add_node(op, {v, w, b, rp, col}, {}, prefix);
  }

  void summarize(const std::string& name, const std::string& conn, const std::string& act,
                 std::int64_t units, std::int64_t connections) {
    m.layers.push_back({name, conn, act, units, connections, connections + units});
  }

  void dense_layer(std::size_t i, const LayerSpec& l) {
    const std::string prefix = fmt::format("layer{}", i);
    h = dense(h, n_in, l.units, prefix);
    h = activation(h, l.activation, prefix + ".act");
    summarize(prefix, "dense", l.activation.str(), l.units, n_in * l.units);
    n_in = l.units;
    grid = Grid{1, l.units, 1};
  }

  Connectivity input_connectivity(const LayerSpec& l) {
    const std::int64_t n_dend = l.dendrites * l.somata;
    const std::string& f = l.input_connectivity;
    if (f == "random") return random_connectivity(n_in, n_dend, l.synapses * n_dend, conn_rng);
    if (f == "random_k") return random_fixed_k(n_in, n_dend, l.synapses, conn_rng);
    if (f == "lrf" || f == "grf") {
      check_grid_size(grid, n_in);
      DENDRITE_CHECK(grid.height > 1 && grid.width > 1,
                     "{} connectivity needs a 2-D image input, got {}x{}x{} (height x width x channels)", f,
                     grid.height, grid.width, grid.channels);
    }
    if (f == "lrf") return lrf_connectivity(grid, n_dend, l.synapses, conn_rng);
    if (f == "grf") return grf_connectivity(grid, l.somata, l.dendrites, l.synapses, conn_rng);
    throw Error(fmt::format("unknown input connectivity '{}'", f));
  }

  void dendritic_layer(std::size_t i, const LayerSpec& l) {
    const std::string prefix = fmt::format("layer{}", i);
    const std::int64_t n_dend = l.dendrites * l.somata;
    if (l.dense_input()) {
      h = dense(h, n_in, n_dend, prefix + ".dendrites");
      summarize(prefix + ".dendrites", l.input_connectivity, l.dendrite_activation.str(), n_dend, n_in * n_dend);
    } else {
      const Connectivity c = input_connectivity(l);
      h = sparse(h, c, prefix + ".dendrites");
      summarize(prefix + ".dendrites", l.input_connectivity, l.dendrite_activation.str(), n_dend, c.nnz());
    }
    h = activation(h, l.dendrite_activation, prefix + ".dendrites.act");

    const std::string soma = prefix + ".somata";
    if (l.soma_connectivity == "block") {
      ValueId w = m.graph.add_parameter(soma + ".weight", glorot({l.somata, l.dendrites}, n_dend, l.somata));
      ValueId b = m.graph.add_parameter(soma + ".bias", Tensor({l.somata}));
      const char* op = options.impl == SparseImpl::masked ? "masked_somatic" : "somatic";
      h = m.graph.add_node(op, {h, w, b}, {}, soma);
      summarize(soma, "block", l.soma_activation.str(), l.somata, n_dend);
    } else if (l.soma_connectivity == "random") {
      const Connectivity c = random_soma_connectivity(n_dend, l.somata, n_dend, conn_rng);
      h = sparse(h, c, soma);
      summarize(soma, "random", l.soma_activation.str(), l.somata, c.nnz());
    } else {
      h = dense(h, n_dend, l.somata, soma);
      summarize(soma, "dense", l.soma_activation.str(), l.somata, n_dend * l.somata);
    }
    h = activation(h, l.soma_activation, soma + ".act");
    n_in = l.somata;
    grid = grid_for_somata(l.somata);  // the next layer sees the somata as an image (spec 3.6)
  }
};

}  // namespace

const char* sparse_impl_name(SparseImpl impl) { return impl == SparseImpl::masked ? "masked" : "sparse"; }

SparseImpl parse_sparse_impl(const std::string& name) {
  if (name == "sparse") return SparseImpl::sparse;
  if (name == "masked") return SparseImpl::masked;
  throw Error(fmt::format("unknown sparse-layer implementation '{}' (known: sparse, masked)", name));
}

Model build_model(const ModelSpec& spec, const BuildOptions& options) {
  spec.validate();
  Model m;
  m.spec = spec;
  Builder b{m, options, Rng(spec.seed), Rng(spec.seed ^ kConnectivityStream), Grid{spec.input[0], spec.input[1], spec.input[2]},
            kNoValue, spec.input_size()};
  m.x = m.graph.add_input("x", {{kBatch, spec.input_size()}, DType::f32});
  m.y = m.graph.add_input("y", {{kBatch}, DType::i32});
  b.h = m.x;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    try {
      if (l.type == "dense") b.dense_layer(i, l);
      else b.dendritic_layer(i, l);
    } catch (const Error& e) {
      throw Error(fmt::format("model '{}' layer {}: {}", spec.name, i, e.what()));
    }
    if (l.dropout > 0)
      b.h = m.graph.add_node("dropout", {b.h}, {{"p", l.dropout}}, fmt::format("layer{}.dropout", i));
  }
  m.logits = b.dense(b.h, b.n_in, spec.classes, "output");
  b.summarize("output", "dense", "softmax", spec.classes, b.n_in * spec.classes);
  m.loss = m.graph.add_node("softmax_cross_entropy", {m.logits, m.y}, {}, "loss");
  return m;
}

nlohmann::json model_summary_json(const Model& model) {
  nlohmann::json j;
  j["model"] = model.spec.name;
  j["params"] = model.parameter_count();
  j["layers"] = model.spec.layers.size();
  nlohmann::json acts = nlohmann::json::array();
  for (const LayerSpec& l : model.spec.layers) {
    if (l.type == "dense") {
      acts.push_back(l.activation.str());
      continue;
    }
    j["dendrites"] = l.dendrites;
    j["somata"] = l.somata;
    j["synapses"] = l.synapses;
    j["dendrite_activation"] = l.dendrite_activation.str();
    j["soma_activation"] = l.soma_activation.str();
  }
  if (!acts.empty()) j["activations"] = acts;
  return j;
}

std::string model_summary_table(const Model& model) {
  std::string out = fmt::format("{:<20} {:<12} {:<18} {:>8} {:>12} {:>12}\n", "layer", "connectivity",
                                "activation", "units", "connections", "parameters");
  std::int64_t total = 0;
  for (const LayerSummary& l : model.layers) {
    out += fmt::format("{:<20} {:<12} {:<18} {:>8} {:>12} {:>12}\n", l.name, l.connectivity, l.activation,
                       l.units, l.connections, l.parameters);
    total += l.parameters;
  }
  out += fmt::format("{:<20} {:>66}\n", "total trainable", total);
  return out;
}

}  // namespace dendrite
