// The committed data files of tests/data/fixtures/, written by make_fixtures.py there (NumPy,
// CSV, PNG/PGM and IDX files, good and bad), and reading whole files for the tests.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dendrite::testing {

inline std::string fixture(const std::string& name) {
  return std::string(DENDRITE_SOURCE_DIR) + "/tests/data/fixtures/" + name;
}

inline std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace dendrite::testing
