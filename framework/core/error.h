// Errors. Two kinds of checks, as in c10:
//   DENDRITE_CHECK(cond, fmt, args...)   user-facing: bad input, bad arguments, bad files.
//                                        Throws dendrite::Error with a formatted message.
//   DENDRITE_ASSERT(cond, fmt, args...)  internal invariant; a failure is a bug in dendrite.
//                                        Throws dendrite::InternalError.
// Library code never exits or aborts; tools catch Error at the top and print it on one line.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace dendrite {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error("internal error: " + message) {}
};

}  // namespace dendrite

#define DENDRITE_CHECK(cond, ...)                                  \
  do {                                                             \
    if (!(cond)) throw ::dendrite::Error(fmt::format(__VA_ARGS__)); \
  } while (0)

#define DENDRITE_ASSERT(cond, ...)                                                    \
  do {                                                                                \
    if (!(cond))                                                                      \
      throw ::dendrite::InternalError(fmt::format("{}:{}: ", __FILE__, __LINE__) +    \
                                      fmt::format(__VA_ARGS__));                      \
  } while (0)
