// Every option of `dendrite train` is either a field of RunConfig (and so has a role: identity,
// steering or none, which decides the sweep's canonical form and the resume rule) or one of the
// few that only say where files go and what is printed. A new option fails here until it is one
// or the other.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "framework/train/run_config.h"
#include "tests/common/tool_runner.h"

namespace dendrite {
namespace {

TEST(RunConfigOptions, EveryTrainOptionIsAFieldOrOnlyTheToolsOwn) {
  const std::set<std::string> tools_own = {"init", "export", "out", "checkpoint", "log", "summary", "resume",
                                           "overwrite", "quiet", "no-progress"};
  const test::CommandResult help = test::run_command(test::dendrite_tool() + " train --help");
  ASSERT_EQ(help.exit_code, 0) << help.output;
  std::set<std::string> options;
  std::istringstream lines(help.output);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t at = line.find("--");
    if (at == std::string::npos || line.find_first_not_of(" -h,") < at) continue;
    const std::string name = line.substr(at + 2, line.find_first_of(" =,", at) - at - 2);
    if (name != "help") options.insert(name);
  }
  ASSERT_GT(options.size(), 30u) << help.output;
  std::set<std::string> fields_seen;
  for (const std::string& o : options) {
    std::string key = o;
    for (char& c : key) c = c == '-' ? '_' : c;
    const bool field = find_run_config_field(key) != nullptr;
    EXPECT_TRUE(field != (tools_own.count(o) > 0)) << "--" << o << ": neither a RunConfig field nor the tool's own";
    if (field) fields_seen.insert(key);
  }
  // And every field is an option of train.
  for (const RunConfigField& f : run_config_fields()) EXPECT_EQ(fields_seen.count(f.key), 1u) << f.key;
}

}  // namespace
}  // namespace dendrite
