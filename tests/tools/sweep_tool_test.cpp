// dendrite sweep through the real tool: a local sweep and an MPI sweep fill the store with the
// same results, a rerun trains nothing, a sweep run equals `dendrite train`, a failed run is
// recorded while the others finish, and the store's columns hold the configuration.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

// 8 runs of a few hundred milliseconds: two variants, two sizes, two seeds.
const std::string kGrid = "--models dann-r,vann --dendrites 2,4 --somata 8 --synapses 4 --seeds 1,2 --epochs 2";

class SweepTool : public test::SweepToolTest {};

TEST_F(SweepTool, LocalSweepFillsTheStoreAndARerunTrainsNothing) {
  const test::CommandResult first = sweep(kGrid + " --jobs 2");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("sweep: 8 configurations on idx (300 training, 100 test samples"), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("0 done, 0 failed before, 0 pending, 8 new -> 8 to run"), std::string::npos);
  EXPECT_EQ(count("status = 'done'"), 8);
  EXPECT_EQ(count("attempts = 1 AND test_accuracy BETWEEN 0 AND 1 AND params > 0 AND best_epoch BETWEEN 1 AND 2"), 8);
  EXPECT_EQ(value("SELECT count(*) FROM epochs"), "16");
  EXPECT_EQ(value("SELECT count(DISTINCT rank) FROM runs"), "2");  // both workers worked
  const std::vector<std::string> finished = column("SELECT finished_at FROM runs ORDER BY run_key");

  const test::CommandResult again = sweep(kGrid + " --jobs 2");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("8 done, 0 failed before, 0 pending, 0 new -> 0 to run"), std::string::npos)
      << again.output;
  EXPECT_NE(again.output.find("nothing to run"), std::string::npos);
  EXPECT_EQ(column("SELECT finished_at FROM runs ORDER BY run_key"), finished);
  EXPECT_EQ(count("attempts = 1"), 8);
  EXPECT_EQ(column("SELECT status FROM sweeps ORDER BY id"), (std::vector<std::string>{"finished", "finished"}));
}

TEST_F(SweepTool, MpiSweepFillsTheStoreWithTheLocalResults) {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  const std::string mpi_store = (dir_ / "mpi.db").string();
  const test::CommandResult mpi = test::run_command("mpirun -np 3 --oversubscribe " + sweep_command(kGrid, mpi_store));
  ASSERT_EQ(mpi.exit_code, 0) << mpi.output;
  EXPECT_EQ(count("status = 'done'", mpi_store), 8);
  EXPECT_EQ(value("SELECT workers FROM sweeps", mpi_store), "2");
  for (const std::string& rank : column("SELECT DISTINCT rank FROM runs", mpi_store))
    EXPECT_TRUE(rank == "1" || rank == "2") << rank;  // rank 0 only coordinates
  EXPECT_EQ(value("SELECT count(*) FROM epochs", mpi_store), "16");

  // The same runs locally: the same keys (same data hash) and bitwise the same results, so the
  // broadcast data set is the loaded one.
  ASSERT_EQ(sweep(kGrid + " --jobs 2").exit_code, 0);
  const std::string by_key = "SELECT run_key || ' ' || quote(test_loss) || ' ' || quote(train_loss) FROM runs ORDER BY run_key";
  EXPECT_EQ(column(by_key, mpi_store), column(by_key));
}

TEST_F(SweepTool, ASweepRunEqualsDendriteTrain) {
  const std::string grid =
      "--models dann-r --dendrites 4 --somata 8 --synapses 4 --seeds 2 --input-noise 0,0.3 --sequential both --epochs 2";
  const test::CommandResult s = sweep(grid + " --jobs 2 --threads-per-run 1");
  ASSERT_EQ(s.exit_code, 0) << s.output;
  ASSERT_EQ(count("status = 'done'"), 4);
  for (const char* noise : {"0", "0.3"}) {
    for (const bool sequential : {false, true}) {
      const std::string summary = (dir_ / fmt::format("summary-{}-{}.json", noise, sequential)).string();
      const test::CommandResult t = test::run_command(
          test::dendrite_tool() + " train" + data_ + " --model dann-r --dendrites 4 --somata 8 --synapses 4 --seed 2 "
          "--epochs 2 --threads 1 --quiet --no-progress --overwrite --out " + (dir_ / "train").string() +
          " --summary " + summary + " --input-noise " + noise + (sequential ? " --sequential" : ""));
      ASSERT_EQ(t.exit_code, 0) << t.output;
      std::ifstream in(summary);
      const nlohmann::json j = nlohmann::json::parse(in);
      SqliteDb db = SqliteDb::open(store_, SqliteDb::Mode::read_only);
      SqliteStatement row = db.prepare("SELECT test_loss, test_accuracy, val_loss, params FROM runs WHERE "
                                       "input_noise = ? AND sequential = ?");
      row.bind(1, std::stod(noise)).bind(2, std::int64_t{sequential});
      ASSERT_TRUE(row.step()) << noise << " " << sequential;
      EXPECT_EQ(row.real(0), j["test_loss"].get<double>()) << "noise " << noise << " sequential " << sequential;
      EXPECT_EQ(row.real(1), j["test_accuracy"].get<double>());
      EXPECT_EQ(row.real(2), j["val_loss"].get<double>());
      EXPECT_EQ(row.integer(3), j["params"].get<std::int64_t>());
    }
  }
}

