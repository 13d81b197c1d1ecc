// The ONNX corpus (tests/corpus/onnx) through the real tool: `dendrite train --init` (the
// importer), `dendrite run` (ONNX Runtime with the dendrite plugin) and `dendrite inspect` (the
// ONNX checker). Files that one reader accepts by design are listed with that reader's answer.
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

ToolCase inspect(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/onnx/" + file;
  expected.insert(expected.begin(), path);
  return {"Inspect" + name, "{dendrite} inspect " + path, 1, expected, /*one_line=*/false};
}

const std::vector<ToolCase> kOnnxCases = {
    init("Truncated", "truncated.onnx", {"is not a valid ONNX model (truncated or corrupt; 2598 bytes)"}),
    run("Truncated", "truncated.onnx", {"cannot load", "Protobuf parsing failed"}),
    inspect("Truncated", "truncated.onnx", {"is not a valid ONNX model"}),
    init("Empty", "empty.onnx", {"is empty, not an ONNX model"}),
    init("Garbage", "garbage.onnx", {"is not a valid ONNX model"}),
    init("MissingInitializer", "missing-initializer.onnx", {"no initializer 'output.weight'", "needs f32[4, 4]"}),
    run("MissingInitializer", "missing-initializer.onnx", {"'output.weight' is not a graph input, initializer"}),
    inspect("MissingInitializer", "missing-initializer.onnx", {"check: FAILED", "output.weight"}),
    init("WrongInputShape", "wrong-input-shape.onnx", {"graph input 'x' is float[N, 10]", "expects float[N, 64]"}),
    run("WrongInputShape", "wrong-input-shape.onnx", {"takes 10 features per sample", "{corpus}/data/test-images.idx' has 64"}),
    init("IndexOutOfRange", "index-out-of-range.onnx",
         {"'layer0.dendrites.col'", "not a valid connectivity", "input 9999, outside [0, 64)"}),
    run("IndexOutOfRange", "index-out-of-range.onnx", {"col[1] = 9999 is not an input index in [0, 64)"}),
    init("RowPtrWrongLength", "row-ptr-wrong-length.onnx", {"'layer0.dendrites.row_ptr' is i32[8]", "needs i32[9]"}),
    run("RowPtrWrongLength", "row-ptr-wrong-length.onnx", {"indptr [8] must have n_out + 1 = 9 entries"}),
    init("DoubleInitializer", "double-initializer.onnx", {"initializer 'output.bias'", "type double is not supported"}),
    run("DoubleInitializer", "double-initializer.onnx", {"bound to different types"}),
    run("AttributeOfTheWrongType", "attribute-wrong-type.onnx", {"Mismatched attribute type", "axis", "Expected: 'INT'"}),
    inspect("AttributeOfTheWrongType", "attribute-wrong-type.onnx", {"check: FAILED", "Mismatched attribute type"}),
    init("AttributeOnCustomNode", "attribute-on-custom-node.onnx", {"has an attribute 'k'; the op takes none"}),
    inspect("AttributeOnCustomNode", "attribute-on-custom-node.onnx", {"Unrecognized attribute: k"}),
    init("UnknownCustomOp", "unknown-custom-op.onnx", {"unknown op type ai.dendrite.Axonal (known: Dendritic, Somatic, DendriticLayer)"}),
    run("UnknownCustomOp", "unknown-custom-op.onnx", {"ai.dendrite:Axonal(-1) is not a registered function/op"}),
    init("NoModelSpec", "no-model-spec.onnx", {"has no 'dendrite.model_spec' metadata"}),
    init("BadModelSpec", "bad-model-spec.onnx", {"metadata 'dendrite.model_spec'", "somata (S) must be positive, got 0"}),
    init("HugeModelSpec", "huge-model-spec.onnx",
         {"describes a model of at least 17825796 parameters", "hold only 72 values"}),
    // Found by fuzz_onnx_import: dims whose product overflows (inspect multiplied them unchecked).
    init("DimsProductOverflows", "huge-dims.onnx",
         {"initializer 'output.bias'", "shape [2147483648, 2147483648, 2147483648] has too many elements"}),
    run("DimsProductOverflows", "huge-dims.onnx", {"cannot load", "Integer overflow"}),
    inspect("DimsProductOverflows", "huge-dims.onnx", {"output.bias float[2147483648, 2147483648, 2147483648]",
                                                       "check: FAILED"}),
    // Dims asking for 4 TB in a 4 KB file: refused before anything is allocated.
    init("TerabyteDims", "terabyte-dims.onnx",
         {"initializer 'output.bias'", "float[1048576, 1048576] needs 4398046511104 bytes, the file holds 16"}),
    run("TerabyteDims", "terabyte-dims.onnx", {"cannot load", "exceeds the 2147483648 byte limit"}),
    {"RunMissingFile", "{dendrite} run {corpus}/onnx/no-such.onnx" + kTestData, 2, {"{corpus}/onnx/no-such.onnx"}},
    inspect("MissingFile", "no-such.onnx", {"cannot read", "No such file"}),
};

INSTANTIATE_TEST_SUITE_P(Onnx, ToolCaseTest, ::testing::ValuesIn(kOnnxCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
