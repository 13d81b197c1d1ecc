// The subcommands of the dendrite tool. Each one lives in tools/<name>_command.cpp and provides
// `Command make_<name>_command()`: it adds its options to a CLI11 subcommand and runs when chosen.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/cli_common.h"

namespace dendrite::tools {

struct Command {
  std::string name;
  std::string description;
  std::function<void(CLI::App&)> add_options;  // called once with the subcommand
  std::function<int(CLI::App&)> run;           // after parsing; returns the exit code
  CLI::App* app = nullptr;
  void attach(CLI::App& parent) {
    app = parent.add_subcommand(name, description);
    add_options(*app);
    accept_repeated_options(*app);  // answered in plain words by check_repeated_options
  }
};

Command make_train_command();
Command make_export_command();
Command make_inspect_command();
Command make_run_command();
Command make_predict_command();
Command make_sweep_command();
Command make_sweep_worker_command();  // hidden: a local worker of dendrite sweep
Command make_runs_command();
Command make_report_command();
std::vector<Command> all_commands();
const char* version();

}  // namespace dendrite::tools
