#include "tools/cli_common.h"

#include <charconv>
#include <cstdint>

#include <fcntl.h>
#include <omp.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "framework/core/file_io.h"

namespace dendrite::tools {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) parts.push_back(item);
  return parts;
}

std::int64_t parse_positive_item(const std::string& option, const std::string& text, const std::string& what) {
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  DENDRITE_USAGE_CHECK(used == text.size() && !text.empty() && v > 0, "{}: '{}' is not {}", option, text, what);
  return v;
}

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        return CLI::detail::lexical_cast(text, v) && v > 0 ? std::string() : "must be a positive number, got '" + text + "'";
      },
      "POSITIVE");
}

CLI::Validator fraction_below_one() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = -1;
        return CLI::detail::lexical_cast(text, v) && v >= 0 && v < 1 ? std::string()
                                                                     : "must be in [0, 1), got '" + text + "'";
      },
      "FRACTION");
}

CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        double v = 0;
        if (CLI::detail::lexical_cast(text, v) && v >= lo && v <= hi) return std::string();
        return fmt::format("must be a number in [{}, {}], got '{}'", lo, hi, text);
      },
      "NUMBER");
}

CLI::Validator non_negative_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = -1;
        return CLI::detail::lexical_cast(text, v) && std::isfinite(v) && v >= 0
                   ? std::string()
                   : "must be a number >= 0, got '" + text + "'";
      },
      "NUMBER");
}

namespace {
// The whole text as an integer in [lo, 2^63 - 1]: digits only (no sign, point or exponent), and
// no value the type would saturate to.
std::string integer_problem(const std::string& text, std::int64_t lo) {
  std::int64_t v = 0;
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!digits || ec == std::errc::invalid_argument || end != text.data() + text.size())
    return fmt::format("must be {} integer, got '{}'", lo > 0 ? "a positive" : "a non-negative", text);
  if (ec == std::errc::result_out_of_range) return fmt::format("must be at most 2^63 - 1, got '{}'", text);
  if (v < lo) return fmt::format("must be {} integer, got '{}'", lo > 0 ? "a positive" : "a non-negative", text);
  return {};
}
}  // namespace

CLI::Validator non_negative_integer() {
  return CLI::Validator([](std::string& text) { return integer_problem(text, 0); }, "UINT");
}

CLI::Validator positive_integer() {
  return CLI::Validator([](std::string& text) { return integer_problem(text, 1); }, "POSITIVE");
}

void add_threads_option(CLI::App& cmd, int& threads) {
  cmd.add_option("--threads", threads, "compute threads (0: OpenMP's default)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            int v = -1;
            return CLI::detail::lexical_cast(text, v) && v >= 0 && v <= kMaxThreads
                       ? std::string()
                       : fmt::format("must be 0 to {}, got '{}'", kMaxThreads, text);
          },
          "THREADS"));
}

void check_output_path(const std::string& option, const std::string& path, bool folders_created) {
  namespace fs = std::filesystem;
  std::error_code ec;
  DENDRITE_USAGE_CHECK(!path.empty(), "{}: the path is empty", option);
  DENDRITE_USAGE_CHECK(!fs::is_directory(path, ec), "{} '{}' is a directory; expected a file name", option, path);
  if (fs::exists(path, ec) && is_written_in_place(path)) {  // a device, a FIFO, /dev/stdout: written in place
    DENDRITE_USAGE_CHECK(::access(path.c_str(), W_OK) == 0, "{} '{}' cannot be written: {}", option, path,
                         std::strerror(errno));
    return;
  }
  if (fs::exists(path, ec)) {
    DENDRITE_USAGE_CHECK(::access(path.c_str(), W_OK) == 0, "{} '{}' exists and cannot be written: {}", option,
                         path, std::strerror(errno));
  }
  // The file's folder, or (when missing folders are created) the nearest one that exists.
  fs::path dir = fs::path(path).parent_path();
  if (!folders_created) {
    DENDRITE_USAGE_CHECK(dir.empty() || fs::exists(dir, ec), "{} '{}' cannot be written: the folder '{}' does not exist",
                         option, path, dir.string());
  }
  while (!dir.empty() && !fs::exists(dir, ec)) dir = dir.parent_path();
  if (dir.empty()) dir = ".";
  DENDRITE_USAGE_CHECK(fs::is_directory(dir, ec), "{} '{}' cannot be written: '{}' is not a directory", option, path,
                       dir.string());
  const std::string probe = (dir / fmt::format(".dendrite-write-test.{}", ::getpid())).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  DENDRITE_USAGE_CHECK(fd >= 0, "{} '{}' cannot be written: cannot create a file in '{}': {}", option, path,
                       dir.string(), std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (a == b || fs::equivalent(a, b, ec)) return true;  // both exist and are one file (links included)
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec) && !ec;
}

void check_distinct_outputs(const NamedPaths& outputs, const NamedPaths& inputs) {
  namespace fs = std::filesystem;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [option, path] = outputs[i];
    if (path.empty()) continue;
    NamedPaths others(outputs.begin() + static_cast<std::ptrdiff_t>(i) + 1, outputs.end());
    others.insert(others.end(), inputs.begin(), inputs.end());
    for (const auto& [other_option, other_path] : others) {
      DENDRITE_USAGE_CHECK(other_path.empty() || !same_file(path, other_path),
                           "{} and {} are the same file '{}'; give two paths", option, other_option, path);
    }
  }
}

void warn_if_more_threads_than_cores(int threads, const std::string& work) {
  const int cores = omp_get_num_procs();  // the cores this process may run on
  if (threads <= cores) return;
  std::fprintf(stderr,
               "warning: --threads %d is more than the %d core%s this process can use: the threads take turns on "
               "the cores and wait for one another at every parallel step, which makes %s slower, not faster, "
               "the more so the more threads (leave --threads out for one thread per core)\n",
               threads, cores, cores == 1 ? "" : "s", work.c_str());
}

void apply_threads(int threads) {
  warn_if_more_threads_than_cores(threads, "training");
  if (threads > 0) omp_set_num_threads(threads);
}

void accept_repeated_options(CLI::App& cmd) {
  for (CLI::Option* opt : cmd.get_options()) {
    if (opt->nonpositional() && opt->get_type_size() > 0 && opt->get_items_expected_max() == 1)
      opt->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
}

void check_repeated_options(const CLI::App& cmd) {
  for (const CLI::Option* opt : cmd.get_options()) {
    if (!opt->nonpositional() || opt->get_type_size() <= 0 || opt->get_items_expected_max() != 1) continue;
    const std::vector<std::string>& given = opt->results();
    if (given.size() < 2) continue;
    std::string values;
    for (std::size_t i = 0; i < given.size(); ++i)
      values += (i == 0 ? "" : i + 1 == given.size() ? ", then " : ", ") + given[i];
    const std::string times = given.size() == 2 ? "twice" : fmt::format("{} times", given.size());
    throw UsageError(fmt::format("{} is given {} ({}); give it once", opt->get_name(), times, values));
  }
}

void write_text_file(const std::string& path, const std::string& text) { write_file_atomic(path, text); }

}  // namespace dendrite::tools
