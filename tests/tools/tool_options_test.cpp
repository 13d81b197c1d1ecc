// Argument validation of `dendrite train | export | run | inspect`: options that parse but are
// wrong (out-of-range or NaN numbers, unknown names, contradicting combinations, outputs that
// cannot be written or would overwrite an input) end with exit code 2 and one line naming the
// option. Most cases give a missing data file as well: exit 2 rather than 1 shows that the
// option was rejected before any data was read.
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

const std::string kMissingData = data_args("{tmp}/missing-images.idx");
const std::string kGoodCheckpoint = "{corpus}/checkpoint/good-mlp.ckpt";

ToolCase train(const std::string& name, const std::string& args, std::vector<std::string> expected,
               const std::string& data = kMissingData) {
  return {name, "{dendrite} train" + data + args + " --no-progress", 2, expected};
}

const std::vector<ToolCase> kTrainCases = {
    train("OutUnderARegularFile", " --out {corpus}/data/train-images.idx/run",
          {"--out", "cannot be written", "'{corpus}/data/train-images.idx' is not a directory"}),
    train("CheckpointIsADirectory", " --checkpoint {corpus}/data", {"--checkpoint '{corpus}/data' is a directory"}),
    train("SummaryWhereNoFileCanBeCreated", " --out {tmp}/o1 --summary /proc/dendrite-test/summary.json",
          {"--summary '/proc/dendrite-test/summary.json' cannot be written", "cannot create a file in '/proc'"}),
    train("ExportOverwritesTheCheckpoint", " --out {tmp}/o2 --export {tmp}/o2/checkpoint.ckpt",
          {"--checkpoint and --export are the same file"}),
    train("LogOverwritesTheTrainingImages", " --out {tmp}/o3 --log {corpus}/data/train-images.idx",
          {"--log and --train-images are the same file"}, data_args()),
    train("ResumeWithOverwrite", " --resume " + kGoodCheckpoint + " --overwrite",
          {"--overwrite starts a new run and --resume continues one"}),
    train("ResumeWithAnotherSeed", " --resume " + kGoodCheckpoint + " --seed 9 --out {tmp}/o4",
          {"--seed 9 contradicts the checkpoint, whose run has --seed 3"}, data_args()),
    train("ResumeWithAnotherBatch", " --resume " + kGoodCheckpoint + " --batch 7 --out {tmp}/o5",
          {"--batch 7 contradicts the checkpoint, whose run has --batch 16"}, data_args()),
    train("ResumeWithAnotherOptimizer", " --resume " + kGoodCheckpoint + " --optimizer sgd --out {tmp}/o6",
          {"--optimizer sgd contradicts the checkpoint, whose run has --optimizer adam"}, data_args()),
    train("ResumeOnAnotherDataSet", " --resume " + kGoodCheckpoint + " --dataset mnist --out {tmp}/o7",
          {"the checkpoint's run trained on idx, not on mnist"}, ""),
    train("InitAndResume", " --resume " + kGoodCheckpoint + " --init {corpus}/onnx/good-dann.onnx",
          {"--init and --resume both say where the model comes from"}),
    train("ModelFileAndModel", " --model-file {corpus}/model/zero-somata.json --model mlp",
          {"--model-file describes the whole model; drop --model"}),
    train("DataDirWithIdxFiles", " --data-dir {tmp}", {"--data-dir applies to --dataset, not to IDX files"}),
    train("DatasetAndIdxFiles", " --dataset mnist", {"give either --dataset or data files, not both"}),
    train("UnknownDataset", " --dataset cifar-100", {"unknown --dataset 'cifar-100'", "known: mnist, fashion-mnist, "
          "kmnist, emnist-byclass, emnist-bymerge, emnist-balanced, emnist-letters, emnist-digits, emnist-mnist, "
          "cifar10, cifar100"}, ""),
    train("ClassesWithANamedDataSet", " --dataset emnist-balanced --classes 10",
          {"--classes applies to IDX files; data set 'emnist-balanced' has 47 classes"}, ""),
    train("OneClass", " --classes 1", {"--classes: must be an integer of at least 2", "got '1'"}),
    train("Cifar100LabelsWithMnist", " --dataset mnist --cifar100-labels coarse",
          {"--cifar100-labels applies to --dataset cifar100, not mnist"}, ""),
    train("Cifar100LabelsWithIdxFiles", " --cifar100-labels fine", {"--cifar100-labels applies to --dataset cifar100"}),
    train("UnknownCifar100Labels", " --dataset cifar100 --cifar100-labels medium", {"--cifar100-labels", "medium"}, ""),
    train("InputNoiseNaN", " --input-noise nan", {"--input-noise", "must be a number in [0, 10], got 'nan'"}),
    train("ValidationNaN", " --validation nan", {"--validation", "must be in [0, 1), got 'nan'"}),
    train("ValidationOne", " --validation 1", {"--validation", "must be in [0, 1)"}),
    train("DropoutOne", " --dropout 1", {"--dropout", "must be in [0, 1)"}),
    train("LearningRateInfinite", " --lr inf", {"optimizer lr must be > 0, got inf"}),
    train("LearningRateZero", " --lr 0", {"optimizer lr must be > 0, got 0"}),
    train("Beta1One", " --beta1 1", {"beta1 must be in [0, 1), got 1"}),
    train("Beta2Negative", " --beta2 -0.5", {"beta2 must be in [0, 1), got -0.5"}),
    train("EpsZero", " --eps 0", {"eps must be > 0, got 0"}),
    train("NegativeWeightDecay", " --weight-decay -0.1", {"weight_decay must be >= 0, got -0.1"}),
    train("MomentumWithAdam", " --momentum 0.9", {"momentum and nesterov apply to sgd only"}),
    train("NesterovWithoutMomentum", " --optimizer sgd --nesterov", {"nesterov needs momentum > 0"}),
    train("NegativeSeed", " --seed -1", {"--seed: must be a non-negative integer, got '-1'"}),
    train("FractionalBatch", " --batch 1.5", {"--batch"}),
    train("ZeroEpochs", " --epochs 0", {"--epochs", "must be a positive integer, got '0'"}),
    // Numbers are parsed, never saturated to the type's limit.
    train("HugeBatch", " --batch 99999999999999999999", {"--batch", "must be at most 2^63 - 1, got '99999999999999999999'"}),
    train("HugeSeed", " --seed 18446744073709551616", {"--seed", "must be at most 2^63 - 1, got '18446744073709551616'"}),
    train("SeedAboveTheStoresRange", " --seed 9223372036854775808", {"--seed", "must be at most 2^63 - 1"}),
    train("ExponentEpochs", " --epochs 1e3", {"--epochs", "must be a positive integer, got '1e3'"}),
    train("HugeDendrites", " --model dann-r --dendrites 99999999999999999999", {"--dendrites", "at most 2^63 - 1"}),
    train("TooManyThreads", " --threads 100000", {"--threads", "must be 0 to 1024, got '100000'"}),
    train("ZeroLayers", " --model dann-r --layers 0", {"--layers", "must be a positive integer, got '0'"}),
    train("ZeroWidthHiddenLayer", " --hidden 64,0", {"--hidden: '0' is not a positive width"}),
    train("UnknownModel", " --model dann-xyz", {"unknown model 'dann-xyz'"}),
    train("UnknownSomaActivation", " --model dann-r --soma-activation swish", {"--soma-activation", "'swish'"}),
    // The training protocol: early stopping, the lr schedule, the input stage.
    train("NegativeEarlyStop", " --early-stop -1", {"--early-stop", "must be a non-negative integer, got '-1'"}),
    train("EarlyStopWithoutValidation", " --early-stop 3 --validation 0",
          {"--early-stop watches the validation loss, and --validation 0 holds none out; give --validation above 0"}),
    train("PlateauWithoutValidation", " --lr-schedule plateau --validation 0",
          {"--lr-schedule plateau reads the validation loss, and --validation 0 holds none out"}),
    train("MinDeltaNaN", " --early-stop 2 --min-delta nan", {"--min-delta", "must be a number >= 0, got 'nan'"}),
    train("MinDeltaNegative", " --early-stop 2 --min-delta -0.1", {"--min-delta", "must be a number >= 0, got '-0.1'"}),
    train("UnknownLrSchedule", " --lr-schedule linear", {"--lr-schedule", "linear"}),
    train("StepWithoutStepSize", " --lr-schedule step", {"--lr-schedule step needs --lr-step-size"}),
    train("ZeroStepSize", " --lr-schedule step --lr-step-size 0", {"--lr-step-size", "must be a positive integer"}),
    train("GammaInfinite", " --lr-schedule step --lr-step-size 2 --lr-gamma inf", {"--lr-gamma must be > 0, got inf"}),
    train("CosineWarmupOverEveryEpoch", " --lr-schedule cosine --warmup-epochs 4 --epochs 4",
          {"--warmup-epochs must be below the epochs (4) so that the cosine spans at least one epoch, got 4"}),
    train("WarmupAboveTheEpochs", " --warmup-epochs 5 --epochs 4", {"--warmup-epochs must be at most the epochs (4), got 5"}),
    train("FractionalWarmup", " --warmup-epochs 1.5", {"--warmup-epochs", "must be a non-negative integer, got '1.5'"}),
    train("LrMinNotBelowTheLr", " --lr-schedule cosine --lr-min 0.01",
          {"--lr-min must be >= 0 and below the lr (0.001), got 0.01"}),
    train("PlateauFactorOne", " --lr-schedule plateau --lr-factor 1", {"--lr-factor must be in (0, 1), got 1"}),
    train("NegativeLrPatience", " --lr-schedule plateau --lr-patience -2", {"--lr-patience", "must be a non-negative integer"}),
    train("UnknownNormalize", " --normalize minmax", {"--normalize", "minmax"}),
    train("ResumeWithEarlyStopping", " --resume " + kGoodCheckpoint + " --early-stop 2 --out {tmp}/o8",
          {"--early-stop contradicts the checkpoint, whose run has no early stopping"}, data_args()),
    train("ResumeWithAnotherLrSchedule", " --resume " + kGoodCheckpoint + " --lr-schedule cosine --out {tmp}/o9",
          {"--lr-schedule cosine contradicts the checkpoint, whose run has --lr-schedule constant"}, data_args()),
    train("ResumeWithNormalize", " --resume " + kGoodCheckpoint + " --normalize feature --out {tmp}/o10",
          {"--resume takes the model from the checkpoint; drop the model options"}, data_args()),
};

