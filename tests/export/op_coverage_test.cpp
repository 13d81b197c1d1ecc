// Every registered op (DENDRITE_OP_LIST, ops/registry.h) is complete: it has rows in the op test
// table (tests/ops/op_cases.cpp), which compare its optimized kernel with its reference kernel,
// at least one of them with a finite-difference gradient check, and the export list
// (DENDRITE_ONNX_EXPORT_LIST, export/onnx_op_list.h) says how it is exported or marks it
// NOT_EXPORTED. The lists name no op that is not registered, and each custom entry has its spec
// in DENDRITE_CUSTOM_OP_LIST with the graph op's inputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "export/onnx_op_mapping.h"
#include "export/specs/custom_op_list.h"
#include "ops/op.h"
#include "tests/ops/op_cases.h"

namespace dendrite {
namespace {

bool registered(const std::string& op) {
  const std::vector<std::string> ops = op_names();
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

bool marked_not_exported(const std::string& op) {
  const auto& ops = onnx_unexported_ops();
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

class EveryOp : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryOp, HasKernelVsReferenceRows) {
  const std::string& op = GetParam();
  const auto& cases = test::op_cases();
  const auto rows = std::count_if(cases.begin(), cases.end(), [&](const test::OpCase& c) { return c.op == op; });
  EXPECT_GT(rows, 0) << "op '" << op << "' has no row in the op test table (tests/ops/op_cases.cpp)";
}

TEST_P(EveryOp, HasGradientCheckRow) {
  const std::string& op = GetParam();
  const auto& cases = test::op_cases();
  const bool checked =
      std::any_of(cases.begin(), cases.end(), [&](const test::OpCase& c) { return c.op == op && c.gradcheck; });
  EXPECT_TRUE(checked) << "op '" << op << "' has no op-table row with a gradient check (tests/ops/op_cases.cpp)";
}

TEST_P(EveryOp, HasOneExportEntry) {
  const std::string& op = GetParam();
  const bool mapped = find_onnx_mapping(op) != nullptr;
  EXPECT_TRUE(mapped || marked_not_exported(op))
      << "op '" << op << "' has no entry in DENDRITE_ONNX_EXPORT_LIST (export/onnx_op_list.h); add its "
         "emission or mark it NOT_EXPORTED";
  EXPECT_FALSE(mapped && marked_not_exported(op)) << "op '" << op << "' is both exported and NOT_EXPORTED";
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryOp, ::testing::ValuesIn(op_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(ExportList, NamesRegisteredOpsOnce) {
  std::vector<std::string> named = onnx_unexported_ops();
  for (const OnnxOpMapping& m : onnx_mappings()) named.push_back(m.op);
  for (const std::string& op : named) EXPECT_TRUE(registered(op)) << "export list names unregistered op '" << op << "'";
  std::sort(named.begin(), named.end());
  EXPECT_EQ(std::adjacent_find(named.begin(), named.end()), named.end()) << "an op is named twice";
}

TEST(ExportList, SameAsNamesAnExportedOp) {
  for (const OnnxOpMapping& m : onnx_mappings()) {
    if (m.same_as.empty()) continue;
    const OnnxOpMapping* other = find_onnx_mapping(m.same_as);
    ASSERT_NE(other, nullptr) << m.op;
    EXPECT_TRUE(other->same_as.empty()) << m.op << " is SAME_AS an op that is itself SAME_AS another";
    EXPECT_EQ(find_op(m.op).num_inputs, find_op(m.same_as).num_inputs) << m.op;
  }
}

TEST(ExportList, CustomEntriesHaveListedSpecsWithTheOpsInputs) {
  int custom = 0;
  for (const OnnxOpMapping& m : onnx_mappings()) {
    if (m.custom == nullptr) continue;
    ++custom;
    EXPECT_EQ(find_custom_op_spec(m.custom->name), m.custom) << m.op << ": spec not in DENDRITE_CUSTOM_OP_LIST";
    EXPECT_EQ(static_cast<std::size_t>(find_op(m.op).num_inputs), m.custom->inputs.size()) << m.op;
  }
  EXPECT_EQ(custom, 4);  // dendritic, somatic and their masked forms
}

TEST(CustomOpList, NamesAreUniqueAndEverySpecIsWhole) {
  std::vector<std::string> names;
  for (const CustomOpSpec* spec : custom_op_specs()) {
    names.push_back(spec->name);
    EXPECT_EQ(spec->inputs.size(), spec->shape.inputs.size()) << spec->name;
    EXPECT_FALSE(spec->shape.output.empty()) << spec->name;
    EXPECT_NE(spec->function_body, nullptr) << spec->name;
  }
  EXPECT_EQ(custom_op_names(), "Dendritic, Somatic, DendriticLayer");
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

}  // namespace
}  // namespace dendrite
