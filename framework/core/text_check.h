// Text that a command reads from a user (grid files, --set values) or from a store and hands on
// as a string: a NUL byte would cut it short where it becomes a C string (an option's value), and
// bytes that are not UTF-8 cannot be written as JSON. Both are refused where the text is read.
//
//   if (const std::string why = text_problem(value); !why.empty()) throw Error("field: " + why);
#pragma once

#include <string>
#include <string_view>

namespace dendrite {

// Empty when `text` is valid UTF-8 without NUL bytes; otherwise what is wrong and where:
// "contains a NUL byte at offset 4", "is not valid UTF-8 (byte 0xff at offset 2)".
std::string text_problem(std::string_view text);

// The offset of the first byte that does not belong to a valid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or text.size() when there is none.
std::size_t invalid_utf8_offset(std::string_view text);

}  // namespace dendrite
