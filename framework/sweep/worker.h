// The worker's loop, the same for local worker processes and MPI ranks: announce itself, then run
// one configuration after another, on data it loaded (or received) once, until told to stop.
//
//   LocalCoordinatorLink link(fd);
//   run_worker(link, host_name(), [&](const nlohmann::json& config) { return train(config, data); });
//
// A run that throws is reported as failed with the exception's message and the worker goes on
// (a non-finite loss, a model that does not fit the data, out of memory).
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/sweep/channel.h"
#include "framework/sweep/run_record.h"

namespace dendrite {

using RunFunction = std::function<RunSummary(const nlohmann::json& config)>;

// Returns when told to stop or when the coordinator is gone.
void run_worker(CoordinatorLink& link, const std::string& host, const RunFunction& run);

}  // namespace dendrite
