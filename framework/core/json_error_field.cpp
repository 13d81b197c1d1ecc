#include "framework/core/json_error_field.h"

#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dendrite {

namespace {

// A SAX reader that builds nothing: it follows the path to the current value and keeps the token
// at which the parser gave up.
class PathFollower : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    frames_.push_back({false, {}, 0});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return end(); }
  bool start_array(std::size_t) override {
    frames_.push_back({true, {}, 0});
    return true;
  }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t, const std::string& last_token, const nlohmann::json::exception&) override {
    failed_ = true;
    token_ = last_token;
    return false;
  }

  JsonErrorField where() const {
    if (!failed_) return {};
    std::string path;
    for (const Frame& f : frames_) {
      if (f.array) path += fmt::format("[{}]", f.index);
      else if (!f.key.empty()) path += (path.empty() ? "" : ".") + f.key;
    }
    return {path, token_};
  }

 private:
  struct Frame {
    bool array;
    std::string key;
    std::size_t index;
  };
  bool value() {
    if (!frames_.empty() && frames_.back().array) frames_.back().index += 1;
    return true;
  }
  bool end() {
    frames_.pop_back();
    return value();
  }
  std::vector<Frame> frames_;
  bool failed_ = false;
  std::string token_;
};

}  // namespace

JsonErrorField json_error_field(const std::string& text) {
  PathFollower follower;
  nlohmann::json::sax_parse(text, &follower);
  return follower.where();
}

}  // namespace dendrite