// With a schedule, early stopping (which stops: min_delta 0.01) and the input stage: the same
// epochs, lrs and results as train.
TEST_F(SweepTool, ASweepRunWithTheTrainingProtocolEqualsDendriteTrain) {
  const test::CommandResult s = sweep("--models mlp --seeds 3 --epochs 8 --set lr=0.05 --set lr_schedule=step --set "
                                      "lr_step_size=1 --set lr_gamma=0.5 --set early_stop=1 --set min_delta=0.01 "
                                      "--set normalize=feature --threads-per-run 1");
  ASSERT_EQ(s.exit_code, 0) << s.output;
  ASSERT_EQ(count("status = 'done'"), 1);
  const std::string out = (dir_ / "train-protocol").string();
  const test::CommandResult t = test::run_command(
      test::dendrite_tool() + " train" + data_ + " --model mlp --seed 3 --epochs 8 --lr 0.05 --lr-schedule step "
      "--lr-step-size 1 --lr-gamma 0.5 --early-stop 1 --min-delta 0.01 --normalize feature --threads 1 --quiet "
      "--no-progress --overwrite --out " + out);
  ASSERT_EQ(t.exit_code, 0) << t.output;
  std::ifstream in(out + "/summary.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["stopped_early"], true);
  SqliteDb db = SqliteDb::open(store_, SqliteDb::Mode::read_only);
  SqliteStatement row = db.prepare("SELECT test_loss, val_loss, epochs_run, config FROM runs");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.real(0), j["test_loss"].get<double>());
  EXPECT_EQ(row.real(1), j["val_loss"].get<double>());
  EXPECT_EQ(row.integer(2), j["epochs"].get<std::int64_t>());
  const nlohmann::json config = nlohmann::json::parse(row.text(3));
  EXPECT_EQ(config["lr_schedule"], "step");
  EXPECT_EQ(config["early_stop"], 1);
  EXPECT_EQ(config["normalize"], "feature");
  std::ifstream log(out + "/log.jsonl");
  SqliteStatement epochs = db.prepare("SELECT lr FROM epochs ORDER BY epoch");
  for (std::string line; std::getline(log, line);) {
    ASSERT_TRUE(epochs.step());
    EXPECT_EQ(epochs.real(0), nlohmann::json::parse(line)["lr"].get<double>());
  }
  EXPECT_FALSE(epochs.step());
}

