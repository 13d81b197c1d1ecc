// The messages between a sweep's coordinator and its workers (see channel.h), built and read in
// one place. Every reader throws Error naming the message when a field is missing or wrong.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/sweep/run_record.h"

namespace dendrite {

// Where a local worker loads the sweep's data from: the data options of the sweep's command line.
struct WorkerDataFiles {
  std::string dataset, data_dir, train_images, train_labels, test_images, test_labels, cifar100_labels;
  int classes = 0;
};

// The first message a worker gets: the data set's label and content hash (which the worker's own
// copy must match), the threads of each run, and for local workers the files to load; MPI ranks
// receive the data itself by broadcast instead.
struct WorkerSetup {
  std::string dataset, dataset_hash;
  int threads = 1;
  std::optional<WorkerDataFiles> data;
};

std::string setup_message(const WorkerSetup& setup);
// What MPI ranks get instead of a setup when there is nothing for them to do (or rank 0 failed):
// they exit with `code`.
std::string exit_message(int code);
std::string ready_message(const std::string& host, long pid);
std::string run_message(const std::string& key, const nlohmann::json& config);
std::string stop_message();
// A worker's heartbeat (MPI ranks send one a second, see MpiCoordinatorLink): it is still there.
std::string alive_message();
std::string done_message(const std::string& key, const RunSummary& result);
std::string failed_message(const std::string& key, const std::string& error);
// A worker that cannot work at all (its data could not be loaded): the sweep ends with the error.
std::string fatal_message(const std::string& error);

struct SweepMessage {
  std::string type;  // setup | exit | ready | run | stop | result | fatal
  std::string key;   // run, result
  nlohmann::json config;     // run
  bool ok = false;           // result
  RunSummary result;          // result with ok
  std::string error;         // result without ok, fatal
  std::string host;          // ready
  long pid = 0;              // ready
  WorkerSetup setup;         // setup
  int exit_code = 0;         // exit
};

SweepMessage parse_message(const std::string& text);

}  // namespace dendrite
