// Table-driven tool tests: one command line, the exit code it must end with, and the pieces the
// message must contain (the file, the field or offset, what was expected). Each case becomes its
// own GoogleTest (and ctest) test through INSTANTIATE_TEST_SUITE_P.
//
//   const std::vector<ToolCase> kCases = {
//       {"WrongMagic", "{dendrite} train" + with_train_images("{corpus}/idx/wrong-magic.idx"), 1,
//        {"wrong-magic.idx", "bytes 0-1", "expected 0x00 0x00"}},
//   };
//   INSTANTIATE_TEST_SUITE_P(Idx, ToolCaseTest, ::testing::ValuesIn(kCases), tool_case_name);
//
// Placeholders in commands and expected text: {dendrite} (the tool), {python} (/usr/bin/python3),
// {source} (the repository), {corpus} (tests/corpus), {tmp} (the running test's TempDir, tests/common/temp_dir.h).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace dendrite::reliability {

struct ToolCase {
  std::string name;
  std::string command;
  int exit_code = 1;
  std::vector<std::string> expected;  // each must occur in the output
  bool one_line = true;               // the output is one line (a single error message)
};

// The command (or text) with its placeholders replaced.
std::string expand(const std::string& text);

// " --train-images A --train-labels B --test-images C --test-labels D" with the corpus' good
// 8x8 data, except for the files given (empty: keep the good one).
std::string data_args(const std::string& train_images = "", const std::string& train_labels = "",
                      const std::string& test_images = "", const std::string& test_labels = "");
// The same with the flat (N, 64) images: data that is not an image.
std::string flat_data_args();

// "{dendrite} train <args> --epochs 1 --no-progress --overwrite --out {tmp}/<out>".
std::string train_command(const std::string& args, const std::string& out);

// Runs the case and checks its exit code, its output and that it is one line. With
// DENDRITE_SHOW_ANSWERS set, also prints "ANSWER <name> | exit <code> | <output>".
void run_tool_case(const ToolCase& c);

// Test output shows the case's name and command.
void PrintTo(const ToolCase& c, std::ostream* os);

class ToolCaseTest : public ::testing::TestWithParam<ToolCase> {};

std::string tool_case_name(const ::testing::TestParamInfo<ToolCase>& info);

}  // namespace dendrite::reliability
