// The ONNX corpus (tests/corpus/onnx) through the real tool: `dendrite train --init` (the
// importer), `dendrite run` (the checks of check_onnx_before_running, then ONNX Runtime with the
// dendrite plugin, or its function bodies with --no-plugin) and `dendrite inspect` (the ONNX
// checker, then the same value checks). Files that one reader accepts by design are listed with
// that reader's answer.
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

const std::string kTestData = " --test-images {corpus}/data/test-images.idx --test-labels {corpus}/data/test-labels.idx";

ToolCase init(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/onnx/" + file;
  expected.insert(expected.begin(), path);
  return {"Init" + name, train_command(data_args() + " --init " + path, "init-" + name), 1, expected};
}

ToolCase run(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/onnx/" + file;
  expected.insert(expected.begin(), path);
  return {"Run" + name, "{dendrite} run " + path + kTestData, 1, expected};
}

ToolCase run_no_plugin(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  ToolCase c = run(name, file, std::move(expected));
  c.name = "RunNoPlugin" + name;
  c.command += " --no-plugin";
  return c;
}

// The start of every message about a dendritic layer's CSR initializers.
const std::string kCsr = "initializers 'layer0.dendrites.row_ptr' and 'layer0.dendrites.col' of node 'layer0.dendrites' "
                         "are not a valid connectivity";

ToolCase inspect(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/onnx/" + file;
  expected.insert(expected.begin(), path);
  return {"Inspect" + name, "{dendrite} inspect " + path, 1, expected, /*one_line=*/false};
}

