#include "tests/common/temp_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

#include "framework/core/error.h"

namespace dendrite::test {

namespace {

// What is running: "Suite.Test", the suite alone (SetUpTestSuite), or "process".
std::string running_test() {
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  if (const ::testing::TestInfo* info = unit.current_test_info())
    return std::string(info->test_suite_name()) + "." + info->name();
  if (const ::testing::TestSuite* suite = unit.current_test_suite()) return suite->name();
  return "process";
}

// Letters, digits, '.', '-' and '_' kept, anything else (the '/' of parameterized names) as '_';
// at most 160 characters, so the name stays well inside NAME_MAX.
std::string file_name_part(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '-' || c == '_';
    out += keep ? c : '_';
  }
  return out.substr(0, 160);
}

// The folder of_running_test() made, and the listener that removes it when its test ends.
std::unique_ptr<TempDir>& running_test_dir() {
  static std::unique_ptr<TempDir> dir;
  return dir;
}

class RemoveAtTestEnd : public ::testing::EmptyTestEventListener {
  void OnTestEnd(const ::testing::TestInfo&) override { running_test_dir().reset(); }
};

}  // namespace

const TempDir& TempDir::of_running_test() {
  if (::testing::UnitTest::GetInstance()->current_test_info() == nullptr) {
    static const TempDir process_dir;  // removed at exit
    return process_dir;
  }
  static const bool listening = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(new RemoveAtTestEnd);  // gtest owns it
    return true;
  }();
  (void)listening;
  std::unique_ptr<TempDir>& dir = running_test_dir();
  if (!dir) dir = std::make_unique<TempDir>();
  return *dir;
}

TempDir::TempDir() {
  const std::string name = "dendrite-" + file_name_part(program_invocation_short_name) + "-" +
                           std::to_string(::getpid()) + "-" + file_name_part(running_test()) + "-XXXXXX";
  std::string templ = (std::filesystem::temp_directory_path() / name).string();
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr)
    throw Error("cannot make a temporary folder '" + templ + "': " + std::strerror(errno));
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ec;  // a destructor must not throw; a leftover folder names its test
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::file(const std::string& name) const { return (path_ / name).string(); }

}  // namespace dendrite::test
