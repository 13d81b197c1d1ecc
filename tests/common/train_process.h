// `dendrite train ARGS` as a child process whose output is read as it comes: for tests that act
// while a run is under way (signals, a second run in the same folder).
//
//   test::TrainProcess p({"--dataset", "mnist", "--out", dir});
//   ASSERT_TRUE(p.wait_for("epoch 1/"));
//   p.send(SIGINT);
//   EXPECT_EQ(p.finish(), 130);
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "tests/common/tool_runner.h"

namespace dendrite::test {

// `dendrite train ARGS` as a child process whose output (stdout and stderr) is read line by line.
class TrainProcess {
 public:
  explicit TrainProcess(const std::vector<std::string>& args) {
    std::vector<std::string> all = {dendrite_tool(), "train"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::dup2(fds[1], 2);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
  }
  ~TrainProcess() {
    if (pid_ > 0 && !finished_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) std::fclose(out_);
  }

  // Reads output until a line contains `needle` (true) or the output ends (false).
  bool wait_for(const std::string& needle) {
    char line[4096];
    while (out_ != nullptr && std::fgets(line, sizeof line, out_) != nullptr) {
      output_ += line;
      if (std::string(line).find(needle) != std::string::npos) return true;
    }
    return false;
  }
  void send(int signal) { ::kill(pid_, signal); }
  pid_t pid() const { return pid_; }
  // Reads the rest of the output and waits; the exit code, or 128 + the signal that ended it.
  int finish() {
    wait_for("\x01never");
    int status = 0;
    ::waitpid(pid_, &status, 0);
    finished_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
  std::string output_;
  bool finished_ = false;
};

// "a b  c" -> {"a", "b", "c"} (for argument strings without quoting).
inline std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (c != ' ') word += c;
    else if (!word.empty()) out.push_back(std::move(word)), word.clear();
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

}  // namespace dendrite::test
