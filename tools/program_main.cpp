#include "tools/program_main.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "tools/cli_common.h"

namespace dendrite::tools {

namespace {
// Error messages end up on one line (ONNX and ONNX Runtime messages may hold line breaks).
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
    text.replace(at, 1, " | ");
  return text;
}
}  // namespace

int parse_command_line(CLI::App& app, int argc, char** argv, const std::string& program) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s (try --help)\n", program.c_str(), e.what());
    return 2;
  }
  return -1;
}

int run_reporting_errors(const std::string& name, const std::function<int()>& body) {
  try {
    const int code = body();
    // What the command printed is part of its result: output lost to a full disk is an error
    // (a command that already failed or was interrupted keeps its own exit code).
    if (code == 0 && (std::fflush(stdout) != 0 || std::ferror(stdout))) {
      std::fprintf(stderr, "%s: error: cannot write the standard output: %s\n", name.c_str(), std::strerror(errno));
      return 1;
    }
    return code;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), one_line(e.what()).c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: error: out of memory (the model or the data is too large for this machine)\n",
                 name.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", name.c_str(), one_line(e.what()).c_str());
    return 1;
  }
}

}  // namespace dendrite::tools
