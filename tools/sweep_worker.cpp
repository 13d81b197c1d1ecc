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

// The setup message, or the exit code rank 0 sent instead (MPI).
struct SetupOrExit {
  WorkerSetup setup;
  DataOptions data;  // the setup's data files (local workers)
  int exit_code = -1;  // >= 0: nothing to do, exit with it
};

SetupOrExit parse_setup(const std::string& text) {
  const SweepMessage m = parse_message(text);
  SetupOrExit s;
  if (m.type == "exit") {
    s.exit_code = m.exit_code;
    return s;
  }
  DENDRITE_CHECK(m.type == "setup", "sweep worker: expected a setup message, got a '{}' message", m.type);
  s.setup = m.setup;
  if (const auto& d = m.setup.data) {
    s.data.dataset = d->dataset;
    s.data.data_dir = d->data_dir;
    s.data.train_images = d->train_images;
    s.data.train_labels = d->train_labels;
    s.data.test_images = d->test_images;
    s.data.test_labels = d->test_labels;
    s.data.classes = d->classes;
    s.data.cifar100_labels = d->cifar100_labels;
  }
  return s;
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
  const SetupOrExit received = parse_setup(*text);
  if (received.exit_code >= 0) return received.exit_code;
  const WorkerSetup& setup = received.setup;
  Dataset train, test;
  try {
    TrainTest data = load_checked_data(received.data, DataWarnings{/*print=*/false});  // the sweep printed them
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
  WorkerSetup setup{dataset, dataset_hash, threads, std::nullopt};
  if (data != nullptr) {
    setup.data = WorkerDataFiles{data->dataset,     data->data_dir,    data->train_images,    data->train_labels,
                                 data->test_images, data->test_labels, data->cifar100_labels, data->classes};
  }
  return setup_message(setup);
}

std::vector<std::string> local_worker_command() {
  return {program_path(), "_sweep-worker", "--fd", "3", "--parent", std::to_string(::getpid())};
}

int serve_mpi_rank(const MpiSession& mpi) {
  // mpirun passes Ctrl-C, SIGTERM and SIGHUP to every rank: rank 0 then puts the runs in flight back in the
  // store and ends the job; a worker that died at once would make mpirun kill rank 0 first.
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  std::string text;
  mpi_broadcast_text(text);
  const SetupOrExit received = parse_setup(text);
  if (received.exit_code >= 0) return received.exit_code;
  const WorkerSetup& setup = received.setup;
  Dataset train, test;
  mpi_broadcast_dataset(train);
  mpi_broadcast_dataset(test);
  MpiCoordinatorLink link(/*heartbeat=*/mpi.serialized_threads());
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