INSTANTIATE_TEST_SUITE_P(TrainOptions, ToolCaseTest, ::testing::ValuesIn(kTrainCases), tool_case_name);

const std::string kRunData = " --test-images {tmp}/missing-images.idx --test-labels {corpus}/data/test-labels.idx";

const std::vector<ToolCase> kOtherCases = {
    {"ExportOverwritesTheCheckpoint", "{dendrite} export " + kGoodCheckpoint + " -o " + kGoodCheckpoint, 2,
     {"--output and the checkpoint are the same file"}},
    {"ExportIntoADirectory", "{dendrite} export " + kGoodCheckpoint + " -o {corpus}", 2,
     {"--output '{corpus}' is a directory"}},
    {"ExportIntoAMissingFolder", "{dendrite} export " + kGoodCheckpoint + " -o {tmp}/no/such/folder/m.onnx", 2,
     {"the folder '{tmp}/no/such/folder' does not exist"}},
    {"ExportWithoutOutput", "{dendrite} export " + kGoodCheckpoint, 2, {"--output is required"}},
    {"RunSummaryOverwritesTheModel",
     "{dendrite} run {corpus}/onnx/good-dann.onnx --summary {corpus}/onnx/good-dann.onnx" + kRunData, 2,
     {"--summary and the model are the same file"}},
    {"RunPredictionsUnderARegularFile",
     "{dendrite} run {corpus}/onnx/good-dann.onnx --predictions {corpus}/data/test-labels.idx/p.txt" + kRunData, 2,
     {"--predictions", "'{corpus}/data/test-labels.idx' is not a directory"}},
    {"RunTooManyThreads", "{dendrite} run {corpus}/onnx/good-dann.onnx --threads 5000" + kRunData, 2, {"--threads"}},
    {"RunProfileInAMissingFolder", "{dendrite} run {corpus}/onnx/good-dann.onnx --profile {tmp}/no/such/folder/p" + kRunData,
     2, {"--profile", "the folder '{tmp}/no/such/folder' does not exist"}},
    {"RunNegativeBatch", "{dendrite} run {corpus}/onnx/good-dann.onnx --batch -3" + kRunData, 2,
     {"--batch: must be a positive integer, got '-3'"}},
    {"RunTrainingData", "{dendrite} run {corpus}/onnx/good-dann.onnx --train-images x" + kRunData, 2,
     {"--train-images"}},
    // Inputs may name one file twice (only outputs must differ from everything).
    {"SameFilesForTrainingAndTesting",
     "{dendrite} train --train-images {corpus}/data/test-images.idx --train-labels {corpus}/data/test-labels.idx"
     " --test-images {corpus}/data/test-images.idx --test-labels {corpus}/data/test-labels.idx --epochs 1"
     " --quiet --no-progress --threads 1 --overwrite --out {tmp}/same-inputs",
     0, {"test accuracy"}},
    {"InspectWithoutFile", "{dendrite} inspect", 2, {"model is required"}},
    {"InspectTwoFiles", "{dendrite} inspect a.onnx b.onnx", 2, {"b.onnx"}},
    {"NoCommand", "{dendrite}", 2, {"subcommand"}},
};

INSTANTIATE_TEST_SUITE_P(OtherOptions, ToolCaseTest, ::testing::ValuesIn(kOtherCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
