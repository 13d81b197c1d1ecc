// The one check for "this call must fail with this message" in the tests.
//
//   expect_error([&] { load_checkpoint(path); }, {path, "truncated"});
//   expect_error<Ort::Exception>([&] { session.Run(...); }, {"input W"});
//   const std::string m = expect_error([&] { build_model(spec); }, {"layer 0"});  // for more checks
//
// fn() must throw E (dendrite::Error unless given) whose what() contains every one of `parts`.
// With E = dendrite::Error an InternalError does not count: that is a broken invariant (a bug),
// not the user error the test asks for; ask for InternalError to test one. Any failure (nothing
// thrown, another type, a missing part) is one test failure at the caller's line that prints the
// whole message. Returns the message ("" when nothing fitting was thrown).
#pragma once

#include <cxxabi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "framework/core/error.h"

namespace dendrite::test {

// "dendrite::Error" for typeid(dendrite::Error).
inline std::string readable_type_name(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? name.get() : type.name();
}

template <class E = Error, class F>
std::string expect_error(F&& fn, const std::vector<std::string>& parts = {}, const char* file = __builtin_FILE(),
                         int line = __builtin_LINE()) {
  const std::string wanted = readable_type_name(typeid(E));
  std::string expected = wanted;
  for (std::size_t i = 0; i < parts.size(); ++i) expected += (i == 0 ? " with '" : "', '") + parts[i];
  if (!parts.empty()) expected += "'";
  try {
    fn();
  } catch (const E& e) {
    const std::string message = e.what();
    if constexpr (std::is_same_v<E, Error>) {
      if (dynamic_cast<const InternalError*>(&e) != nullptr) {
        ADD_FAILURE_AT(file, line) << "expected " << expected << "; got an internal error (a bug): " << message;
        return message;
      }
    }
    std::string missing;
    for (const std::string& part : parts)
      if (message.find(part) == std::string::npos) missing += (missing.empty() ? "'" : ", '") + part + "'";
    if (!missing.empty()) ADD_FAILURE_AT(file, line) << "the message lacks " << missing << ":\n" << message;
    return message;
  } catch (const std::exception& e) {
    ADD_FAILURE_AT(file, line) << "expected " << expected << "; got " << readable_type_name(typeid(e)) << ": "
                               << e.what();
    return "";
  } catch (...) {
    ADD_FAILURE_AT(file, line) << "expected " << expected << "; got an exception that is no std::exception";
    return "";
  }
  ADD_FAILURE_AT(file, line) << "expected " << expected << "; nothing was thrown";
  return "";
}

}  // namespace dendrite::test
