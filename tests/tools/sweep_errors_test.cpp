// Bad input to dendrite sweep: one line naming the problem; options and grids exit with 2 before
// any data is read (the data paths here do not exist), stores that are not ours exit with 1.
#include <chrono>
#include <fstream>

#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

class SweepErrors : public test::SweepToolTest {
 protected:
  // The sweep on missing data files: an error about them means the check came too late.
  test::CommandResult sweep_without_data(const std::string& args) const {
    return test::run_command(test::dendrite_tool() + " sweep --store " + store_ +
                             " --train-images /no/train --train-labels /no/tl --test-images /no/test "
                             "--test-labels /no/l " + args);
  }
  void expect_usage_error(const std::string& args, const std::string& message) const {
    const test::CommandResult r = sweep_without_data(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(std::filesystem::exists(store_));
  }
};

TEST_F(SweepErrors, BadOptionsAndConfigurationsExitWith2BeforeReadingData) {
  expect_usage_error("--models dann-x --epochs 1",
                     R"(dendrite sweep: configuration {"epochs":"1","model":"dann-x"}: unknown model 'dann-x')");
  expect_usage_error("--models dann-r --dendrites 2,x", "--dendrites: must be a positive integer, got 'x'");
  expect_usage_error("--models dann-r --set out=/tmp/x", "--set out=/tmp/x: --out cannot be set per run: a sweep keeps "
                     "every run's results in its store");
  expect_usage_error("--models dann-r --set threads=2", "--threads cannot be set per run: the sweep sets each run's "
                     "threads (--threads-per-run)");
  expect_usage_error("--models dann-r --set input_nois=0.1", "--set input_nois=0.1: 'input_nois' is not a dendrite "
                     "train option");
  expect_usage_error("--models dann-r --set resume=x.ckpt", "sweep runs start afresh; rerun the sweep to continue it");
  expect_usage_error("--models dann-r --set model-file=m.json", "--model-file cannot be set per run");
  expect_usage_error("--models dann-r --sequential maybe", "--sequential is a flag: give true or false (or on / off)");
  expect_usage_error("--models dann-r --optimizer sgd --set nesterov=on", "nesterov");
  expect_usage_error("--models dann-r --lr -1", "lr");
  expect_usage_error("--models dann-r --jobs 2 --threads-per-run 4096", "--threads-per-run");
  expect_usage_error("--models dann-r --jobs 64 --threads-per-run 64",
                     "--jobs 64 x --threads-per-run 64 = 4096 threads on");
  // A grid of one configuration is fine: it gets as far as the data.
  const test::CommandResult r = sweep_without_data("--epochs 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "dendrite sweep: error: IDX file '/no/test' does not exist\n");
}

TEST_F(SweepErrors, NoGridIsAUsageError) {
  const test::CommandResult r = sweep_without_data("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no grid: give --grid paper|reduced, --grid-file FILE, or axes such as --models"),
            std::string::npos) << r.output;
}

TEST_F(SweepErrors, AnInvalidGridFileNamesTheField) {
  const std::string file = (dir_ / "grid.json").string();
  std::ofstream(file) << R"({"axes": {"model": ["dann-r"], "dendrites": [1, "many"]}})";
  expect_usage_error("--grid-file " + file, file + ": axes.dendrites[1]: --dendrites: must be a positive integer, got 'many'");
  std::ofstream(file) << R"({"axes": {"dendritess": [1]}})";
  expect_usage_error("--grid-file " + file, file + ": axes.dendritess: 'dendritess' is not a dendrite train option");
  std::ofstream(file) << R"({"fixed": {"epochs": 2}, "extra": [{"model": "dann-r", "log": "x"}]})";
  expect_usage_error("--grid-file " + file, file + ": extra[0].log: --log cannot be set per run");
  std::ofstream(file) << "{\"axes\": ";
  expect_usage_error("--grid-file " + file, file + ": not valid JSON:");
  // A NUL inside a string was cut off (relu trained in its place), a number beyond a double ended
  // in a bare nlohmann exception with exit 1, bytes that are not UTF-8 are refused as the JSON is read.
  std::ofstream(file) << R"({"axes": {"model": ["mlp"], "activation": ["relu\u0000evil"]}})";
  expect_usage_error("--grid-file " + file, file + ": axes.activation[0]: the string contains a NUL byte at offset 4");
  std::ofstream(file) << R"({"fixed": {"model": "mlp", "lr": 1e999}})";
  expect_usage_error("--grid-file " + file, file + ": fixed.lr: the number 1e999 is out of range");
  std::ofstream(file) << "{\"axes\": {\"model\": [\"ml\xffp\"]}}";
  expect_usage_error("--grid-file " + file, file + ": not valid JSON: ");
}

// A grid of 10^6 configurations took 3.5 minutes and 6.5 GB to plan (--dry-run), and 3x10^5 ran out
// of memory; now a grid above the bound is refused at once, naming its size.
TEST_F(SweepErrors, AGridAboveTheBoundIsRefusedAtOnceNamingItsSize) {
  std::string seeds, lrs;
  for (int i = 1; i <= 1000; ++i) seeds += (i > 1 ? "," : "") + std::to_string(i);
  for (int i = 1; i <= 1000; ++i) lrs += (i > 1 ? "," : "") + std::to_string(i) + "e-5";
  const auto start = std::chrono::steady_clock::now();
  expect_usage_error("--models mlp --seeds " + seeds + " --lr " + lrs + " --dry-run",
                     "the grid has 1000000 configurations; a sweep plans at most 100000");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  // A product beyond 2^63 (saturated) is named as such.
  expect_usage_error("--models mlp --seeds " + seeds + " --lr " + lrs + " --dropout " + lrs + " --set weight_decay=" +
                         lrs + " --set momentum=" + lrs + " --set batch=" + seeds + " --set epochs=" + seeds,
                     "the grid has more than 2^63 configurations");
}

TEST_F(SweepErrors, TextThatIsNotUtf8OnTheCommandLineIsAUsageError) {
  // The shell's printf makes the byte 0xff.
  const std::string args = "--models mlp --set \"activation=rel$(printf '\\377')u\"";
  expect_usage_error(args, "--set activation=rel");
  expect_usage_error(args, "--activation: the value is not valid UTF-8 (byte 0xff at offset 3)");
}

TEST_F(SweepErrors, DataThatDoesNotFitAModelIsAnErrorBeforeAnyRun) {
  // k = 100 synapses on 64 input features: found from the data's geometry, before any run starts
  // and before the store is made, naming the configuration.
  const test::CommandResult r = sweep("--models dann-lrf --dendrites 2 --somata 4 --synapses 4,100 --epochs 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("\"synapses\":100"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--synapses 100 does not fit the data"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(store_));
}

TEST_F(SweepErrors, ForeignAndCorruptStoresAreRefusedWithOneLine) {
  const std::string grid = "--models dann-r --dendrites 2 --somata 4 --synapses 4 --epochs 1";
  std::ofstream(store_) << "run_key,status\nabc,done\n";
  test::CommandResult r = sweep(grid);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "dendrite sweep: error: '" + store_ + "' is not an SQLite database, so not a dendrite sweep "
                      "store (file is not a database)\n");
  r = test::run_command(test::dendrite_tool() + " runs --store " + store_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("dendrite runs: error: '" + store_ + "' is not an SQLite database"), std::string::npos);

  std::filesystem::remove(store_);
  {
    SqliteDb other = SqliteDb::open(store_, SqliteDb::Mode::read_write_create);
    other.exec("CREATE TABLE runs (run_key TEXT)");
  }
  r = sweep(grid);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "dendrite sweep: error: '" + store_ + "' is not a dendrite sweep store (an SQLite database "
                      "without the meta row format = 'dendrite-sweep-store')\n");

  // A real store with a damaged page in the middle.
  std::filesystem::remove(store_);
  ASSERT_EQ(sweep("--models dann-r,vann --dendrites 2,4 --somata 4,8 --synapses 4 --seeds 1,2,3 --epochs 1").exit_code, 0);
  const auto size = std::filesystem::file_size(store_);
  {
    std::fstream f(store_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string garbage(4096, '\x77');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  r = sweep(grid);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output.rfind("dendrite sweep: error: '" + store_ + "' is corrupt", 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  r = test::run_command(test::dendrite_tool() + " runs --store " + store_ + " --format csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("is corrupt"), std::string::npos) << r.output;
}

TEST_F(SweepErrors, MpiWithOneRankIsAUsageError) {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  const test::CommandResult r = test::run_command("mpirun -np 1 " + sweep_command("--models dann-r --epochs 1"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("mpirun started 1 rank; the sweep needs a coordinator and at least one worker"),
            std::string::npos) << r.output;
}

}  // namespace
}  // namespace dendrite
