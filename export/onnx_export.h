// ONNX export of dendrite models (opset 17, IR version 8, custom domain ai.dendrite version 1).
//
//   Model model = load_model("run/checkpoint.ckpt");
//   onnx::ModelProto proto = export_model(model, ExportInfo{"mnist", 0.9731});
//   check_onnx_model(proto);              // ONNX checker + strict shape inference; throws Error
//   save_onnx(proto, "model.onnx");       // atomic
//
// The exported graph: input "x" float[N, n_in] (N symbolic), outputs "logits" float[N, classes]
// and "probabilities" = Softmax(logits, axis 1). Every parameter and constant of the model is an
// initializer under its graph value name ("layer0.dendrites.weight", "layer0.dendrites.row_ptr",
// ...); intermediate values carry the names of the graph nodes that produce them, with their
// shapes in value_info. Ops map as the export list onnx_op_list.h says: dense -> Gemm, activations
// -> their ONNX ops, dropout -> nothing, normalize (the input stage) -> Sub and Div, dendritic /
// somatic (and their masked forms) -> ai.dendrite Dendritic / Somatic (export/specs), each with a
// model-local function body of standard ops (onnx_functions.h); a whole dANN layer with rectifier
// activations -> ai.dendrite DendriticLayer (ExportOptions::fuse_layers), named after the layer
// ("layer0"). Nodes that do not lead to the logits (the loss) are not exported. metadata_props:
// see onnx_metadata.h.
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "export/onnx_metadata.h"
#include "framework/model/model.h"

namespace dendrite {

struct ExportOptions {
  // Write each dANN layer the fused kernel computes (framework/graph/layer_chain.h) as one
  // ai.dendrite::DendriticLayer node; false: as its four nodes, Dendritic, an activation,
  // Somatic, an activation (the files of earlier versions).
  bool fuse_layers = true;
};

// Throws Error naming the node for an op without an ONNX form or attributes it cannot express.
onnx::ModelProto export_model(const Model& model, const ExportInfo& info = {}, const ExportOptions& options = {});

// Checks like `onnx.checker.check_model` followed by `infer_shapes(strict_mode=True)`, with the
// ai.dendrite schemas registered; then checks that inference reproduces every exported value_info
// and that "logits" comes out as float[N, classes]. Throws Error with ONNX's message.
void check_onnx_model(const onnx::ModelProto& model);

// Serialises to `path` atomically and durably (write_file_atomic); errors name the path.
void save_onnx(const onnx::ModelProto& model, const std::string& path);
// Parses an ONNX file; throws Error naming the file when it is missing, empty or not a valid
// ModelProto (truncated, garbage).
onnx::ModelProto read_onnx(const std::string& path);

}  // namespace dendrite
