// Shared by the dendrite subcommands and dendrite-bench: the usage error (exit code 2), option
// validators, output-path checks, thread count. The data options are in tools/data_options.h.
//
//   cmd.add_option("--batch", o.batch, "mini-batch size")->check(positive_number());
//   add_threads_option(cmd, o.threads);
//   DENDRITE_USAGE_CHECK(!o.out.empty(), "--out is required");   // UsageError: exit code 2
//   check_output_path("--summary", o.summary);                    // writable there, not a folder
//   write_text_file(o.summary, json.dump(2));                     // checked write, Error naming the file
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "framework/core/error.h"

namespace dendrite::tools {

// A bad or inconsistent command-line option: the tool prints the message and exits with 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& m) : Error(m) {}
};

#define DENDRITE_USAGE_CHECK(cond, ...) \
  do {                                  \
    if (!(cond)) throw ::dendrite::tools::UsageError(fmt::format(__VA_ARGS__)); \
  } while (0)

// "a,b,c" -> {"a", "b", "c"}, empty items kept (so the option's check names them).
std::vector<std::string> split_list(const std::string& text);
// One item of a list option as an integer > 0; else a usage error "<option>: '<text>' is not <what>".
std::int64_t parse_positive_item(const std::string& option, const std::string& text,
                                 const std::string& what = "a positive integer");

// Validators with plain messages ("must be a positive integer").
CLI::Validator positive_number();
CLI::Validator fraction_below_one();  // [0, 1)
CLI::Validator finite_range(double lo, double hi);  // [lo, hi], and not NaN
CLI::Validator positive_integer();                  // 1, 2, ... up to 2^63 - 1 (never saturated)
CLI::Validator non_negative_integer();              // 0, 1, 2, ... (e.g. a seed)
CLI::Validator non_negative_number();               // finite, >= 0

// Checks before any work that an output file can be written: `path` is not a directory, and its
// folder exists and accepts a new file. With folders_created (the command creates the missing
// folders of its outputs) the nearest existing ancestor must accept new entries instead.
// Throws UsageError naming `option` and the path.
void check_output_path(const std::string& option, const std::string& path, bool folders_created = false);
// Throws UsageError when an output (option, path) names the same file as another output or as one
// of the inputs (which may name one file twice: e.g. one labels file for training and testing).
using NamedPaths = std::vector<std::pair<std::string, std::string>>;
// Two paths of one file (links and relative paths included).
bool same_file(const std::string& a, const std::string& b);
void check_distinct_outputs(const NamedPaths& outputs, const NamedPaths& inputs);

inline constexpr int kMaxThreads = 1024;
void add_threads_option(CLI::App& cmd, int& threads);  // 0 .. kMaxThreads
// 0: leave the OpenMP default. Warns (warn_if_more_threads_than_cores) first.
void apply_threads(int threads);
// A warning on stderr when --threads asks for more threads than this process has cores: they then
// take turns on the cores and wait for one another at every parallel step. `work` says what slows
// down ("training", "inference").
void warn_if_more_threads_than_cores(int threads, const std::string& work);

// Repeated options: CLI11 would answer `--epochs 3 --epochs 4` with "At Most 1 required but
// received 2". accept_repeated_options (before parsing) lets every single-value option of `cmd`
// take several values, and check_repeated_options (after parsing) throws a UsageError in plain
// words: "--epochs is given twice (3, then 4); give it once".
void accept_repeated_options(CLI::App& cmd);
void check_repeated_options(const CLI::App& cmd);

// Writes text to a file, replacing it atomically and durably (write_file_atomic); errors name the path.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace dendrite::tools
