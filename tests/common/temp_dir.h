// The tests' scratch folders: one fresh folder under the system temp folder per TempDir, removed
// with everything in it when the TempDir goes.
//
//   TEST(Checkpoint, RoundTrip) {
//     test::TempDir dir;                          // /tmp/dendrite-test_checkpoint-4242-Checkpoint.RoundTrip-a1B2c3
//     save_checkpoint(dir.file("a.ckpt"), c);
//   }
//
// The name holds the test binary, the process id and the running test (the suite's name inside
// SetUpTestSuite), so that parallel processes (ctest runs each test case as its own process) and
// tests never share a folder, and a leftover one tells whose it was; a random suffix (mkdtemp)
// keeps several TempDirs of one test apart. Failing to make the folder is an error (Error).
//
// Helpers that hand out paths without owning a folder (export's temp_file, the tool cases'
// {tmp}) use TempDir::of_running_test(): made when first asked for in a test, removed when that
// test ends.
#pragma once

#include <filesystem>
#include <string>

namespace dendrite::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The running test's own TempDir (see above); outside a test, one for the process.
  static const TempDir& of_running_test();

  const std::filesystem::path& path() const { return path_; }
  // (path() / name).string()
  std::string file(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace dendrite::test
