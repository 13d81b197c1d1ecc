// The model corpus through the real tool: JSON model descriptions (tests/corpus/model, read by
// `dendrite train --model-file`) and checkpoints (tests/corpus/checkpoint, read by `dendrite
// export` and `dendrite train --resume`). Every case exits with 1 and one line naming the file,
// the field or offset, and what was expected.
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

ToolCase model(const std::string& name, const std::string& file, std::vector<std::string> expected,
               const std::string& data = data_args()) {
  const std::string path = "{corpus}/model/" + file;
  expected.insert(expected.begin(), path);
  return {name, train_command(data + " --model-file " + path, "model-" + name), 1, expected};
}

const std::vector<ToolCase> kModelCases = {
    model("UnknownActivation", "unknown-activation.json",
          {"layers[0]", "field 'activation'", "unknown activation kind 'swish'", "known kinds: relu"}),
    model("NegativeActivationParameter", "bad-activation-parameter.json",
          {"field 'dendrite_activation'", "'-2' is not a non-negative number"}),
    model("UnknownLayerType", "unknown-layer-type.json", {"layer 0", "unknown layer type 'convolution'", "known: dense, dendritic"}),
    model("UnknownInputConnectivity", "unknown-input-connectivity.json",
          {"unknown input_connectivity 'spiral'", "known: random, random_k, lrf, grf"}),
    model("UnknownSomaConnectivity", "unknown-soma-connectivity.json",
          {"unknown soma_connectivity 'ring'", "known: block, random, dense"}),
    model("KLargerThanTheInput", "k-larger-than-input.json",
          {"layer 0: 65 synapses per dendrite, but its input has 64 values (8x8x1)"}),
    model("ReceptiveFieldLargerThanTheImage", "rf-k-larger-than-image.json",
          {"layer 0: 100 synapses per dendrite, but its 8x8x1 input has 64 pixels"}),
    model("ZeroDendrites", "zero-dendrites.json", {"dendrites (D) must be positive, got 0"}),
    model("ZeroSomata", "zero-somata.json", {"somata (S) must be positive, got 0"}),
    model("ZeroSynapses", "zero-synapses.json", {"synapses (k) must be positive, got 0"}),
    model("GrfOnInputThatIsNotAnImage", "grf-on-flat-input.json",
          {"layer 0: grf connectivity needs a 2-D image input, got 64x1x1"}, flat_data_args()),
    model("UnitsIsAString", "units-is-a-string.json", {"field 'units' must be an integer, got string \"eight\""}),
    model("UnitsIsFractional", "units-is-fractional.json", {"field 'units' must be an integer, got number 8.5"}),
    model("SomataIsAHugeFloat", "somata-is-huge-float.json", {"field 'somata' must be an integer, got number 1e+300"}),
    model("NegativeDropout", "negative-dropout.json", {"dropout must be in [0, 1), got -0.5"}),
    model("LayersIsNotAList", "layers-not-a-list.json", {"missing array field 'layers'"}),
    model("MissingLayerType", "missing-layer-type.json", {"layers[0]: missing field 'type'"}),
    model("TopLevelArray", "top-level-array.json", {"expected a JSON object, got array"}),
    model("NegativeSeed", "seed-negative.json", {"field 'seed' must be a non-negative integer, got number -3"}),
    model("HugeModel", "huge-model.json", {"units = 1099511627776 exceeds the limit 2147483647"}),
    model("InvalidJson", "invalid-json.json", {"invalid JSON at byte 43", "expected string literal"}),
    model("NumberBeyondDoubleRange", "number-overflow.json", {"invalid JSON", "number overflow parsing '50e55555555'"}),
    model("EmptyFile", "empty.json", {"invalid JSON at byte 1", "unexpected end of input"}),
    model("MissingFile", "no-such-model.json", {"cannot open model description", "No such file"}),
    model("DirectoryInsteadOfFile", "", {"is a directory, not a file"}),
};

