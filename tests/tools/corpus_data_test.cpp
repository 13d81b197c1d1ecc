// The data corpus (tests/corpus/idx, tests/corpus/fashion) through the real programs: `dendrite
// train` on malformed IDX files, and third_party/fashion_to_idx.py on malformed Fashion-MNIST
// JSON. Every case exits with 1 and one line naming the file, the offset or field, and what was
// expected.
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

ToolCase images(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/idx/" + file;
  expected.insert(expected.begin(), path);
  return {name, train_command(data_args(path), "idx-" + name), 1, expected};
}

ToolCase test_images(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/idx/" + file;
  expected.insert(expected.begin(), path);
  return {name, train_command(data_args("", "", path), "idx-" + name), 1, expected};
}

ToolCase labels(const std::string& name, const std::string& file, std::vector<std::string> expected,
                bool test_set = false) {
  const std::string path = "{corpus}/idx/" + file;
  expected.insert(expected.begin(), path);
  const std::string args = test_set ? data_args("", "", "", path) : data_args("", path);
  return {name, train_command(args, "idx-" + name), 1, expected};
}

const std::vector<ToolCase> kIdxCases = {
    images("WrongMagic", "wrong-magic.idx", {"bytes 0-1 are 0x01 0x02", "expected 0x00 0x00"}),
    images("GzipFile", "gzip.idx", {"bytes 0-1 are 0x1f 0x8b", "gzip file: decompress it first"}),
    images("UnknownTypeByte", "unknown-type.idx", {"type byte 0x07 at byte 2", "expected 0x08 u8"}),
    images("ZeroDimensions", "zero-dims.idx", {"0 dimensions at byte 3", "expected 1 to 8"}),
    images("NineDimensions", "nine-dims.idx", {"9 dimensions at byte 3", "expected 1 to 8"}),
    images("ZeroDimension", "zero-dimension.idx", {"dimension 1 (bytes 8-11) equal to 0", "must be >= 1"}),
    images("DimsLongerThanFile", "dims-longer-than-file.idx",
           {"shape [11, 8, 8]", "needs 704 data bytes", "has 640 (truncated)"}),
    images("TrailingBytes", "trailing-bytes.idx", {"needs 640 data bytes", "has 647 (trailing bytes"}),
    images("OverflowingDims", "overflowing-dims.idx", {"[4294967295, 4294967295", "overflows"}),
    images("TruncatedHeader", "truncated-header.idx", {"is 9 bytes", "3 dimensions need a 16-byte header"}),
    images("TruncatedStart", "truncated-start.idx", {"is 3 bytes", "4-byte start of an IDX header"}),
    images("Empty", "empty.idx", {"is empty (0 bytes)"}),
    images("FiveDimensionalImages", "five-dim-images.idx",
           {"shape [2, 2, 2, 2, 2]", "expected (N), (N, F), (N, H, W) or (N, H, W, C)"}),
    test_images("NaNInFloatImages", "nan-images.idx", {"value nan at element 37", "byte 164", "must be finite"}),
    test_images("InfInFloatImages", "inf-images.idx", {"value -inf at element 3", "byte 28", "must be finite"}),
    test_images("F64TooLargeForF32", "f64-too-large.idx", {"1e+300 at element 50", "byte 416", "too large for f32"}),
    labels("ImageAndLabelCountsDiffer", "labels-count-mismatch.idx",
           {"{corpus}/data/train-images.idx", "holds 48 images", "holds 47 labels"}),
    labels("NegativeLabel", "labels-negative.idx", {"label at index 24 is -1", "expected an integer in [0,"}),
    labels("FractionalLabel", "labels-fractional.idx", {"label at index 20 is 1.5", "expected an integer"}),
    labels("LabelOutsideTheClasses", "labels-out-of-range.idx", {"label at index 12 is 9", "in [0, 4)"},
           /*test_set=*/true),
    labels("TwoDimensionalLabels", "labels-2d.idx", {"shape [48, 2]", "expected (N) or (N, 1)"}),
    images("MissingFile", "no-such-file.idx", {"does not exist"}),
    {"DirectoryInsteadOfFile", train_command(data_args("{corpus}/idx"), "idx-directory"), 1,
     {"{corpus}/idx", "is a directory"}},
    {"BadTestImagesForRun",
     "{dendrite} run {corpus}/onnx/good-dann.onnx --test-images {corpus}/idx/wrong-magic.idx "
     "--test-labels {corpus}/data/test-labels.idx",
     1, {"{corpus}/idx/wrong-magic.idx", "bad magic number"}},
};

INSTANTIATE_TEST_SUITE_P(Idx, ToolCaseTest, ::testing::ValuesIn(kIdxCases), tool_case_name);

// fashion_to_idx.py CASE_DIR OUT_DIR: every case folder holds one malformed class file 0.json.
ToolCase fashion(const std::string& name, const std::string& folder, std::vector<std::string> expected) {
  expected.insert(expected.begin(), "{corpus}/fashion/" + folder + "/0.json");
  return {name,
          "{python} {source}/third_party/fashion_to_idx.py {corpus}/fashion/" + folder + " {tmp}/fashion-" + folder,
          1, expected};
}

const std::vector<ToolCase> kFashionCases = {
    fashion("BadJson", "bad-json", {"cannot read JSON", "char 21"}),
    fashion("NotAnObject", "not-an-object", {"expected an object with a list field 'data'"}),
    fashion("DataIsNotAList", "no-data-list", {"expected an object with a list field 'data'"}),
    fashion("RowIsNotAList", "row-not-a-list", {"data[1] is not a list"}),
    fashion("WrongRowLength", "wrong-row-length", {"data[1] has 783 values, expected 784"}),
    fashion("ValueAbove255", "value-above-255", {"data[1][100] is 256", "expected an integer in 0..255"}),
    fashion("NegativeValue", "negative-value", {"data[0][783] is -1", "0..255"}),
    fashion("FractionalValue", "fractional-value", {"data[0][0] is 0.5", "0..255"}),
    fashion("BooleanValue", "boolean-value", {"data[0][0] is true", "0..255"}),
    fashion("TooFewImages", "too-few-images", {"class 0 has 3 images, expected at least 7000"}),
    fashion("MissingClassFile", "missing-file", {"No such file"}),
    {"NoArguments", "{python} {source}/third_party/fashion_to_idx.py", 2, {"usage: fashion_to_idx.py"}},
};

INSTANTIATE_TEST_SUITE_P(Fashion, ToolCaseTest, ::testing::ValuesIn(kFashionCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
