// Failed writes through the real tool: every file a subcommand writes (checkpoint, log, summary,
// predictions, ONNX export, the standard output) on a full device (/dev/full) or a
// full filesystem ends with exit code 1 and a message naming the file; what was written before
// (the checkpoint of a finished epoch) stays good.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "framework/train/checkpoint.h"
#include "tests/common/tool_case.h"
#include "tests/common/tool_runner.h"

namespace dendrite::reliability {
namespace {

namespace fs = std::filesystem;

const std::string kQuiet = " --quiet --threads 1";
const std::string kTestData = " --test-images {corpus}/data/test-images.idx --test-labels {corpus}/data/test-labels.idx";
const std::string kNoSpace = "No space left on device";

ToolCase train(const std::string& name, const std::string& args, std::vector<std::string> expected,
               bool one_line = true) {
  return {"Train" + name, train_command(data_args() + kQuiet + args, "full-" + name), 1, expected, one_line};
}

// The command with its standard output sent to `target` (its errors still reach the test).
std::string stdout_to(const std::string& target, const std::string& command) {
  return "sh -c '" + command + " > " + target + "'";
}

const std::vector<ToolCase> kFullDeviceCases = {
    train("Summary", " --summary /dev/full", {"cannot write '/dev/full'", kNoSpace}),
    train("Log", " --log /dev/full", {"cannot append to the log '/dev/full'", kNoSpace}),
    train("Checkpoint", " --checkpoint /dev/full", {"cannot save checkpoint '/dev/full'", kNoSpace}),
    // The test accuracy is printed before the export is written.
    train("Export", " --export /dev/full", {"test accuracy", "cannot write '/dev/full'", kNoSpace}, false),
    {"TrainPrintsToAFullDevice", stdout_to("/dev/full", train_command(data_args() + kQuiet, "full-stdout")), 1,
     {"dendrite train: error: cannot write the standard output", kNoSpace}},
    {"ExportToAFullDevice", "{dendrite} export {corpus}/checkpoint/good-mlp.ckpt -o /dev/full", 1,
     {"dendrite export: error: cannot write '/dev/full'", kNoSpace}},
    {"ExportPrintsToAFullDevice",
     stdout_to("/dev/full", "{dendrite} export {corpus}/checkpoint/good-mlp.ckpt -o {tmp}/full-export.onnx"), 1,
     {"dendrite export: error: cannot write the standard output", kNoSpace}},
    {"InspectPrintsToAFullDevice", stdout_to("/dev/full", "{dendrite} inspect {corpus}/onnx/good-dann.onnx"), 1,
     {"dendrite inspect: error: cannot write the standard output", kNoSpace}},
    {"RunSummary", stdout_to("/dev/null", "{dendrite} run {corpus}/onnx/good-dann.onnx --summary /dev/full" + kTestData),
     1, {"dendrite run: error: cannot write '/dev/full'", kNoSpace}},
    {"RunPredictions",
     stdout_to("/dev/null", "{dendrite} run {corpus}/onnx/good-dann.onnx --predictions /dev/full" + kTestData), 1,
     {"dendrite run: error: cannot write '/dev/full'", kNoSpace}},
    // A device is written in place, never replaced: /dev/stdout works as an output, also when it
    // leads to a regular file (the printed lines and the summary both arrive there).
    {"RunSummaryToStandardOutput",
     "{dendrite} run {corpus}/onnx/good-dann.onnx --summary /dev/stdout" + kTestData, 0,
     {"\"samples_per_second\": "}, false},
    {"RunSummaryToStandardOutputInAFile",
     stdout_to("{tmp}/stdout.txt", "{dendrite} run {corpus}/onnx/good-dann.onnx --summary /dev/stdout" + kTestData) +
         " && cat {tmp}/stdout.txt && test -L /dev/stdout && echo /dev/stdout is still a link",
     0, {"accuracy ", "\"samples_per_second\": ", "/dev/stdout is still a link"}, false},
};

INSTANTIATE_TEST_SUITE_P(FullDevice, ToolCaseTest, ::testing::ValuesIn(kFullDeviceCases), tool_case_name);

// A real full filesystem: a 64 KiB tmpfs, filled, mounted in a private mount namespace (it
// disappears with the command). Needs the rights to mount; skipped where they are missing.
class FullFilesystem : public ::testing::Test {
 protected:
  static bool can_mount() {
    static const bool ok =
        test::run_command("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt && touch /mnt/x'").exit_code == 0;
    return ok;
  }
  // Runs `command` with a full 64 KiB tmpfs at `mount_point`.
  static test::CommandResult on_full_tmpfs(const fs::path& mount_point, const std::string& command) {
    fs::create_directories(mount_point);
    return test::run_command("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs " + mount_point.string() +
                             " && dd if=/dev/zero of=" + mount_point.string() + "/fill bs=4k 2>/dev/null; " +
                             expand(command) + "'");
  }
};

TEST_F(FullFilesystem, ALogThatCannotBeWrittenEndsTheRunAndKeepsTheCheckpoint) {
  if (!can_mount()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root and unshare)";
  const fs::path full = expand("{tmp}/full-fs-log");
  const fs::path out = expand("{tmp}/full-fs-log-run");
  const auto r = on_full_tmpfs(full, train_command(data_args() + kQuiet + " --log " + (full / "log.jsonl").string(),
                                                   "full-fs-log-run"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("cannot append to the log '" + (full / "log.jsonl").string() + "': " + kNoSpace),
            std::string::npos)
      << r.output;
  // The epoch's checkpoint is written before its log line.
  EXPECT_EQ(load_checkpoint((out / "checkpoint.ckpt").string()).meta["training"]["epoch"], 1);
}

TEST_F(FullFilesystem, ACheckpointThatCannotBeWrittenLeavesNoTemporary) {
  if (!can_mount()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root and unshare)";
  const fs::path full = expand("{tmp}/full-fs-ckpt");
  // The checkpoint goes to the full filesystem; `ls` shows what is left there.
  const auto r = on_full_tmpfs(full, train_command(data_args() + kQuiet + " --checkpoint " +
                                                       (full / "checkpoint.ckpt").string(), "full-fs-ckpt-run") +
                                         "; echo exit $?; ls " + full.string());
  EXPECT_NE(r.output.find("cannot save checkpoint '" + (full / "checkpoint.ckpt").string() + "': " + kNoSpace),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("exit 1\nfill\n"), std::string::npos) << "only the filler may remain:\n" << r.output;
}

}  // namespace
}  // namespace dendrite::reliability