INSTANTIATE_TEST_SUITE_P(ModelDescription, ToolCaseTest, ::testing::ValuesIn(kModelCases), tool_case_name);

ToolCase exported(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/checkpoint/" + file;
  expected.insert(expected.begin(), path);
  return {name, "{dendrite} export " + path + " -o {tmp}/export-" + name + ".onnx", 1, expected};
}

ToolCase resumed(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/checkpoint/" + file;
  expected.insert(expected.begin(), path);
  return {name,
          "{dendrite} train" + data_args() + " --resume " + path + " --epochs 2 --no-progress --out {tmp}/resume-" + name,
          1, expected};
}

const std::vector<ToolCase> kCheckpointCases = {
    exported("Empty", "empty.ckpt", {"the file is empty"}),
    exported("TruncatedPrefix", "truncated-prefix.ckpt", {"truncated: 15 bytes, less than the 24-byte minimum"}),
    exported("TruncatedData", "truncated-data.ckpt",
             {"truncated", "6864 data bytes at offset 2176", "only 4522 bytes", "checksum does not match either"}),
    exported("TrailingBytes", "trailing-bytes.ckpt", {"8 unexpected bytes after the data section"}),
    exported("BadChecksum", "bad-checksum.ckpt", {"checksum mismatch", "stored at offset 9040"}),
    exported("BadMagic", "bad-magic.ckpt", {"bad magic at offset 0", "expected \"DNDRCKPT\""}),
    exported("BadVersion", "bad-version.ckpt", {"unsupported format version 7 at offset 8", "supported versions: 1"}),
    exported("HeaderLengthPastTheEnd", "header-length-past-end.ckpt",
             {"header length 1099511627776 at offset 12", "runs past the end of the file (9044 bytes)"}),
    exported("MalformedJsonHeader", "malformed-json.ckpt", {"malformed JSON header near file offset"}),
    exported("NumberBeyondDoubleRange", "number-overflow.ckpt",
             {"malformed JSON header (offsets 20 to", "number overflow parsing '9e9999'"}),
    exported("NbytesDisagreesWithShape", "nbytes-mismatch.ckpt",
             {"tensor table entry 0 ('layer0.weight')", "nbytes 2052 does not match shape [8, 64] of f32 (2048 bytes)"}),
    exported("MisalignedOffset", "misaligned-offset.ckpt",
             {"tensor table entry 1 ('layer0.bias')", "offset 2052 is not a multiple of 64"}),
    exported("UnknownDtype", "unknown-dtype.ckpt", {"unknown dtype \"f16\" (known: f32, i32)"}),
    exported("NegativeShape", "negative-shape.ckpt", {"shape[0] = -1 is negative"}),
    exported("MissingTensor", "missing-tensor.ckpt", {"no tensor 'output.weight' for the model 'mlp'"}),
    exported("TransposedTensor", "transposed-tensor.ckpt", {"tensor 'output.weight' is f32[8, 4], the model needs f32[4, 8]"}),
    exported("NoModel", "no-model.ckpt", {"holds no model description"}),
    exported("BadModelSpec", "bad-model-spec.ckpt", {"field 'activation'", "unknown activation kind 'swish'"}),
    exported("MetaIsNotAnObject", "meta-not-an-object.ckpt", {"holds no model description"}),
    exported("MissingFile", "no-such.ckpt", {"cannot open checkpoint", "No such file"}),
    exported("DirectoryInsteadOfFile", "", {"is a directory, not a file"}),
    resumed("ResumeBadTrainingState", "bad-training-state.ckpt",
            {"training state field 'epoch' must be a non-negative integer, got \"one\""}),
    resumed("ResumeMetaIsNotAnObject", "meta-not-an-object.ckpt", {"holds no model description"}),
    resumed("ResumeBadChecksum", "bad-checksum.ckpt", {"checksum mismatch"}),
};

INSTANTIATE_TEST_SUITE_P(Checkpoint, ToolCaseTest, ::testing::ValuesIn(kCheckpointCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
