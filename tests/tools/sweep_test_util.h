// Helpers of the `dendrite sweep` tool tests: a folder of synthetic IDX data and a store path per
// test, running the tool (in the foreground or as a background process to signal), and reading
// the store.
#pragma once

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "framework/sweep/sqlite_db.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/temp_dir.h"
#include "tests/common/tool_runner.h"

namespace dendrite::test {

class SweepToolTest : public ::testing::Test {
 protected:
  // n_train training samples of the 8x8 quadrant data (the sweep tests need a few hundred).
  void make_data(std::int64_t n_train, std::int64_t n_test) {
    tmp_ = testing_data::make_quadrant_data_dir(n_train, n_test);
    dir_ = tmp_->path();
    data_ = testing_data::quadrant_data_args(dir_);
    store_ = (dir_ / "runs.db").string();
  }
  void SetUp() override { make_data(300, 100); }

  // "dendrite sweep --store <store> <data> <args>".
  std::string sweep_command(const std::string& args, const std::string& store = "") const {
    return dendrite_tool() + " sweep --store " + (store.empty() ? store_ : store) + data_ + " " + args;
  }
  CommandResult sweep(const std::string& args, const std::string& store = "") const {
    return run_command(sweep_command(args, store));
  }

  // The first column of every row of a query on the store, as text.
  std::vector<std::string> column(const std::string& sql, const std::string& store = "") const {
    SqliteDb db = SqliteDb::open(store.empty() ? store_ : store, SqliteDb::Mode::read_only);
    SqliteStatement s = db.prepare(sql);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.is_null(0) ? "NULL" : s.text(0));
    return out;
  }
  std::string value(const std::string& sql, const std::string& store = "") const {
    const auto c = column(sql, store);
    return c.empty() ? "(no row)" : c.front();
  }
  double real(const std::string& sql, const std::string& store = "") const {
    SqliteDb db = SqliteDb::open(store.empty() ? store_ : store, SqliteDb::Mode::read_only);
    SqliteStatement s = db.prepare(sql);
    return s.step() ? s.real(0) : std::nan("");
  }
  std::int64_t count(const std::string& where, const std::string& store = "") const {
    return std::stoll(value("SELECT count(*) FROM runs WHERE " + where, store));
  }

  std::unique_ptr<TempDir> tmp_;
  std::filesystem::path dir_;
  std::string data_, store_;
};

// A tool command in the background (through sh -c, output into a file) that a test can signal.
class Background {
 public:
  Background(const std::string& command, const std::string& output) : output_(output) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", ("exec " + command + " > " + output + " 2>&1").c_str(), nullptr);
      ::_exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !finished_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  void send(int signal) const { ::kill(pid_, signal); }
  // The exit code, or 128 + the signal that ended it.
  int finish() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    finished_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string output() const {
    std::ifstream in(output_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  pid_t pid_ = -1;
  bool finished_ = false;
  std::string output_;
};

// Polls `ready` every 20 ms for up to `seconds`; true when it became true.
template <typename F>
bool wait_until(F&& ready, double seconds = 60) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (ready()) return true;
    } catch (const std::exception&) {  // the store may not exist yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// The PIDs of the processes whose parent is `parent` (from /proc).
inline std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    long ppid = 0;
    if (std::sscanf(text.c_str() + close + 1, " %c %ld", &state, &ppid) == 2 && ppid == parent)
      out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

}  // namespace dendrite::test
