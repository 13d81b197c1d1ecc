// Fields of JSON objects that come from files (the states a checkpoint records), read with checks:
// a missing field or a value of the wrong kind is an Error that names the context, the field and
// the value found, never a nlohmann exception or a silent conversion (get<> would truncate 1.5 and
// overflow on 1e300).
//
//   const nlohmann::json& kind = json_field(state, "kind", "lr schedule state:");
//   std::int64_t n = json_count(state, "bad_epochs", "lr schedule state:");
//   // "lr schedule state: no field 'bad_epochs'", "lr schedule state: 'bad_epochs' must be a
//   // non-negative integer, got -1"
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace dendrite {

// object[key]; Error "<context> no field '<key>'" (or "<context> expected a JSON object, got ...").
const nlohmann::json& json_field(const nlohmann::json& object, const char* key, const std::string& context);
// A non-negative JSON integer.
std::int64_t json_count(const nlohmann::json& object, const char* key, const std::string& context);
// true or false.
bool json_bool(const nlohmann::json& object, const char* key, const std::string& context);

}  // namespace dendrite
