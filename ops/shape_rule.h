// A layer's shape rule, written once and evaluated by every side that checks shapes: the graph's
// shape inference (the op's `infer`, ops/<op>.cpp), ONNX shape inference of its ai.dendrite form
// (export/onnx_schemas.cpp) and the ONNX Runtime plugin's kernel (export/plugin). Header-only and
// free of graph, ONNX and ORT types, so the plugin, which links none of them, includes it too.
//
// A rule lists its inputs (name, rank, kind), says which input dimension each output dimension
// copies (so a symbolic batch stays symbolic), and checks how the input dimensions must agree.
// Each side fills ShapeArgs with what it knows (a dimension may be unknown: the graph's batch, an
// ONNX symbol) in its own names and shape notation; the messages are the same words everywhere:
//
//   ShapeArgs args({{"X", true, {4, 12}, "[4, 12]"}, {"W", true, {4, 2}, "[4, 2]"}, {"B", true, {4}, "[4]"}});
//   std::string problem = shape_error(kSomaticShape, args);
//   //   "X [4, 12] must have S * D = 4 * 2 = 8 columns for W [4, 2]"  ("" when the shapes agree)
//   std::vector<std::int64_t> y = output_dims(kSomaticShape, args);     // {4, 4}
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "framework/core/const_list.h"

namespace dendrite {

// A dimension nobody knows yet (the graph's kBatch has the same value).
inline constexpr std::int64_t kUnknownDim = -1;

inline bool dim_known(std::int64_t d) { return d >= 0; }
// Two dimensions that must be equal: they agree unless both are known and differ.
inline bool dims_agree(std::int64_t a, std::int64_t b) { return a == b || !dim_known(a) || !dim_known(b); }
// a * b, or kUnknownDim when either is unknown or the product does not fit in int64.
inline std::int64_t dims_product(std::int64_t a, std::int64_t b) {
  if (!dim_known(a) || !dim_known(b)) return kUnknownDim;
  if (a != 0 && b > std::numeric_limits<std::int64_t>::max() / a) return kUnknownDim;
  return a * b;
}

// What an input holds: values (float) or indices (int32 in the graph; int32 or int64 in ONNX).
enum class InputKind { values, index };

// One input of a rule, as the graph op names it.
struct RuleInput {
  const char* name;
  int rank;
  InputKind kind;
};

// Output dimension: a copy of dimension `axis` of input `input`.
struct DimRef {
  std::size_t input;
  std::size_t axis;
};

// "[4, 12]"; "?" for an unknown dimension.
inline std::string dims_text(const std::vector<std::int64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i)
    s += (i ? ", " : "") + (dim_known(dims[i]) ? std::to_string(dims[i]) : std::string("?"));
  return s + "]";
}

// One input as a side sees it: its name there, whether its rank is known (an ONNX value may have
// no shape at all), its dimensions (kUnknownDim where not known) and how messages print them
// (empty: dims_text, made only when a message needs it).
struct ShapeInput {
  std::string name;
  bool has_shape = true;
  std::vector<std::int64_t> dims;
  std::string shape;  // "[N, 12]", "f32[N, 12]", or "" for dims_text
};

class ShapeArgs {
 public:
  explicit ShapeArgs(std::vector<ShapeInput> inputs) : inputs_(std::move(inputs)) {}

  std::size_t size() const { return inputs_.size(); }
  const ShapeInput& input(std::size_t i) const { return inputs_.at(i); }
  // Dimension `axis` of input i; kUnknownDim when that input's shape or dimension is not known.
  std::int64_t dim(std::size_t i, std::size_t axis) const {
    const ShapeInput& in = inputs_.at(i);
    return in.has_shape && axis < in.dims.size() && dim_known(in.dims[axis]) ? in.dims[axis] : kUnknownDim;
  }
  // The input's shape as messages show it ("[4, 2]"), and the input: "W [4, 2]".
  std::string shape(std::size_t i) const {
    const ShapeInput& in = inputs_.at(i);
    return in.shape.empty() ? dims_text(in.dims) : in.shape;
  }
  std::string text(std::size_t i) const { return inputs_.at(i).name + " " + shape(i); }

 private:
  std::vector<ShapeInput> inputs_;
};

struct ShapeRule {
  ConstList<RuleInput> inputs;
  ConstList<DimRef> output;
  // "" when the dimensions agree, else the problem (without the op's name, which the side adds).
  // Called only when every input with a known shape has its rank; unknown dimensions agree with
  // anything.
  std::string (*check)(const ShapeArgs& in);
};

// The ranks, then the rule's check: "" or the first problem.
inline std::string shape_error(const ShapeRule& rule, const ShapeArgs& args) {
  if (args.size() != rule.inputs.size())
    return fmt::format("expected {} inputs, got {}", rule.inputs.size(), args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const ShapeInput& in = args.input(i);
    const auto rank = static_cast<std::size_t>(rule.inputs[i].rank);
    if (in.has_shape && in.dims.size() != rank)
      return fmt::format("input {} must have rank {}, got shape {}", in.name, rank, args.shape(i));
  }
  return rule.check(args);
}

// The output's dimensions (kUnknownDim where the input dimension it copies is unknown).
inline std::vector<std::int64_t> output_dims(const ShapeRule& rule, const ShapeArgs& args) {
  std::vector<std::int64_t> dims;
  for (const DimRef& ref : rule.output) dims.push_back(args.dim(ref.input, ref.axis));
  return dims;
}

}  // namespace dendrite
