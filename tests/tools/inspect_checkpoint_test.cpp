// `dendrite inspect` on checkpoints, through the real tool: a checkpoint (recognised by its magic
// bytes) shows its model, training position, optimizer, data, options and per-epoch metrics; a
// damaged one gets the checkpoint reader's message (exit 1), not "not a valid ONNX model".
#include "tests/common/tool_case.h"

namespace dendrite::reliability {
namespace {

ToolCase inspect(const std::string& name, const std::string& file, int exit_code, std::vector<std::string> expected) {
  const std::string path = "{corpus}/checkpoint/" + file;
  expected.insert(expected.begin(), path);
  return {"InspectCheckpoint" + name, "{dendrite} inspect " + path, exit_code, expected, exit_code != 0};
}

const std::vector<ToolCase> kCases = {
    inspect("Good", "good-mlp.ckpt", 0,
            {": dendrite checkpoint (format version 1, 12 tensors)\nmodel: mlp, 556 parameters\n",
             "layer0               dense        relu                      8          512          520\n",
             "training: 1 of 1 epochs done\n",
             "optimizer: adam (beta1 0.9, beta2 0.999, eps 1e-07, lr 0.001, momentum 0.0, nesterov false, "
             "weight_decay 0.0), 3 steps\n",
             "data: idx (test_images tests/corpus/data/test-images.idx, ", "train_labels tests/corpus/data/train-labels.idx)\n",
             "options: batch 16, epochs 1, input_noise 0.0, seed 3, sequential false, validation 0.1\n",
             " epoch  train loss  train acc  val loss  val acc   train s\n     1      1.4555     0.3953    1.3517   0.4000      0.25\n",
             "check: checksum, tensors and model passed"}),
    inspect("Interrupted", "interrupted-mlp.ckpt", 0,
            {"training: 1 of 3 epochs done; interrupted in epoch 2 after batch 2 (continue with --resume)\n"}),
    inspect("BadChecksum", "bad-checksum.ckpt", 1, {"checksum mismatch", "the file is corrupted"}),
    inspect("Truncated", "truncated-data.ckpt", 1, {"the file is truncated"}),
    inspect("BadVersion", "bad-version.ckpt", 1, {"version 7"}),
    inspect("NoModel", "no-model.ckpt", 1, {"holds no model description"}),
    inspect("BadTrainingState", "bad-training-state.ckpt", 1,
            {"training state field 'epoch' must be a non-negative integer, got \"one\""}),
    inspect("BadHistory", "bad-history.ckpt", 1, {"bad training history", "type must be number, but is string"}),
    // Magic bytes decide: a file that is neither is read as ONNX.
    {"InspectCheckpointBadMagic", "{dendrite} inspect {corpus}/checkpoint/bad-magic.ckpt", 1,
     {"{corpus}/checkpoint/bad-magic.ckpt' is not a valid ONNX model"}},
};

INSTANTIATE_TEST_SUITE_P(InspectCheckpoint, ToolCaseTest, ::testing::ValuesIn(kCases), tool_case_name);

}  // namespace
}  // namespace dendrite::reliability
