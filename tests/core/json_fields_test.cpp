// Checked reads of JSON fields: each wrong kind of value is named with its context.
#include "framework/core/json_fields.h"

#include <gtest/gtest.h>

#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

TEST(JsonFields, ReadsWhatIsThere) {
  const nlohmann::json j = {{"n", 3}, {"flag", true}, {"name", "x"}};
  EXPECT_EQ(json_count(j, "n", "state:"), 3);
  EXPECT_TRUE(json_bool(j, "flag", "state:"));
  EXPECT_EQ(json_field(j, "name", "state:"), "x");
}

TEST(JsonFields, NamesTheContextTheFieldAndTheValue) {
  const nlohmann::json j = {{"neg", -1}, {"frac", 1.5}, {"big", 1e300}, {"text", "3"}, {"one", 1}};
  test::expect_error([&] { json_field(j, "missing", "state:"); }, {"state: no field 'missing'"});
  test::expect_error([&] { json_count(j, "neg", "state:"); }, {"state: 'neg' must be a non-negative integer, got -1"});
  test::expect_error([&] { json_count(j, "frac", "state:"); }, {"'frac' must be a non-negative integer, got 1.5"});
  test::expect_error([&] { json_count(j, "big", "state:"); }, {"'big' must be a non-negative integer, got 1e+300"});
  test::expect_error([&] { json_count(j, "text", "state:"); }, {"'text' must be a non-negative integer, got \"3\""});
  test::expect_error([&] { json_bool(j, "one", "state:"); }, {"state: 'one' must be true or false, got 1"});
  test::expect_error([&] { json_field(nlohmann::json::array(), "x", "state:"); },
                     {"state: expected a JSON object, got []"});
}

}  // namespace
}  // namespace dendrite
