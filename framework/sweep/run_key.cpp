#include "framework/sweep/run_key.h"

#include <cstdint>
#include <vector>

#include "framework/core/error.h"
#include "framework/sweep/sha256.h"

namespace dendrite {

std::string canonical_json(const nlohmann::json& value) { return value.dump(); }

std::string run_key(const nlohmann::json& config, const std::string& dataset_hash,
                    const std::string& framework_version) {
  DENDRITE_ASSERT(config.is_object(), "run_key: the configuration is not a JSON object");
  return sha256_hex(canonical_json(config) + "\n" + dataset_hash + "\n" + framework_version);
}

namespace {
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "dataset_content_hash hashes tensors in memory order, defined as little-endian");

void hash_part(Sha256& h, const Dataset& d, const char* part) {
  check_dataset(d, part);
  std::vector<std::int64_t> head = {static_cast<std::int64_t>(d.sample_shape.size())};
  for (std::int64_t dim : d.sample_shape) head.push_back(dim);
  head.push_back(d.num_classes);
  head.push_back(d.size());
  head.push_back(d.features());
  h.update(head.data(), head.size() * sizeof(std::int64_t));
  h.update(d.labels.i32(), static_cast<std::size_t>(d.labels.numel()) * sizeof(std::int32_t));
  h.update(d.images.f32(), static_cast<std::size_t>(d.images.numel()) * sizeof(float));
}
}  // namespace

std::string dataset_content_hash(const Dataset& train, const Dataset& test) {
  Sha256 h;
  h.update(std::string("dendrite dataset v1\n"));
  hash_part(h, train, "training data");
  hash_part(h, test, "test data");
  return h.hex_digest();
}

}  // namespace dendrite
