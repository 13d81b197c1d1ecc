// Fuzz target: the checkpoint reader (framework/train/checkpoint.h), then what the tools do with
// a checkpoint that loads: rebuild its model (dendrite export), describe it (dendrite inspect) and
// restore the training state (dendrite train --resume).
//
// Input: one flag byte, then the file. Flag bit 0 set: the last 4 bytes are replaced by the
// file's correct CRC-32, so that mutations get past the checksum and reach the header and
// tensor-table checks (most random changes would otherwise stop at "checksum mismatch").
#include <cstddef>
#include <cstdint>
#include <vector>

#include "framework/train/checkpoint.h"
#include "framework/train/checkpoint_summary.h"
#include "framework/train/crc32.h"
#include "framework/train/model_io.h"
#include "framework/train/trainer.h"
#include "fuzz/fuzz_input.h"

namespace {

// Models up to this many parameters are built (bigger valid ones are legitimately big: they are
// not what this target looks for, and the file must hold their weights anyway).
constexpr std::int64_t kMaxFuzzParameters = 1 << 16;

bool small_model(const dendrite::Checkpoint& ckpt) {
  try {
    if (!ckpt.meta.is_object() || !ckpt.meta.contains("model")) return true;  // rejected when built
    return dendrite::model_spec_from_json(ckpt.meta["model"]).min_parameter_count() <= kMaxFuzzParameters;
  } catch (const dendrite::Error&) {
    return true;  // a bad description: building it must reject it cleanly
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  if (size < 1) return 0;
  std::vector<std::uint8_t> file(data + 1, data + size);
  if ((data[0] & 1) != 0 && file.size() >= 4) {
    const std::uint32_t crc = crc32(file.data(), file.size() - 4);
    for (int i = 0; i < 4; ++i) file[file.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
  }
  const std::string& path = fuzz::scratch_file(file.data(), file.size());
  fuzz::expect_clean_rejection([&] {
    const Checkpoint ckpt = load_checkpoint(path);
    for (const auto& [name, t] : ckpt.tensors) (void)ckpt.tensor(name);
    if (!small_model(ckpt)) return;
    Model model = model_from_checkpoint(ckpt, path);
    (void)describe_checkpoint(ckpt, model);  // dendrite inspect
    TrainConfig config;
    config.quiet = true;
    Trainer trainer(model, config);
    trainer.load_checkpoint(path);
  });
  return 0;
}
