// dendrite report: the paper's tables and figures from a sweep's result store, as CSV, PNG/SVG and
// one HTML page. The body is the subpackage dendrite.report of the Python package dendrite
// (framework/python/dendrite/report; matplotlib draws the figures); this command finds the package
// and becomes (execve)
//
//   /usr/bin/python3 -m dendrite.report ARGUMENTS...
//
// with the arguments as given. The interpreter then is the process: its option checks (exit 2
// naming the option), its exit code and the signals sent to the command (Ctrl-C, SIGTERM) are the
// command's own, and nothing waits or forwards in between.
//
// Where the package is looked for, in this order (the first folder holding dendrite/report/):
//   1. $DENDRITE_PYTHONPATH (when set, it must hold the package; no fallback);
//   2. <folder of this executable>/../<DENDRITE_PYTHON_SITE> (lib/python3/dist-packages): an
//      installed tool (<prefix>/bin), the Debian package's /usr/bin;
//   3. the build tree's python folder (build/python), as configured at build time.
// The interpreter is $DENDRITE_PYTHON, else /usr/bin/python3 (Debian's, which has matplotlib).
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "framework/core/error.h"
#include "tools/commands.h"

extern char** environ;

namespace dendrite::tools {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultPython = "/usr/bin/python3";
constexpr const char* kPackage = "dendrite.report";

bool holds_package(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "dendrite" / "report" / "__main__.py", ec);
}

// The folder to put on PYTHONPATH (see the lookup order at the top of the file).
std::string find_package() {
  if (const char* env = std::getenv("DENDRITE_PYTHONPATH"); env != nullptr && *env != '\0') {
    DENDRITE_CHECK(holds_package(env), "DENDRITE_PYTHONPATH '{}' does not hold the {} package", env, kPackage);
    return env;
  }
  std::vector<fs::path> tried;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) tried.push_back(exe.parent_path().parent_path() / DENDRITE_PYTHON_SITE);
  tried.emplace_back(DENDRITE_PYTHON_BUILD_DIR);
  std::string looked;
  for (const auto& dir : tried) {
    if (holds_package(dir)) return dir.string();
    looked += (looked.empty() ? "" : ", ") + dir.string();
  }
  throw Error(fmt::format("the report's Python package ({}) was not found; looked in {} (set DENDRITE_PYTHONPATH "
                          "to the folder that holds dendrite/report/)", kPackage, looked));
}

// The interpreter's environment: ours, with PYTHONPATH set to the package and nothing that would
// make Debian's interpreter load another Python's modules.
std::vector<std::string> python_environment(const std::string& package_dir) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (name != "PYTHONPATH" && name != "PYTHONHOME" && name != "PYTHONDONTWRITEBYTECODE") env.push_back(entry);
  }
  env.push_back("PYTHONPATH=" + package_dir);
  env.push_back("PYTHONDONTWRITEBYTECODE=1");  // never litter the source tree or the prefix with caches
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Returns only when the interpreter cannot be started.
int exec_report(const std::vector<std::string>& arguments) {
  const char* env_python = std::getenv("DENDRITE_PYTHON");
  const std::string python = env_python != nullptr && *env_python != '\0' ? env_python : kDefaultPython;
  std::vector<std::string> args{python, "-m", kPackage};
  args.insert(args.end(), arguments.begin(), arguments.end());
  std::vector<std::string> env = python_environment(find_package());
  std::vector<char*> argv = c_strings(args), envp = c_strings(env);
  ::execve(python.c_str(), argv.data(), envp.data());
  throw Error(fmt::format("the report needs Python 3 with matplotlib, and '{}' cannot be run ({}); on Debian: "
                          "apt-get install python3 python3-matplotlib (or set DENDRITE_PYTHON)",
                          python, std::strerror(errno)));
}

}  // namespace

Command make_report_command() {
  Command c;
  c.name = "report";
  c.description = "tables (CSV), figures (PNG, SVG) and an HTML page from a sweep's result store "
                  "(dendrite report --help: its options)";
  c.add_options = [](CLI::App& cmd) {
    // Every argument, --help included, goes to the Python side, which checks them.
    cmd.set_help_flag();
    cmd.prefix_command();
  };
  c.run = [](CLI::App& cmd) { return exec_report(cmd.remaining()); };
  return c;
}

}  // namespace dendrite::tools
