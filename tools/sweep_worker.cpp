#include "tools/sweep_worker.h"

#include <signal.h>
#include <unistd.h>

#include <memory>

#include "framework/sweep/local_workers.h"
#include "framework/sweep/mpi_transport.h"
#include "framework/sweep/process_info.h"
#include "framework/data/content_hash.h"
#include "framework/sweep/sweep_messages.h"
#include "framework/sweep/worker.h"
#include "tools/cli_common.h"
#include "tools/sweep_training.h"
#include "tools/data_options.h"

namespace dendrite::tools {

namespace {

struct WorkerSetup {
  std::string dataset, dataset_hash;
  int threads = 1;
  DataOptions data;
  int exit_code = -1;  // >= 0: nothing to do, exit with it
};

WorkerSetup parse_setup(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    WorkerSetup s;
    if (j.at("type") == "exit") {
      s.exit_code = j.at("code").get<int>();
      return s;
    }
    DENDRITE_CHECK(j.at("type") == "setup", "expected a setup message");
    s.dataset = j.at("dataset").get<std::string>();
    s.dataset_hash = j.at("dataset_hash").get<std::string>();
    s.threads = j.at("threads").get<int>();
    if (j.contains("data")) {
      const nlohmann::json& d = j.at("data");
      s.data.dataset = d.at("dataset").get<std::string>();
      s.data.data_dir = d.at("data_dir").get<std::string>();
      s.data.train_images = d.at("train_images").get<std::string>();
      s.data.train_labels = d.at("train_labels").get<std::string>();
      s.data.test_images = d.at("test_images").get<std::string>();
      s.data.test_labels = d.at("test_labels").get<std::string>();
      s.data.classes = d.at("classes").get<int>();
      s.data.cifar100_labels = d.at("cifar100_labels").get<std::string>();
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("sweep worker: bad setup message ({}): {:.200}", e.what(), text));
  }
}

// Trains what the coordinator sends, on this data, until told to stop.
void serve(CoordinatorLink& link, const WorkerSetup& setup, const Dataset& train, const Dataset& test) {
  apply_threads(setup.threads);
  run_worker(link, host_name(), [&](const nlohmann::json& config) {
    return train_configuration(config, setup.dataset, train, test);
  });
}

struct WorkerArgs {
  int fd = 3;
  long parent = 0;
};

int run_local_worker(const WorkerArgs& a) {
  LocalCoordinatorLink link(a.fd, a.parent);
  const std::optional<std::string> text = link.receive();
  if (!text) return 1;
  const WorkerSetup setup = parse_setup(*text);
  Dataset train, test;
  try {
    TrainTest data = load_checked_data(setup.data);
    train = std::move(data.train);
    test = std::move(data.test);
    const std::string hash = dataset_content_hash(train, test);
    DENDRITE_CHECK(hash == setup.dataset_hash, "the data files changed after the sweep started (content hash {:.12} "
                   "instead of {:.12})", hash, setup.dataset_hash);
  } catch (const std::exception& e) {
    link.send(fatal_message(e.what()));
    return 1;
  }
  serve(link, setup, train, test);
  return 0;
}

}  // namespace

std::string worker_setup(const std::string& dataset, const std::string& dataset_hash, int threads,
                         const DataOptions* data) {
  nlohmann::json j = {{"type", "setup"}, {"dataset", dataset}, {"dataset_hash", dataset_hash}, {"threads", threads}};
  if (data != nullptr) {
    j["data"] = {{"dataset", data->dataset},           {"data_dir", data->data_dir},
                 {"train_images", data->train_images}, {"train_labels", data->train_labels},
                 {"test_images", data->test_images},   {"test_labels", data->test_labels},
                 {"classes", data->classes},           {"cifar100_labels", data->cifar100_labels}};
  }
  return j.dump();
}

std::string worker_exit_message(int code) { return nlohmann::json{{"type", "exit"}, {"code", code}}.dump(); }

std::vector<std::string> local_worker_command() {
  return {program_path(), "_sweep-worker", "--fd", "3", "--parent", std::to_string(::getpid())};
}

int serve_mpi_rank() {
  // mpirun passes Ctrl-C and SIGTERM to every rank: rank 0 then puts the runs in flight back in the
  // store and ends the job; a worker that died at once would make mpirun kill rank 0 first.
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  std::string text;
  mpi_broadcast_text(text);
  const WorkerSetup setup = parse_setup(text);
  if (setup.exit_code >= 0) return setup.exit_code;
  Dataset train, test;
  mpi_broadcast_dataset(train);
  mpi_broadcast_dataset(test);
  MpiCoordinatorLink link;
  serve(link, setup, train, test);
  return 0;
}

Command make_sweep_worker_command() {
  auto a = std::make_shared<WorkerArgs>();
  Command c;
  c.name = "_sweep-worker";
  c.description = "";  // internal: started by dendrite sweep
  c.add_options = [a](CLI::App& cmd) {
    cmd.group("");  // hidden from --help
    cmd.add_option("--fd", a->fd, "the socket to the coordinator")->required();
    cmd.add_option("--parent", a->parent, "the coordinator's PID")->required();
  };
  c.run = [a](CLI::App&) { return run_local_worker(*a); };
  return c;
}

}  // namespace dendrite::tools
