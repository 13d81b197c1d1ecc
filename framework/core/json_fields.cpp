#include "framework/core/json_fields.h"

#include "framework/core/error.h"

namespace dendrite {

const nlohmann::json& json_field(const nlohmann::json& object, const char* key, const std::string& context) {
  DENDRITE_CHECK(object.is_object(), "{} expected a JSON object, got {}", context, object.dump());
  const auto it = object.find(key);
  DENDRITE_CHECK(it != object.end(), "{} no field '{}'", context, key);
  return *it;
}

std::int64_t json_count(const nlohmann::json& object, const char* key, const std::string& context) {
  const nlohmann::json& v = json_field(object, key, context);
  DENDRITE_CHECK(v.is_number_integer() && v.get<std::int64_t>() >= 0,
                 "{} '{}' must be a non-negative integer, got {}", context, key, v.dump());
  return v.get<std::int64_t>();
}

bool json_bool(const nlohmann::json& object, const char* key, const std::string& context) {
  const nlohmann::json& v = json_field(object, key, context);
  DENDRITE_CHECK(v.is_boolean(), "{} '{}' must be true or false, got {}", context, key, v.dump());
  return v.get<bool>();
}

}  // namespace dendrite
