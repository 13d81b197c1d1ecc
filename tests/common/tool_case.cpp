#include "tests/common/tool_case.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite::reliability {

namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::string expand(const std::string& text) {
  std::string out = text;
  replace_all(out, "{dendrite}", test::dendrite_tool());
  replace_all(out, "{python}", "/usr/bin/python3");
  replace_all(out, "{source}", DENDRITE_SOURCE_DIR);
  replace_all(out, "{corpus}", DENDRITE_CORPUS_DIR);
  replace_all(out, "{tmp}", test::TempDir::of_running_test().path().string());
  return out;
}

std::string data_args(const std::string& train_images, const std::string& train_labels,
                      const std::string& test_images, const std::string& test_labels) {
  const auto pick = [](const std::string& given, const char* good) {
    return given.empty() ? std::string("{corpus}/data/") + good : given;
  };
  return " --train-images " + pick(train_images, "train-images.idx") + " --train-labels " +
         pick(train_labels, "train-labels.idx") + " --test-images " + pick(test_images, "test-images.idx") +
         " --test-labels " + pick(test_labels, "test-labels.idx");
}

std::string flat_data_args() {
  return data_args("{corpus}/data/train-flat-images.idx", "", "{corpus}/data/test-flat-images.idx", "");
}

std::string train_command(const std::string& args, const std::string& out) {
  return "{dendrite} train" + args + " --epochs 1 --no-progress --overwrite --out {tmp}/" + out;
}

void run_tool_case(const ToolCase& c) {
  const std::string command = expand(c.command);
  const test::CommandResult r = test::run_command(command);
  if (std::getenv("DENDRITE_SHOW_ANSWERS") != nullptr)  // for listing every case's answer
    std::printf("ANSWER %s | exit %d | %s", c.name.c_str(), r.exit_code, r.output.c_str());
  EXPECT_EQ(r.exit_code, c.exit_code) << command << "\n" << r.output;
  for (const std::string& e : c.expected) {
    const std::string needle = expand(e);
    EXPECT_NE(r.output.find(needle), std::string::npos) << "missing '" << needle << "' in:\n" << r.output;
  }
  if (c.one_line) {
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << command << "\n" << r.output;
  }
}

void PrintTo(const ToolCase& c, std::ostream* os) { *os << c.name << ": " << c.command; }

std::string tool_case_name(const ::testing::TestParamInfo<ToolCase>& info) { return info.param.name; }

TEST_P(ToolCaseTest, AnswersWithExitCodeAndMessage) { run_tool_case(GetParam()); }

}  // namespace dendrite::reliability
