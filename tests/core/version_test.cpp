// The generated version header agrees with the project(VERSION) of the top CMakeLists.txt (passed
// to this test by CMake) and with its own parts.
#include <gtest/gtest.h>

#include <string>

#include "framework/core/version.h"

namespace dendrite {
namespace {

TEST(Version, ComesFromTheProjectVersion) {
  EXPECT_STREQ(framework_version(), DENDRITE_TEST_PROJECT_VERSION);
  EXPECT_EQ(std::string(DENDRITE_VERSION), std::to_string(DENDRITE_VERSION_MAJOR) + "." +
                                               std::to_string(DENDRITE_VERSION_MINOR) + "." +
                                               std::to_string(DENDRITE_VERSION_PATCH));
}

}  // namespace
}  // namespace dendrite
