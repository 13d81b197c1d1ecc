// The messages between a sweep's coordinator and its workers (see channel.h), built and read in
// one place. Every reader throws Error naming the message when a field is missing or wrong.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/sweep/run_record.h"

namespace dendrite {

std::string ready_message(const std::string& host, long pid);
std::string run_message(const std::string& key, const nlohmann::json& config);
std::string stop_message();
std::string done_message(const std::string& key, const RunSummary& result);
std::string failed_message(const std::string& key, const std::string& error);
// A worker that cannot work at all (its data could not be loaded): the sweep ends with the error.
std::string fatal_message(const std::string& error);

struct SweepMessage {
  std::string type;  // ready | run | stop | result | fatal
  std::string key;   // run, result
  nlohmann::json config;     // run
  bool ok = false;           // result
  RunSummary result;          // result with ok
  std::string error;         // result without ok, fatal
  std::string host;          // ready
  long pid = 0;              // ready
};

SweepMessage parse_message(const std::string& text);

}  // namespace dendrite
