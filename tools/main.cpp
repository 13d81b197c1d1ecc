// dendrite: the command-line tool. Subcommands: train, export, run, inspect, bench.
// Exit codes: 0 success, 1 failure (bad file, runtime error), 2 bad or inconsistent arguments,
// 130 interrupted (a checkpoint was written).
#include <cstdio>

#include <CLI/CLI.hpp>

#include "tools/cli_common.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"dendrite: train dendritic neural networks, export them to ONNX, run them in ONNX Runtime"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("dendrite ") + dendrite::tools::version());
  std::vector<dendrite::tools::Command> commands = dendrite::tools::all_commands();
  for (auto& c : commands) c.attach(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "dendrite: %s (try --help)\n", e.what());
    return 2;
  }
  for (auto& c : commands) {
    if (!c.app->parsed()) continue;
    try {
      return c.run(*c.app);
    } catch (const dendrite::tools::UsageError& e) {
      std::fprintf(stderr, "dendrite %s: %s\n", c.app->get_name().c_str(), e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dendrite %s: error: %s\n", c.app->get_name().c_str(), e.what());
      return 1;
    }
  }
  return 2;
}