TEST_F(SweepTool, AFailedRunIsRecordedAndTheOthersFinish) {
  // SGD at a learning rate of 1e20 makes the loss non-finite within the first batches.
  const test::CommandResult r =
      sweep("--models dann-r --dendrites 2,4 --somata 8 --synapses 4 --optimizer sgd --lr 0.01,1e20 --epochs 2 --jobs 2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("2 runs failed (dendrite runs --store"), std::string::npos) << r.output;
  EXPECT_EQ(count("status = 'done' AND lr = 0.01"), 2);
  EXPECT_EQ(count("status = 'failed' AND lr = 1e20 AND error LIKE 'the loss became %nan at epoch 1%'"), 2);
  EXPECT_EQ(count("status = 'failed' AND test_loss IS NULL"), 2);
  // A rerun retries what failed (and it fails again, counted).
  EXPECT_EQ(sweep("--models dann-r --dendrites 2,4 --somata 8 --synapses 4 --optimizer sgd --lr 0.01,1e20 --epochs 2 "
                  "--jobs 2").exit_code, 1);
  EXPECT_EQ(count("status = 'failed' AND attempts = 2"), 2);
  EXPECT_EQ(count("status = 'done' AND attempts = 1"), 2);
}

TEST_F(SweepTool, TheStoreHoldsTheCanonicalConfigurationAndItsColumns) {
  ASSERT_EQ(sweep("--models mlp,vann --set hidden=16 --dendrites 2 --somata 8 --synapses 3 --set batch=32 --epochs 1 "
                  "--set weight-decay=0.0001 --set dendrite_activation=relu")
                .exit_code, 0);
  const nlohmann::json vann = nlohmann::json::parse(value("SELECT config FROM runs WHERE model = 'vann'"));
  EXPECT_EQ(vann["batch"], 32);
  EXPECT_EQ(vann["epochs"], 1);
  EXPECT_EQ(vann["dendrites"], 2);
  EXPECT_FALSE(vann.contains("synapses"));  // a vANN has no synapse count
  EXPECT_FALSE(vann.contains("hidden"));
  // Keys are train's option names with '_' for '-', whichever spelling was given.
  EXPECT_EQ(vann["weight_decay"], 0.0001);
  EXPECT_EQ(vann["dendrite_activation"], "relu");
  EXPECT_EQ(vann["soma_activation"], "leaky_relu(0.1)");
  EXPECT_EQ(vann["input_noise"], 0.0);
  EXPECT_FALSE(vann.contains("input-noise"));
  EXPECT_EQ(value("SELECT quote(synapses) || quote(dendrites) || ' ' || layers || batch FROM runs WHERE model = 'vann'"),
            "NULL2 132");
  const nlohmann::json mlp = nlohmann::json::parse(value("SELECT config FROM runs WHERE model = 'mlp'"));
  EXPECT_EQ(mlp["hidden"], "16");
  EXPECT_FALSE(mlp.contains("dendrites"));
  EXPECT_EQ(value("SELECT quote(dendrites) || quote(somata) FROM runs WHERE model = 'mlp'"), "NULLNULL");
  EXPECT_EQ(value("SELECT count(DISTINCT dataset_hash) FROM runs"), "1");
  EXPECT_EQ(value("SELECT count(*) FROM runs WHERE length(run_key) = 64 AND length(dataset_hash) = 64 AND "
                  "framework_version <> ''"), "2");
}

TEST_F(SweepTool, DryRunPrintsThePlanAndWritesNothing) {
  const test::CommandResult r = sweep(kGrid + " --dry-run --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("8 configurations"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("estimated cost:"), std::string::npos);
  EXPECT_NE(r.output.find("the store does not exist yet"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(store_));
}

}  // namespace
}  // namespace dendrite

namespace dendrite {
namespace {

// Every option of `dendrite train` is either part of a sweep's canonical configuration (so that it
// shapes the run key) or refused by the sweep with a reason. A new train option fails here until
// tools/sweep_config.cpp takes it one way or the other.
TEST_F(SweepTool, EveryTrainOptionIsInTheConfigurationOrRefused) {
  const std::set<std::string> in_config = {
      "model", "hidden", "activation", "dendrites", "somata", "synapses", "layers", "dendrite-activation",
      "soma-activation", "dropout", "epochs", "batch", "seed", "validation", "validation-split", "input-noise", "sequential", "impl",
      "optimizer", "lr", "momentum", "nesterov", "beta1", "beta2", "eps", "weight-decay", "normalize",
      "lr-schedule", "warmup-epochs", "lr-step-size", "lr-gamma", "lr-min", "lr-factor", "lr-patience", "early-stop",
      "min-delta", "restore-best"};
  const std::set<std::string> refused = {"dataset", "data-dir", "train-images", "train-labels", "test-images",
                                         "test-labels", "classes", "cifar100-labels", "data", "train-data",
                                         "test-data", "model-file", "init", "export", "out", "checkpoint", "log",
                                         "summary", "resume", "overwrite", "threads", "quiet", "no-progress"};
  const test::CommandResult help = test::run_command(test::dendrite_tool() + " train --help");
  ASSERT_EQ(help.exit_code, 0);
  std::set<std::string> train_options;
  std::istringstream lines(help.output);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t at = line.find("--");
    if (at == std::string::npos || line.find_first_not_of(" -h,") < at) continue;
    const std::string name = line.substr(at + 2, line.find_first_of(" =,", at) - at - 2);
    if (name != "help") train_options.insert(name);
  }
  for (const std::string& o : train_options)
    EXPECT_TRUE(in_config.count(o) + refused.count(o) == 1) << "--" << o << " is new to the sweep";
  EXPECT_EQ(train_options.size(), in_config.size() + refused.size());

  for (const std::string& o : refused) {
    const test::CommandResult r = sweep("--models mlp --set " + o + "=x --dry-run");
    EXPECT_EQ(r.exit_code, 2) << o;
    EXPECT_NE(r.output.find("--" + o + " cannot be set per run: "), std::string::npos) << r.output;
  }
  // The configurations of an mlp under Adam, a dANN under SGD and runs with a schedule, early
  // stopping and the input stage hold, between them, every option of in_config ('_' for '-').
  ASSERT_EQ(sweep("--grid-file " + (dir_ / "g.json").string()).exit_code, 2);  // missing file: a usage error
  std::ofstream(dir_ / "g.json") << R"({"fixed": {"epochs": 1}, "extra": [{"model": "mlp", "hidden": "8"},
      {"model": "dann-r", "dendrites": 2, "somata": 4, "synapses": 4, "optimizer": "sgd", "momentum": 0.5},
      {"model": "mlp", "hidden": "8", "normalize": "global", "lr_schedule": "step", "lr_step_size": 1,
       "early_stop": 2, "restore_best": false},
      {"model": "mlp", "hidden": "8", "lr_schedule": "plateau", "warmup_epochs": 1, "lr_patience": 0}]})";
  const test::CommandResult r = sweep("--grid-file " + (dir_ / "g.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::set<std::string> keys;
  for (const std::string& text : column("SELECT config FROM runs")) {
    const nlohmann::json config = nlohmann::json::parse(text);
    for (const auto& [key, value] : config.items()) keys.insert(key);
  }
  std::set<std::string> expected;
  for (std::string o : in_config) {
    std::replace(o.begin(), o.end(), '-', '_');
    expected.insert(o);
  }
  EXPECT_EQ(keys, expected);
}

}  // namespace
}  // namespace dendrite
