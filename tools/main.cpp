// dendrite: the command-line tool. Subcommands: train, export, inspect, run, sweep, runs, report
// (the benchmark harness is its own program, benchmarks/dendrite-bench).
// Exit codes: 0 success, 1 failure (bad file, runtime error), 2 bad or inconsistent arguments,
// 130 interrupted (a checkpoint was written).
#include <string>

#include <CLI/CLI.hpp>

#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/program_main.h"

int main(int argc, char** argv) {
  CLI::App app{"dendrite: train dendritic neural networks, export them to ONNX, run them in ONNX Runtime"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("dendrite ") + dendrite::tools::version());
  std::vector<dendrite::tools::Command> commands = dendrite::tools::all_commands();
  for (auto& c : commands) c.attach(app);
  if (const int code = dendrite::tools::parse_command_line(app, argc, argv, "dendrite"); code >= 0) return code;
  for (auto& c : commands) {
    if (!c.app->parsed()) continue;
    return dendrite::tools::run_reporting_errors("dendrite " + c.app->get_name(), [&c] {
      dendrite::tools::check_repeated_options(*c.app);
      return c.run(*c.app);
    });
  }
  return 2;
}
