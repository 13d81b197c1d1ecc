// Text checks (NUL bytes, UTF-8 per RFC 3629) and the field of a JSON text where parsing stops.
#include <gtest/gtest.h>

#include <string>

#include "framework/core/json_error_field.h"
#include "framework/core/text_check.h"

namespace dendrite {
namespace {

using namespace std::string_literals;

TEST(TextCheck, ValidUtf8WithoutNulPasses) {
  EXPECT_EQ(text_problem(""), "");
  EXPECT_EQ(text_problem("relu"), "");
  EXPECT_EQ(text_problem("Poirazi \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), "");  // é, €, an emoji
}

TEST(TextCheck, NulAndInvalidBytesAreNamedWithTheirOffset) {
  EXPECT_EQ(text_problem("relu\0evil"s), "contains a NUL byte at offset 4");
  EXPECT_EQ(text_problem("ab\xff"), "is not valid UTF-8 (byte 0xff at offset 2)");
  EXPECT_EQ(invalid_utf8_offset("\xc0\xaf"), 0u);              // overlong '/'
  EXPECT_EQ(invalid_utf8_offset("a\xe0\x80\xaf"), 1u);         // overlong, three bytes
  EXPECT_EQ(invalid_utf8_offset("ab\xed\xa0\x80"), 2u);        // a UTF-16 surrogate
  EXPECT_EQ(invalid_utf8_offset("\xf4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("x\xe2\x82"), 1u);             // cut short
  EXPECT_EQ(invalid_utf8_offset("\xe2\x82\xac"), 3u);          // the euro sign is fine
}

TEST(JsonErrorField, NamesThePathOfKeysAndListPositions) {
  const JsonErrorField a = json_error_field(R"({"fixed": {"epochs": 2}, "axes": {"seed": [1, 2], "lr": [0.1, 1e999]}})");
  EXPECT_EQ(a.path, "axes.lr[1]");
  EXPECT_EQ(a.token, "1e999");
  const JsonErrorField b = json_error_field(R"({"extra": [{"seed": 1}, {"lr": [1], "seed": -1e400}]})");
  EXPECT_EQ(b.path, "extra[1].seed");
  EXPECT_EQ(json_error_field("1e999").path, "");
  EXPECT_EQ(json_error_field("1e999").token, "1e999");
  const JsonErrorField fine = json_error_field(R"({"a": [1, {"b": 2}]})");
  EXPECT_EQ(fine.path, "");
  EXPECT_EQ(fine.token, "");
}

}  // namespace
}  // namespace dendrite
