// How the dendrite programs (the `dendrite` tool, benchmarks/dendrite-bench) read their command
// line and end: one line on stderr for every error, and the exit codes 0 success, 1 failure (bad
// file, runtime error, output lost to a full disk), 2 bad or inconsistent arguments.
//
//   if (const int code = parse_command_line(app, argc, argv, "dendrite"); code >= 0) return code;
//   return run_reporting_errors("dendrite train", [&] { return run(o); });
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace dendrite::tools {

// Parses argv into `app`. Returns -1 when the command is to run, else the exit code: 0 after
// --help or --version (printed), 2 after a parse error ("<program>: <error> (try --help)").
int parse_command_line(CLI::App& app, int argc, char** argv, const std::string& program);

// Runs `body` and returns its exit code, turning an exception into one line on stderr, prefixed
// with `name` ("dendrite train", "dendrite-bench"): UsageError -> 2, any other error -> 1. When
// the body succeeded but its standard output could not be written, that is an error too (1).
int run_reporting_errors(const std::string& name, const std::function<int()>& body);

}  // namespace dendrite::tools
