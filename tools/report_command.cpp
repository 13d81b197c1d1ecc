// dendrite report: the paper's tables and figures from a sweep's result store, as CSV, PNG/SVG and
// one HTML page. The body is the Python package dendrite_report (tools/report/; matplotlib draws
// the figures); this command validates the options, finds the package and runs
//
//   /usr/bin/python3 -m dendrite_report --store S --out DIR [--formats png,svg] [--tables-only] [--quiet]
//
// passing the child's exit code through (0 only when the report was written).
//
// Where the package is looked for, in this order (the first folder holding dendrite_report/):
//   1. $DENDRITE_PYTHONPATH (when set, it must hold the package; no fallback);
//   2. <folder of this executable>/../share/dendrite/python: an installed tool (<prefix>/bin) and
//      the build tree (build/tools/dendrite; CMake copies the package to build/share/...);
//   3. the source tree's tools/report, as configured at build time.
// The interpreter is $DENDRITE_PYTHON, else /usr/bin/python3 (Debian's, which has matplotlib).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "framework/core/error.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

extern char** environ;

namespace dendrite::tools {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultPython = "/usr/bin/python3";
constexpr const char* kPackage = "dendrite_report";

struct ReportOptions {
  std::string store, out;
  std::vector<std::string> formats{"png", "svg"};
  bool tables_only = false, quiet = false;
};

void validate(const ReportOptions& o) {
  DENDRITE_USAGE_CHECK(!o.store.empty(), "--store: the path is empty");
  std::error_code ec;
  DENDRITE_USAGE_CHECK(!fs::is_directory(o.store, ec), "--store '{}' is a folder; expected the store file", o.store);
  DENDRITE_USAGE_CHECK(!o.out.empty(), "--out: the path is empty");
  DENDRITE_USAGE_CHECK(!fs::exists(o.out, ec) || fs::is_directory(o.out, ec), "--out '{}' exists and is not a folder",
                       o.out);
  check_output_path("--out", (fs::path(o.out) / "index.html").string(), /*folders_created=*/true);
}

bool holds_package(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kPackage / "__main__.py", ec);
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
  if (!ec) tried.push_back(exe.parent_path().parent_path() / "share" / "dendrite" / "python");
  tried.emplace_back(DENDRITE_REPORT_SOURCE_DIR);
  std::string looked;
  for (const auto& dir : tried) {
    if (holds_package(dir)) return dir.string();
    looked += (looked.empty() ? "" : ", ") + dir.string();
  }
  throw Error(fmt::format("the report's Python package ({}) was not found; looked in {} (set DENDRITE_PYTHONPATH "
                          "to the folder that holds it)", kPackage, looked));
}

// The child's environment: ours, with PYTHONPATH set to the package and nothing that would make
// Debian's interpreter load another Python's modules.
std::vector<std::string> child_environment(const std::string& package_dir) {
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

// The child being waited for, for the SIGTERM handler (which passes the signal on to it).
volatile pid_t g_child = 0;

void forward_signal(int sig) {
  if (g_child > 0) ::kill(g_child, sig);
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int run(const ReportOptions& o) {
  const char* env_python = std::getenv("DENDRITE_PYTHON");
  const std::string python = env_python != nullptr && *env_python != '\0' ? env_python : kDefaultPython;
  DENDRITE_CHECK(::access(python.c_str(), X_OK) == 0,
                 "the report needs Python 3 with matplotlib, and '{}' cannot be run ({}); on Debian: apt-get install "
                 "python3 python3-matplotlib (or set DENDRITE_PYTHON)", python, std::strerror(errno));
  const std::string package_dir = find_package();

  std::string formats;
  for (const auto& f : o.formats) formats += (formats.empty() ? "" : ",") + f;
  std::vector<std::string> args{python, "-m", kPackage, "--store", o.store, "--out", o.out, "--formats", formats};
  if (o.tables_only) args.emplace_back("--tables-only");
  if (o.quiet) args.emplace_back("--quiet");
  std::vector<std::string> env = child_environment(package_dir);
  std::vector<char*> argv = c_strings(args), envp = c_strings(env);

  // Ctrl-C reaches the child too (same process group), so the parent ignores SIGINT and waits for
  // the child's exit code; SIGTERM sent to the parent alone is passed on to the child. The child
  // starts with default signal handling.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  struct sigaction ignore {}, forward{}, old_int{}, old_term{};
  ignore.sa_handler = SIG_IGN;
  forward.sa_handler = forward_signal;
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGTERM, &forward, &old_term);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, python.c_str(), nullptr, &attr, argv.data(), envp.data());
  if (spawned == 0) g_child = pid;
  posix_spawnattr_destroy(&attr);
  int status = 0;
  int waited = spawned == 0 ? -1 : 0;
  if (spawned == 0) {
    do {
      waited = ::waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
  }
  g_child = 0;
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  DENDRITE_CHECK(spawned == 0, "cannot start '{}': {}", python, std::strerror(spawned));
  DENDRITE_CHECK(waited == pid, "lost the report process: {}", std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    std::fprintf(stderr, "dendrite report: error: the report process ended by signal %d (%s)\n", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    return 128 + WTERMSIG(status);
  }
  return 1;
}

}  // namespace

Command make_report_command() {
  auto o = std::make_shared<ReportOptions>();
  Command c;
  c.name = "report";
  c.description = "tables (CSV), figures (PNG, SVG) and an HTML page from a sweep's result store";
  c.add_options = [o](CLI::App& cmd) {
    cmd.add_option("--store", o->store, "result store written by dendrite sweep (SQLite)")->required();
    cmd.add_option("--out", o->out, "output folder (created if missing; the report's files in it are replaced)")
        ->required();
    cmd.add_option("--formats", o->formats, "figure formats, comma-separated: png,svg (default: both)")
        ->delimiter(',')
        ->check(CLI::IsMember({"png", "svg"}));
    cmd.add_flag("--tables-only", o->tables_only, "the CSV tables and the page without figures (fast)");
    cmd.add_flag("--quiet", o->quiet, "print nothing on success");
  };
  c.run = [o](CLI::App&) {
    validate(*o);
    return run(*o);
  };
  return c;
}

}  // namespace dendrite::tools
