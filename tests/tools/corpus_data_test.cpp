// The data corpus (tests/corpus/idx, tests/corpus/cifar) through the real program: `dendrite
// train` on malformed IDX files (plain and gzip-compressed), CIFAR batches and labels. Every error
// exits with 1 and one line naming the file, the offset or field, and what was expected; the
// checks before training that only warn exit 0 with the warning on stderr.
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

ToolCase images(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/idx/" + file;
  expected.insert(expected.begin(), path);
  return {name, train_command(data_args(path), "idx-" + name), 1, expected};
}

// Float images of 24 samples: as the training and the test images, with the 24 test labels.
ToolCase float_images(const std::string& name, const std::string& file, std::vector<std::string> expected) {
  const std::string path = "{corpus}/idx/" + file;
  expected.insert(expected.begin(), path);
  return {name, train_command(data_args(path, "{corpus}/data/test-labels.idx", path), "idx-" + name), 1, expected};
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
    images("GzipMagicThenGarbage", "gzip.idx", {"is not a valid gzip stream", "invalid stored block lengths"}),
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
    float_images("NaNInFloatImages", "nan-images.idx", {"value nan at element 37", "byte 164", "must be finite"}),
    float_images("InfInFloatImages", "inf-images.idx", {"value -inf at element 3", "byte 28", "must be finite"}),
    float_images("F64TooLargeForF32", "f64-too-large.idx", {"1e+300 at element 50", "byte 416", "too large for f32"}),
    labels("ImageAndLabelCountsDiffer", "labels-count-mismatch.idx",
           {"{corpus}/data/train-images.idx", "holds 48 images", "holds 47 labels"}),
    labels("NegativeLabel", "labels-negative.idx", {"label at index 24 is -1", "expected an integer in [0,"}),
    labels("FractionalLabel", "labels-fractional.idx", {"label at index 20 is 1.5", "expected an integer"}),
    labels("LabelOutsideTheClasses", "labels-out-of-range.idx",
           {"label at index 12 is 9, outside the 4 classes of the training labels in "
            "'{corpus}/data/train-labels.idx'"},
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

// gzip-compressed IDX: the stream's own errors, and the IDX checks on the decompressed bytes.
const std::vector<ToolCase> kGzipCases = {
    images("Truncated", "gzip-truncated.idx.gz", {"is a truncated gzip stream", "the file ends inside it"}),
    images("BadCrc", "gzip-bad-crc.idx.gz", {"is not a valid gzip stream: incorrect data check"}),
    images("BadDeflateBlock", "gzip-bad-block.idx.gz", {"is not a valid gzip stream: invalid block type"}),
    images("DataShorterThanTheHeaderSays", "gzip-short-data.idx.gz",
           {"(gzip) has the wrong length", "shape [48, 8, 8] of u8", "needs 3072 data bytes",
            "decompressed stream has 3065 (truncated)"}),
    images("TrailingBytesAfterTheData", "gzip-trailing-bytes.idx.gz",
           {"needs 3072 data bytes", "decompressed stream has 3077 (trailing bytes after the data)"}),
    images("BadMagicInside", "gzip-bad-magic.idx.gz", {"(gzip) has a bad magic number", "bytes 0-1 are 0x01 0x02"}),
    images("HeaderLargerThanTheFileCanHold", "gzip-huge-dims.idx.gz",
           {"[1000000, 1000, 1000]", "needs 1000000000000 data bytes", "more than a 33-byte gzip file can hold"}),
    {"GoodCompressedData",
     train_command(data_args("{corpus}/data/train-images.idx.gz", "{corpus}/data/train-labels.idx.gz",
                             "{corpus}/data/test-images.idx.gz", "{corpus}/data/test-labels.idx.gz"),
                   "gzip-good") + " --quiet",
     0, {"test accuracy"}},
};

INSTANTIATE_TEST_SUITE_P(Gzip, ToolCaseTest, ::testing::ValuesIn(kGzipCases), tool_case_name);

// The checks before the first epoch: errors exit 1 before training; warnings let the run go on.
const std::vector<ToolCase> kCheckCases = {
    labels("OneTrainingClass", "labels-all-200.idx",
           {"every training label is 200; a classifier needs at least two classes"}),
    {"TestClassAbsentFromTraining",
     train_command(data_args("", "", "", "{corpus}/idx/labels-unseen-class.idx"), "check-unseen") +
         " --classes 5 --quiet",
     0,
     {"warning: test labels in '{corpus}/idx/labels-unseen-class.idx' include 1 class absent from the training "
      "labels in '{corpus}/data/train-labels.idx': 4 (4 samples)",
      "test accuracy"},
     /*one_line=*/false},
    {"FloatImagesOutsideZeroOne",
     train_command(data_args("{corpus}/idx/f32-images-0-255.idx"), "check-range") + " --quiet", 0,
     {"warning: training images in '{corpus}/idx/f32-images-0-255.idx' range from 25 to 229, outside [0, 1]",
      "--normalize", "test accuracy"},
     /*one_line=*/false},
    {"TrainAndTestShapesDiffer", train_command(data_args("", "", "{corpus}/idx/test-images-9x9.idx"), "check-shape"),
     1,
     {"training and test samples differ in shape: '{corpus}/data/train-images.idx' holds samples of 8x8x1, "
      "'{corpus}/idx/test-images-9x9.idx' of 9x9x1"}},
    {"ClassCountBelowALabel", train_command(data_args(), "check-classes") + " --classes 3", 1,
     {"labels file '{corpus}/data/train-labels.idx'", "is 3; expected an integer in [0, 3)"}},
};

INSTANTIATE_TEST_SUITE_P(BeforeTraining, ToolCaseTest, ::testing::ValuesIn(kCheckCases), tool_case_name);

ToolCase cifar(const std::string& name, const std::string& folder, int exit_code, std::vector<std::string> expected,
               const std::string& extra = "") {
  return {name,
          train_command(" --dataset cifar" + std::string(folder == "cifar100" ? "100" : "10") +
                            " --data-dir {corpus}/cifar/" + folder + extra,
                        "cifar-" + name) + " --quiet",
          exit_code, expected};
}

const std::vector<ToolCase> kCifarCases = {
    cifar("Good", "good", 0, {"test accuracy"}),
    cifar("Cifar100Fine", "cifar100", 0, {"test accuracy"}),
    cifar("Cifar100Coarse", "cifar100", 0, {"test accuracy"}, " --cifar100-labels coarse"),
    cifar("WrongLength", "wrong-length", 1,
          {"CIFAR file '{corpus}/cifar/wrong-length/cifar-10-batches-bin/data_batch_3.bin' is 6147 bytes",
           "not a whole number of 3073-byte records", "expected a multiple of 3073"}),
    cifar("LabelOutOfRange", "label-out-of-range", 1,
          {"cifar-10-batches-bin/test_batch.bin': record 2 (byte 6146) has label 10; expected an integer in [0, 10)"}),
    cifar("MissingBatch", "missing-test-batch", 1,
          {"data set 'cifar10' is incomplete in '{corpus}/cifar/missing-test-batch/cifar-10-batches-bin'",
           "test_batch.bin is missing", "data_batch_1.bin, data_batch_2.bin"}),
    {"KmnistNotThere", "{dendrite} train --dataset kmnist --data-dir {tmp}/no-data --no-progress", 1,
     {"data set 'kmnist' is not in '{tmp}/no-data/kmnist': put train-images-idx3-ubyte, train-labels-idx1-ubyte, "
      "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte there"}},
};

INSTANTIATE_TEST_SUITE_P(Cifar, ToolCaseTest, ::testing::ValuesIn(kCifarCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
