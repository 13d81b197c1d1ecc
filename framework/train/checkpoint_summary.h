// What a checkpoint holds, as `dendrite inspect` prints it: the model (its layer table and
// parameter count), how far training got, the optimizer, the options the run recorded and the
// metrics of every completed epoch.
//
//   if (is_checkpoint_file(path)) {
//     const Checkpoint ckpt = load_checkpoint(path);          // verifies the file
//     const Model model = model_from_checkpoint(ckpt, path);   // rebuilds and fills the model
//     std::fputs(describe_checkpoint(ckpt, model).c_str(), stdout);
//   }
#pragma once

#include <string>

#include "framework/model/model.h"
#include "framework/train/checkpoint.h"

namespace dendrite {

// True when the file starts with the checkpoint magic bytes (kCheckpointMagic).
bool is_checkpoint_file(const std::string& path);

// Several lines of text. Training state or history of the wrong shape is an Error naming the
// checkpoint (ckpt.path); options are shown as recorded.
std::string describe_checkpoint(const Checkpoint& ckpt, const Model& model);

}  // namespace dendrite
