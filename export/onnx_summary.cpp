#include "export/onnx_summary.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <onnx/shape_inference/implementation.h>

#include "export/onnx_schemas.h"
#include "export/onnx_tensor.h"

namespace dendrite {

namespace {

// Element counts come from the declared dims, which a malformed file may set to anything: they
// saturate at kMaxCount (a negative dim counts as 0), and so do their sums (add_count).
constexpr std::int64_t kMaxCount = std::int64_t{1} << 61;

std::int64_t element_count(const onnx::TensorProto& t) {
  std::int64_t n = 1;
  for (std::int64_t d : t.dims()) {
    if (d <= 0) return 0;
    n = n > kMaxCount / d ? kMaxCount : n * d;
  }
  return n;
}

void add_count(std::int64_t& total, std::int64_t n) { total = std::min(kMaxCount, total + n); }

std::string initializer_type(const onnx::TensorProto& t) {
  std::string dims;
  for (int i = 0; i < t.dims_size(); ++i) dims += (i ? ", " : "") + std::to_string(t.dims(i));
  return onnx_dtype_name(t.data_type()) + "[" + dims + "]";
}

std::string op_label(const onnx::NodeProto& n) {
  return n.domain().empty() || n.domain() == "ai.onnx" ? n.op_type() : n.domain() + "." + n.op_type();
}

// "name=value" for the attribute kinds nodes of dendrite files carry; "name=<type>" for others.
std::string attribute_text(const onnx::AttributeProto& a) {
  switch (a.type()) {
    case onnx::AttributeProto::FLOAT: return fmt::format("{}={:g}", a.name(), a.f());
    case onnx::AttributeProto::INT: return fmt::format("{}={}", a.name(), a.i());
    case onnx::AttributeProto::STRING: return fmt::format("{}={}", a.name(), a.s());
    default: return fmt::format("{}=<{}>", a.name(), onnx::AttributeProto::AttributeType_Name(a.type()));
  }
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

}  // namespace

OnnxSummary summarize_onnx(const onnx::ModelProto& model) {
  register_dendrite_onnx_schemas();
  onnx::ModelProto inferred = model;
  try {
    onnx::shape_inference::InferShapes(inferred);
  } catch (const std::exception&) {
    inferred = model;  // types of intermediates stay unknown ("?")
  }
  const onnx::GraphProto& g = inferred.graph();
  std::map<std::string, std::string> types;
  for (const auto* list : {&g.input(), &g.value_info(), &g.output()})
    for (const auto& vi : *list) types[vi.name()] = onnx_type_str(vi.type());
  std::map<std::string, const onnx::TensorProto*> init;
  for (const auto& t : g.initializer()) init[t.name()] = &t;

  OnnxSummary s;
  s.ir_version = model.ir_version();
  s.producer = model.producer_name() + (model.producer_version().empty() ? "" : " " + model.producer_version());
  for (const auto& o : model.opset_import()) s.opsets.push_back(fmt::format("{} {}", o.domain().empty() ? "ai.onnx" : o.domain(), o.version()));
  for (const auto& p : model.metadata_props()) s.metadata.emplace_back(p.key(), p.value());
  for (const auto& vi : g.input())
    if (!init.count(vi.name())) s.inputs.push_back(vi.name() + " " + onnx_type_str(vi.type()));
  for (const auto& vi : g.output()) s.outputs.push_back(vi.name() + " " + onnx_type_str(vi.type()));
  for (const auto& f : model.functions())
    s.functions.push_back(fmt::format("{}.{} ({} nodes)", f.domain(), f.name(), f.node_size()));
  for (const auto& [name, t] : init) {
    if (t->data_type() == onnx::TensorProto::FLOAT) add_count(s.parameters, element_count(*t));
    else add_count(s.index_elements, element_count(*t));
  }
  for (const auto& n : g.node()) {
    if (n.op_type() == "Constant" && n.domain().empty()) continue;
    OnnxNodeSummary row;
    row.name = n.name();
    row.op = op_label(n);
    for (const std::string& in : n.input()) {
      const auto it = init.find(in);
      if (it == init.end()) {
        const auto t = types.find(in);
        row.inputs.push_back(t == types.end() ? "?" : t->second);
        continue;
      }
      row.initializers.push_back(in + " " + initializer_type(*it->second));
      if (it->second->data_type() == onnx::TensorProto::FLOAT) add_count(row.parameters, element_count(*it->second));
      else add_count(row.index_elements, element_count(*it->second));
    }
    for (const std::string& out : n.output()) {
      const auto t = types.find(out);
      row.outputs.push_back(t == types.end() ? "?" : t->second);
    }
    for (const auto& a : n.attribute()) row.attributes.push_back(attribute_text(a));
    s.nodes.push_back(std::move(row));
  }
  return s;
}

std::string format_onnx_summary(const OnnxSummary& s) {
  std::string out = fmt::format("ir_version {}, opsets {}, producer {}\n", s.ir_version, join(s.opsets, ", "),
                                s.producer.empty() ? "?" : s.producer);
  if (!s.metadata.empty()) {
    out += "metadata:\n";
    std::size_t width = 0;
    for (const auto& [k, v] : s.metadata) width = std::max(width, k.size());
    for (const auto& [k, v] : s.metadata) out += fmt::format("  {:<{}}  {}\n", k, width, v);
  }
  out += fmt::format("inputs:    {}\noutputs:   {}\n", join(s.inputs, ", "), join(s.outputs, ", "));
  if (!s.functions.empty()) out += fmt::format("functions: {}\n", join(s.functions, ", "));
  out += fmt::format("\n{:<28} {:<24} {:<44} {:>10}\n", "node", "op", "inputs -> outputs", "parameters");
  for (const OnnxNodeSummary& n : s.nodes) {
    const std::string flow = join(n.inputs, ", ") + " -> " + join(n.outputs, ", ");
    out += fmt::format("{:<28} {:<24} {:<44} {:>10}\n", n.name, n.op, flow, n.parameters);
    if (!n.initializers.empty()) out += fmt::format("{:<28}   {}\n", "", join(n.initializers, ", "));
    if (!n.attributes.empty()) out += fmt::format("{:<28}   {}\n", "", join(n.attributes, ", "));
  }
  out += fmt::format("{:<98} {:>10}\n", "total trainable parameters", s.parameters);
  if (s.index_elements) out += fmt::format("{:<98} {:>10}\n", "connectivity index elements", s.index_elements);
  return out;
}

}  // namespace dendrite
