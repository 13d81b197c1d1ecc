// A crash in the middle of save_checkpoint leaves the previous checkpoint intact: a child process
// keeps replacing a large checkpoint, alternating two contents, and is killed with SIGKILL at
// varying moments; the file must then load (checksum and all) and be exactly one of the two.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "framework/train/checkpoint.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

namespace fs = std::filesystem;

// 24 MB of f32 (long enough to write that a kill lands inside the write), plus a label.
Checkpoint big_checkpoint(const std::string& label, float base) {
  Checkpoint c;
  c.meta = {{"label", label}};
  Tensor w({6 * 1024 * 1024});
  float* p = w.f32();
  for (std::int64_t i = 0; i < w.numel(); ++i) p[i] = base + static_cast<float>(i % 1000);
  c.tensors.emplace_back("weights", w);
  c.tensors.emplace_back("step", Tensor::from_i32({1}, {label == "A" ? 1 : 2}));
  return c;
}

TEST(AtomicCheckpoint, KillingTheWriterLeavesTheOldOrTheNewFileNeverABrokenOne) {
  const test::TempDir dir;
  const std::string path = dir.file("run.ckpt");
  const Checkpoint a = big_checkpoint("A", 0.5f), b = big_checkpoint("B", -3.25f);
  save_checkpoint(path, a);

  constexpr int kRounds = 6;
  int killed_mid_write = 0;
  for (int round = 0; round < kRounds; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        for (;;) {  // only save_checkpoint runs here; the parent decides when it ends
          save_checkpoint(path, b);
          save_checkpoint(path, a);
        }
      } catch (...) {
        ::_exit(1);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 37 * round));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    // The writer's temporary file is left behind when the kill came mid-write.
    const fs::path tmp = path + ".tmp." + std::to_string(child);
    if (fs::exists(tmp)) {
      ++killed_mid_write;
      fs::remove(tmp);
    }
    Checkpoint back;
    ASSERT_NO_THROW(back = load_checkpoint(path)) << "round " << round;
    const std::string label = back.meta["label"].get<std::string>();
    ASSERT_TRUE(label == "A" || label == "B") << label;
    const Checkpoint& expected = label == "A" ? a : b;
    EXPECT_TRUE(back.tensor("weights").bitwise_equal(expected.tensor("weights"))) << "round " << round;
    EXPECT_TRUE(back.tensor("step").bitwise_equal(expected.tensor("step"))) << "round " << round;
  }
  // The writer spends nearly all its time inside writes: most kills land there.
  EXPECT_GE(killed_mid_write, 1) << "no kill landed during a write; the test proved nothing";
}

}  // namespace
}  // namespace dendrite
