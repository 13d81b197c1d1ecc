// build_model: turns a ModelSpec into a trainable Graph, with seeded initialisation and
// connectivity (the spec's seed), plus a per-layer summary for printing.
//
//   Model m = build_model(spec);
//   Executor exec(m.graph, {Backend::optimized, {m.logits}, m.loss});
//   Model slow = build_model(spec, {SparseImpl::masked});   // dense masked compute, same weights
//   (model_rewrite.h: a built model switched to other options, densified, or refilled by name)
//
// Value names are stable and used by checkpoints and the ONNX exporter:
//   layer<i>.weight / .bias                      dense hidden layer i
//   layer<i>.dendrites.{weight,bias,row_ptr,col}  dendritic layer i, input -> dendrites (sparse)
//   layer<i>.dendrites.{weight,bias}              ... or dense (vANN, pdANN)
//   layer<i>.somata.{weight,bias[,row_ptr,col]}   dendrites -> somata (block, random or dense)
//   output.weight / output.bias                   the classifier
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/graph/graph.h"
#include "framework/model/model_spec.h"

namespace dendrite {

struct LayerSummary {
  std::string name;          // "layer0.dendrites"
  std::string connectivity;  // "grf", "block", "dense", ...
  std::string activation;
  std::int64_t units = 0;
  std::int64_t connections = 0;  // existing weights
  std::int64_t parameters = 0;   // weights + biases
};

// How the sparse layers (input -> dendrites, dendrites -> somata) run. Both give the same results
// up to float rounding, with the same parameters and the same saved format; the choice is not
// part of the ModelSpec (a checkpoint rebuilds with the default).
//   sparse: only the existing connections are stored and computed (ops dendritic, somatic);
//   masked: the paper's reference computation, a dense layer on the full shape with the 0/1 mask
//           applied (ops masked_dendritic, masked_somatic), for comparison.
enum class SparseImpl { sparse, masked };
const char* sparse_impl_name(SparseImpl impl);          // "sparse" | "masked"
SparseImpl parse_sparse_impl(const std::string& name);  // throws Error naming the text

struct BuildOptions {
  SparseImpl impl = SparseImpl::sparse;
};

struct Model {
  ModelSpec spec;
  Graph graph;
  ValueId x = kNoValue;       // f32 [N, input_size]
  ValueId y = kNoValue;       // i32 [N]
  ValueId logits = kNoValue;  // f32 [N, classes]
  ValueId loss = kNoValue;    // f32 [], mean cross-entropy
  std::vector<LayerSummary> layers;
  std::int64_t parameter_count() const { return graph.num_parameter_elements(); }
};

Model build_model(const ModelSpec& spec, const BuildOptions& options = {});

// Model summary as a table (one row per layer, and the total), for printing before training.
std::string model_summary_table(const Model& model);
// The model in a run's summary: model, params, layers; for dendritic models dendrites, somata,
// synapses and the dendrite and soma activations; for dense layers their activations.
nlohmann::json model_summary_json(const Model& model);

}  // namespace dendrite
