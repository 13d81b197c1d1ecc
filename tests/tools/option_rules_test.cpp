// Option rules of the dendrite tool, through the real binary: a repeated option, a model option
// the chosen model does not read (exit 2, before any data is read: the data here is missing), the
// one rule of --resume for changed options (each change printed), and the warning for more
// threads than cores.
#include <thread>

#include "tests/common/tool_case.h"
#include "tests/common/tool_runner.h"

namespace dendrite::reliability {
namespace {

const std::string kMissingData = data_args("{tmp}/missing-images.idx");
const std::string kTestData = " --test-images {corpus}/data/test-images.idx --test-labels {corpus}/data/test-labels.idx";

ToolCase usage(const std::string& name, const std::string& args, std::vector<std::string> expected) {
  return {name, "{dendrite} train" + kMissingData + args + " --no-progress", 2, expected};
}

const std::vector<ToolCase> kUsageCases = {
    usage("RepeatedOption", " --epochs 3 --epochs 4", {"dendrite train: --epochs is given twice (3, then 4); give it once"}),
    usage("OptionGivenThreeTimes", " --lr 0.1 --lr 0.2 --lr 0.3", {"--lr is given 3 times (0.1, 0.2, then 0.3); give it once"}),
    {"RunRepeatedOption", "{dendrite} run {corpus}/onnx/good-dann.onnx --batch 3 --batch 4" + kTestData, 2,
     {"dendrite run: --batch is given twice (3, then 4); give it once"}},
    usage("DendritesWithTheDefaultMlp", " --dendrites 4",
          {"--dendrites does not apply to the model mlp (the default --model); mlp takes --hidden, --activation, --dropout"}),
    usage("SomataWithMlp", " --model mlp --somata 8", {"--somata does not apply to the model mlp;"}),
    usage("SynapsesWithVann", " --model vann --synapses 4",
          {"--synapses does not apply to the model vann; vann takes --dendrites, --somata, --layers"}),
    usage("SynapsesWithPdann", " --model pdann --synapses 4", {"--synapses does not apply to the model pdann"}),
    usage("SynapsesWithPsann", " --model psann --synapses 4", {"--synapses does not apply to the model psann"}),
    usage("HiddenWithDann", " --model dann-r --hidden 32", {"--hidden does not apply to the model dann-r; dann-r takes "
                                                             "--dendrites, --somata, --synapses, --layers"}),
    usage("ActivationWithDann", " --model dann-grf --activation relu", {"--activation does not apply to the model dann-grf"}),
    usage("SomaActivationWithMlp", " --soma-activation relu", {"--soma-activation does not apply to the model mlp"}),
    usage("DendritesWithModelFile", " --model-file {corpus}/model/zero-somata.json --dendrites 4",
          {"--dendrites does not apply with --model-file, which describes the whole model; drop --dendrites"}),
    // Options the model does read get as far as the (missing) data: exit 1 naming the file.
    {"SynapsesApplyToVannR", "{dendrite} train" + kMissingData + " --model vann-r --synapses 4 --dendrites 2 --somata 4",
     1, {"{tmp}/missing-images.idx"}},
    {"DropoutAppliesToEveryVariant", "{dendrite} train" + kMissingData + " --model vann --dropout 0.2", 1,
     {"{tmp}/missing-images.idx"}},
};

INSTANTIATE_TEST_SUITE_P(OptionRules, ToolCaseTest, ::testing::ValuesIn(kUsageCases), tool_case_name);

// A short run in {tmp}/<out>, then the command `then` (in the same shell).
std::string after_a_run(const std::string& out, const std::string& then) {
  return "{dendrite} train" + data_args() + " --epochs 1 --lr 0.01 --threads 1 --quiet --no-progress --overwrite"
         " --out {tmp}/" + out + " && " + then;
}

const std::vector<ToolCase> kResumeCases = {
    {"ResumeReportsEveryChange",
     after_a_run("resume-changes", "{dendrite} train --resume {tmp}/resume-changes/checkpoint.ckpt --epochs 2 --lr 0.005"
                                   " --threads 1 --quiet --no-progress"),
     0, {"resume: --epochs 1 -> 2 (from the command line)\nresume: --lr 0.01 -> 0.005 (from the command line)\n"},
     false},
    // An IDX file moved: its new path is accepted and reported (the others, unchanged, are not).
    {"ResumeWithMovedData",
     after_a_run("resume-moved", "cp {corpus}/data/train-images.idx {tmp}/resume-moved/moved.idx && {dendrite} train"
                                 " --resume {tmp}/resume-moved/checkpoint.ckpt --epochs 2" +
                                     data_args("{tmp}/resume-moved/moved.idx") +
                                     " --threads 1 --quiet --no-progress"),
     0, {"resume: --epochs 1 -> 2 (from the command line)\nresume: --train-images {corpus}/data/train-images.idx -> "
         "{tmp}/resume-moved/moved.idx (from the command line)\ntest accuracy"},
     false},
    // What computed the finished epochs cannot change.
    {"ResumeWithAnotherSeedIsRefused",
     after_a_run("resume-seed", "{dendrite} train --resume {tmp}/resume-seed/checkpoint.ckpt --seed 5 --epochs 2"),
     2, {"--seed 5 contradicts the checkpoint, whose run has --seed 1"}, false},
};

INSTANTIATE_TEST_SUITE_P(ResumeRule, ToolCaseTest, ::testing::ValuesIn(kResumeCases), tool_case_name);

TEST(ResumeRule, RepeatingTheRecordedValuesChangesNothingAndSaysNothing) {
  const auto r = test::run_command(expand(after_a_run(
      "resume-same", "{dendrite} train --resume {tmp}/resume-same/checkpoint.ckpt --epochs 2 --lr 0.01 --seed 1"
                     " --batch 128 --threads 1 --quiet --no-progress")));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("resume: --lr"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("resume: --epochs 1 -> 2"), std::string::npos) << r.output;
}

// One thread more than this machine has cores: a warning, and the run still works.
const std::string kTooManyThreads = std::to_string(std::thread::hardware_concurrency() + 1);
const std::vector<ToolCase> kThreadCases = {
    {"TrainWithMoreThreadsThanCores",
     "{dendrite} train" + data_args() + " --threads " + kTooManyThreads +
         " --epochs 1 --quiet --no-progress --overwrite --out {tmp}/many-threads",
     0, {"warning: --threads " + kTooManyThreads + " is more than the ", "which makes training slower, not faster",
         "test accuracy"}, false},
    {"RunWithMoreThreadsThanCores", "{dendrite} run {corpus}/onnx/good-dann.onnx --threads " + kTooManyThreads + kTestData,
     0, {"warning: --threads " + kTooManyThreads + " is more than the ", "which makes inference slower", "accuracy"},
     false},
};

INSTANTIATE_TEST_SUITE_P(Threads, ToolCaseTest, ::testing::ValuesIn(kThreadCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
