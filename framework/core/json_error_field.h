// Where in a JSON text parsing stops, as the field a message names. nlohmann's own errors give a
// byte offset (a syntax error) or nothing at all (a number out of range, "number overflow parsing
// '1e999'"); this walks the text again with a SAX reader that keeps the path of keys and list
// positions up to the failure.
//
//   catch (const nlohmann::json::exception&) {
//     const JsonErrorField where = json_error_field(text);  // {"axes.lr[1]", "1e999"}
//   }
#pragma once

#include <string>

namespace dendrite {

struct JsonErrorField {
  std::string path;   // "axes.lr[1]"; empty at the top level or when the text parses
  std::string token;  // the text at the failure ("1e999"); empty when the text parses
};

JsonErrorField json_error_field(const std::string& text);

}  // namespace dendrite
