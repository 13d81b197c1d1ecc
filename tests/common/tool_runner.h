// Runs the dendrite tool (or any command) from a test and captures its exit code and output.
#pragma once

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace dendrite::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string dendrite_tool() { return DENDRITE_TOOL_PATH; }

}  // namespace dendrite::test
