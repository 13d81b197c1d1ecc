#include "framework/sweep/run_key.h"

#include "framework/core/error.h"
#include "framework/data/sha256.h"

namespace dendrite {

std::string canonical_json(const nlohmann::json& value) { return value.dump(); }

std::string run_key(const nlohmann::json& config, const std::string& dataset_hash,
                    const std::string& framework_version) {
  DENDRITE_ASSERT(config.is_object(), "run_key: the configuration is not a JSON object");
  return sha256_hex(canonical_json(config) + "\n" + dataset_hash + "\n" + framework_version);
}

}  // namespace dendrite
