// dendrite: the command-line tool. Subcommands: train, export, run, inspect, bench, report.
// Exit codes: 0 success, 1 failure (bad file, runtime error), 2 bad or inconsistent arguments,
// 130 interrupted (a checkpoint was written).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/cli_common.h"
#include "tools/commands.h"

namespace {
// Error messages end up on one line (ONNX and ONNX Runtime messages may hold line breaks).
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
    text.replace(at, 1, " | ");
  return text;
}
}  // namespace

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
      dendrite::tools::check_repeated_options(*c.app);
      const int code = c.run(*c.app);
      // What the command printed is part of its result: output lost to a full disk is an error
      // (a command that already failed or was interrupted keeps its own exit code).
      if (code == 0 && (std::fflush(stdout) != 0 || std::ferror(stdout))) {
        std::fprintf(stderr, "dendrite %s: error: cannot write the standard output: %s\n", c.app->get_name().c_str(),
                     std::strerror(errno));
        return 1;
      }
      return code;
    } catch (const dendrite::tools::UsageError& e) {
      std::fprintf(stderr, "dendrite %s: %s\n", c.app->get_name().c_str(), one_line(e.what()).c_str());
      return 2;
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr, "dendrite %s: error: out of memory (the model or the data is too large for this machine)\n",
                   c.app->get_name().c_str());
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dendrite %s: error: %s\n", c.app->get_name().c_str(), one_line(e.what()).c_str());
      return 1;
    }
  }
  return 2;
}