const std::vector<ToolCase> kOnnxCases = {
    init("Truncated", "truncated.onnx", {"is not a valid ONNX model (truncated or corrupt; 2598 bytes)"}),
    run("Truncated", "truncated.onnx", {"is not a valid ONNX model (truncated or corrupt; 2598 bytes)"}),
    inspect("Truncated", "truncated.onnx", {"is not a valid ONNX model"}),
    init("Empty", "empty.onnx", {"is empty, not an ONNX model"}),
    init("Garbage", "garbage.onnx", {"is not a valid ONNX model"}),
    init("MissingInitializer", "missing-initializer.onnx", {"no initializer 'output.weight'", "needs f32[4, 4]"}),
    run("MissingInitializer", "missing-initializer.onnx", {"no initializer 'output.weight'", "needs f32[4, 4]"}),
    inspect("MissingInitializer", "missing-initializer.onnx", {"check: FAILED", "output.weight"}),
    init("WrongInputShape", "wrong-input-shape.onnx", {"graph input 'x' is float[N, 10]", "expects float[N, 64]"}),
    run("WrongInputShape", "wrong-input-shape.onnx", {"graph input 'x' is float[N, 10]", "expects float[N, 64]"}),
    init("IndexOutOfRange", "index-out-of-range.onnx",
         {"'layer0.dendrites.col'", "not a valid connectivity", "input 9999, outside [0, 64)"}),
    run("IndexOutOfRange", "index-out-of-range.onnx",
        {"'layer0.dendrites.col'", "not a valid connectivity", "input 9999, outside [0, 64)"}),
    init("RowPtrWrongLength", "row-ptr-wrong-length.onnx", {"'layer0.dendrites.row_ptr' is i32[8]", "needs i32[9]"}),
    run("RowPtrWrongLength", "row-ptr-wrong-length.onnx", {"'layer0.dendrites.row_ptr' is i32[8]", "needs i32[9]"}),
    init("DoubleInitializer", "double-initializer.onnx", {"initializer 'output.bias'", "type double is not supported"}),
    run("DoubleInitializer", "double-initializer.onnx", {"initializer 'output.bias'", "type double is not supported"}),
    run("AttributeOfTheWrongType", "attribute-wrong-type.onnx", {"Mismatched attribute type", "axis", "Expected: 'INT'"}),
    inspect("AttributeOfTheWrongType", "attribute-wrong-type.onnx", {"check: FAILED", "Mismatched attribute type"}),
    init("AttributeOnCustomNode", "attribute-on-custom-node.onnx", {"has an attribute 'k'; the op takes none"}),
    inspect("AttributeOnCustomNode", "attribute-on-custom-node.onnx", {"Unrecognized attribute: k"}),
    init("UnknownCustomOp", "unknown-custom-op.onnx", {"unknown op type ai.dendrite.Axonal (known: Dendritic, Somatic, DendriticLayer)"}),
    run("UnknownCustomOp", "unknown-custom-op.onnx", {"unknown op type ai.dendrite.Axonal (known: Dendritic, Somatic, DendriticLayer)"}),
    init("NoModelSpec", "no-model-spec.onnx", {"has no 'dendrite.model_spec' metadata"}),
    init("BadModelSpec", "bad-model-spec.onnx", {"metadata 'dendrite.model_spec'", "somata (S) must be positive, got 0"}),
    init("HugeModelSpec", "huge-model-spec.onnx",
         {"describes a model of at least 17825796 parameters", "hold only 72 values"}),
    // Found by fuzz_onnx_import: dims whose product overflows (inspect multiplied them unchecked).
    init("DimsProductOverflows", "huge-dims.onnx",
         {"initializer 'output.bias'", "shape [2147483648, 2147483648, 2147483648] has too many elements"}),
    run("DimsProductOverflows", "huge-dims.onnx",
        {"initializer 'output.bias'", "shape [2147483648, 2147483648, 2147483648] has too many elements"}),
    inspect("DimsProductOverflows", "huge-dims.onnx", {"output.bias float[2147483648, 2147483648, 2147483648]",
                                                       "check: FAILED"}),
    // Dims asking for 4 TB in a 4 KB file: refused before anything is allocated.
    init("TerabyteDims", "terabyte-dims.onnx",
         {"initializer 'output.bias'", "float[1048576, 1048576] needs 4398046511104 bytes, the file holds 16"}),
    run("TerabyteDims", "terabyte-dims.onnx", {"initializer 'output.bias'", "needs 4398046511104 bytes, the file holds 16"}),
    {"RunMissingFile", "{dendrite} run {corpus}/onnx/no-such.onnx" + kTestData, 2, {"{corpus}/onnx/no-such.onnx"}},
    // Values ONNX Runtime does not look at: checked by `run` (with and without the plugin), by
    // `train --init` and by `inspect`, in files exported by dendrite and in others alike.
    run("NegativeColumn", "negative-col.onnx", {kCsr, "unit 0 reads input -3, outside [0, 64)"}),
    run_no_plugin("NegativeColumn", "negative-col.onnx", {kCsr, "unit 0 reads input -3, outside [0, 64)"}),
    init("NegativeColumn", "negative-col.onnx", {kCsr, "unit 0 reads input -3, outside [0, 64)"}),
    inspect("NegativeColumn", "negative-col.onnx", {"check: FAILED", "unit 0 reads input -3"}),
    run("DecreasingRowPointer", "decreasing-row-ptr.onnx", {kCsr, "row_ptr[1..2] = [4, 2] is not ordered"}),
    run_no_plugin("DecreasingRowPointer", "decreasing-row-ptr.onnx", {kCsr, "row_ptr[1..2] = [4, 2] is not ordered"}),
    init("DecreasingRowPointer", "decreasing-row-ptr.onnx", {kCsr, "row_ptr[1..2] = [4, 2] is not ordered"}),
    run("NanWeight", "nan-weight.onnx", {"initializer 'layer0.dendrites.weight' holds nan at index 2; weights must be finite"}),
    run_no_plugin("NanWeight", "nan-weight.onnx", {"initializer 'layer0.dendrites.weight' holds nan at index 2"}),
    init("NanWeight", "nan-weight.onnx", {"initializer 'layer0.dendrites.weight' holds nan at index 2"}),
    inspect("NanWeight", "nan-weight.onnx", {"check: FAILED", "'layer0.dendrites.weight' holds nan at index 2"}),
    run_no_plugin("InfBias", "inf-bias.onnx", {"initializer 'output.bias' holds inf at index 1; weights must be finite"}),
    init("InfBias", "inf-bias.onnx", {"initializer 'output.bias' holds inf at index 1"}),
    run_no_plugin("ForeignNegativeColumn", "foreign-negative-col.onnx", {kCsr, "unit 0 reads input -3, outside [0, 64)"}),
    run("ForeignNegativeColumn", "foreign-negative-col.onnx", {kCsr, "unit 0 reads input -3, outside [0, 64)"}),
    run_no_plugin("ForeignDecreasingRowPointer", "foreign-decreasing-row-ptr.onnx", {kCsr, "is not ordered"}),
    run_no_plugin("ForeignNanWeight", "foreign-nan-weight.onnx", {"initializer 'layer0.dendrites.weight' holds nan at index 2"}),
    inspect("ForeignNanWeight", "foreign-nan-weight.onnx", {"check: FAILED", "'layer0.dendrites.weight' holds nan"}),
    inspect("MissingFile", "no-such.onnx", {"cannot read", "No such file"}),
};

INSTANTIATE_TEST_SUITE_P(Onnx, ToolCaseTest, ::testing::ValuesIn(kOnnxCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
