#include "framework/data/npy_header.h"

#include <cctype>
#include <charconv>

#include "framework/core/error.h"

namespace dendrite {

namespace {

constexpr std::int64_t kMaxDim = std::int64_t{1} << 62;

// A recursive-descent reader of the few Python literals a .npy header holds.
class DictParser {
 public:
  DictParser(std::string_view text, const std::string& where) : text_(text), where_(where) {}

  NpyHeaderDict parse() {
    NpyHeaderDict dict;
    bool seen_descr = false, seen_fortran = false, seen_shape = false;
    skip_space();
    expect('{', "the dictionary's opening '{'");
    for (;;) {
      skip_space();
      if (peek() == '}') break;
      const std::size_t key_at = pos_;
      const std::string key = string_literal("a key (a quoted string)");
      skip_space();
      expect(':', "':' after the key");
      skip_space();
      if (key == "descr") {
        once(seen_descr, key, key_at);
        if (peek() == '[')
          fail(pos_, "'descr' is a list: a structured dtype (named fields), which cannot be read; save a plain "
                     "numeric array");
        dict.descr = string_literal("the dtype string of 'descr'");
      } else if (key == "fortran_order") {
        once(seen_fortran, key, key_at);
        dict.fortran_order = boolean();
      } else if (key == "shape") {
        once(seen_shape, key, key_at);
        dict.shape = tuple();
      } else {
        fail(key_at, "has the unknown key '" + key + "' (expected 'descr', 'fortran_order' and 'shape')");
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_space();
      if (peek() != '}') fail(pos_, "expected ',' or '}' after the value of '" + key + "'");
    }
    ++pos_;  // '}'
    skip_space();
    if (pos_ != text_.size()) fail(pos_, "has text after the dictionary's closing '}'");
    if (!seen_descr) fail(pos_, "has no 'descr' key");
    if (!seen_fortran) fail(pos_, "has no 'fortran_order' key");
    if (!seen_shape) fail(pos_, "has no 'shape' key");
    return dict;
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& what) const {
    throw Error(fmt::format("{}: the header dictionary {} (at character {} of \"{}\")", where_, what, at,
                            printable(text_)));
  }

  // The header text for a message: control and non-ASCII bytes as \xNN, at most 200 characters.
  static std::string printable(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, 200)) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u < 0x7f) {
        out += c;
      } else {
        out += fmt::format("\\x{:02x}", u);
      }
    }
    if (s.size() > 200) out += "...";
    return out;
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool at_end() const { return pos_ >= text_.size(); }

  void skip_space() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  void expect(char c, const char* what) {
    if (peek() != c || at_end()) fail(pos_, std::string("lacks ") + what);
    ++pos_;
  }

  void once(bool& seen, const std::string& key, std::size_t at) const {
    if (seen) fail(at, "has the key '" + key + "' twice");
    seen = true;
  }

  std::string string_literal(const char* what) {
    const char quote = peek();
    if (at_end() || (quote != '\'' && quote != '"')) fail(pos_, std::string("expected ") + what);
    const std::size_t start = ++pos_;
    while (!at_end() && text_[pos_] != quote) {
      if (text_[pos_] == '\\') fail(pos_, "has a backslash escape in a string, which a dtype string never holds");
      ++pos_;
    }
    if (at_end()) fail(start - 1, "has a string that is not closed");
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool boolean() {
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    fail(pos_, "expected True or False as the value of 'fortran_order'");
  }

  std::int64_t integer() {
    const std::size_t start = pos_;
    while (!at_end() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ == start) fail(start, "expected a non-negative integer in 'shape'");
    // The digits as a number, checked for overflow (no arithmetic of our own that could overflow).
    std::int64_t v = 0;
    const char* first = text_.data() + start;
    const auto [end, ec] = std::from_chars(first, text_.data() + pos_, v);
    if (ec != std::errc() || end != text_.data() + pos_ || v > kMaxDim)
      fail(start, "has a dimension in 'shape' larger than 2^62");
    if (peek() == 'L') ++pos_;  // Python 2's long suffix, as old NumPy versions wrote it
    return v;
  }

  // (), (n,), (a, b), (a, b,)
  std::vector<std::int64_t> tuple() {
    std::vector<std::int64_t> dims;
    expect('(', "the '(' of the 'shape' tuple");
    skip_space();
    if (peek() == ')') {
      ++pos_;
      return dims;
    }
    for (;;) {
      skip_space();
      dims.push_back(integer());
      skip_space();
      if (peek() == ')') break;
      expect(',', "',' or ')' in the 'shape' tuple");
      skip_space();
      if (peek() == ')') break;
    }
    ++pos_;  // ')'
    return dims;
  }

  std::string_view text_;
  const std::string& where_;
  std::size_t pos_ = 0;
};

}  // namespace

NpyHeaderDict parse_npy_header_dict(std::string_view text, const std::string& where) {
  return DictParser(text, where).parse();
}

}  // namespace dendrite
