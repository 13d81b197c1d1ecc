// The identity of a sweep run. A run is one training of one configuration (a JSON object of
// `dendrite train` options) on one data set with one framework version; its key is the hex SHA-256
// of
//   canonical_json(config) + "\n" + dataset_hash + "\n" + framework_version
// where the canonical form has its keys sorted and no spaces (nlohmann's compact dump of an object,
// whose keys are kept sorted). The same configuration on the same data and framework is the same
// row of the store, so a rerun of a sweep finds the runs it has done.
//
//   std::string hash = dataset_content_hash(train, test);   // framework/data/content_hash.h
//   std::string key = run_key(config, hash, framework_version());
#pragma once

#include <string>

#include <nlohmann/json.hpp>


namespace dendrite {

std::string canonical_json(const nlohmann::json& value);

std::string run_key(const nlohmann::json& config, const std::string& dataset_hash,
                    const std::string& framework_version);

}  // namespace dendrite
