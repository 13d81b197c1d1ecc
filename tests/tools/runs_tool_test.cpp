// dendrite runs: one row per run of the store, as CSV (RFC 4180), JSON or an aligned table.
#include <nlohmann/json.hpp>

#include <sstream>

#include "tests/tools/sweep_test_util.h"

namespace dendrite {
namespace {

class RunsTool : public test::SweepToolTest {
 protected:
  void SetUp() override {
    test::SweepToolTest::SetUp();
    // 3 done runs and 1 failed one.
    const test::CommandResult r = sweep("--models dann-r,vann --dendrites 2 --somata 8 --synapses 4 --optimizer sgd "
                                        "--lr 0.01,1e20 --seeds 1 --epochs 2 --set momentum=0.9 --jobs 2");
    ASSERT_EQ(r.exit_code, 1) << r.output;
  }
  test::CommandResult runs(const std::string& args) const {
    return test::run_command(test::dendrite_tool() + " runs --store " + store_ + " " + args + " 2>/dev/null");
  }
};

std::vector<std::string> split(const std::string& text, const std::string& by) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(by, start)) != std::string::npos; start = at + by.size())
    out.push_back(text.substr(start, at - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

TEST_F(RunsTool, CsvHasTheColumnsAndOneRowPerRun) {
  const test::CommandResult r = runs("--format csv");
  ASSERT_EQ(r.exit_code, 0);
  const std::vector<std::string> lines = split(r.output, "\r\n");
  ASSERT_EQ(lines.size(), 5u) << r.output;  // header + 4 runs
  EXPECT_EQ(lines[0].rfind("model,dataset,dendrites,somata,synapses,layers,seed,input_noise,sequential,epochs,params,"
                           "status,test_accuracy,test_loss,best_epoch,seconds_per_epoch,", 0), 0u) << lines[0];
  const std::vector<std::string> header = split(lines[0], ",");
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  int done = 0, failed = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    // The config column is the last one: a quoted field with doubled quotes (RFC 4180).
    const std::size_t config_at = lines[i].find(",\"{\"\"");
    ASSERT_NE(config_at, std::string::npos) << lines[i];
    const std::vector<std::string> f = split(lines[i].substr(0, config_at), ",");
    ASSERT_GE(f.size(), col("error"));
    if (f[col("status")] == "done") {
      done += 1;
      const double accuracy = std::stod(f[col("test_accuracy")]);
      EXPECT_GE(accuracy, 0.0);
      EXPECT_LE(accuracy, 1.0);
      EXPECT_EQ(f[col("lr")], "0.01");
      EXPECT_EQ(f[col("epochs")], "2");
    } else {
      failed += 1;
      EXPECT_EQ(f[col("status")], "failed");
      EXPECT_EQ(f[col("test_accuracy")], "");  // NULL
    }
  }
  EXPECT_EQ(done, 2);
  EXPECT_EQ(failed, 2);
}

TEST_F(RunsTool, JsonRowsMatchTheStore) {
  const test::CommandResult r = runs("--format json");
  ASSERT_EQ(r.exit_code, 0);
  const nlohmann::json j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j.size(), 4u);
  for (const nlohmann::json& row : j) {
    const std::string key = row["run_key"];
    EXPECT_EQ(row["status"], value("SELECT status FROM runs WHERE run_key = '" + key + "'"));
    EXPECT_EQ(row["config"]["momentum"], 0.9);
    EXPECT_EQ(row["sequential"], false);
    if (row["status"] == "done") {
      EXPECT_EQ(row["test_loss"].get<double>(), real("SELECT test_loss FROM runs WHERE run_key = '" + key + "'"));
      EXPECT_TRUE(row["error"].is_null());
    } else {
      EXPECT_TRUE(row["test_loss"].is_null());
      EXPECT_NE(row["error"].get<std::string>().find("the loss became"), std::string::npos);
    }
  }
}

// A store written by other hands with bytes that are not UTF-8 in a configuration: JSON cannot hold
// them, so --format json names the store, the run and the column (it ended in a bare nlohmann
// exception); csv shows the bytes as stored.
TEST_F(RunsTool, JsonNamesTheStoreRunAndColumnOfTextThatIsNotUtf8) {
  const std::string key = value("SELECT run_key FROM runs WHERE status = 'done' ORDER BY run_key LIMIT 1");
  {
    SqliteDb db = SqliteDb::open(store_, SqliteDb::Mode::read_write);
    db.exec("UPDATE runs SET config = CAST(X'7B226D6F64656C223A2272656CFF75227D' AS TEXT) WHERE run_key = '" + key + "'");
  }
  const test::CommandResult r =
      test::run_command(test::dendrite_tool() + " runs --store " + store_ + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output, "dendrite runs: error: store '" + store_ + "': run " + key +
                          ": column config: the stored text is not valid UTF-8 (byte 0xff at offset 13); --format csv "
                          "shows it as stored\n");
  EXPECT_EQ(runs("--format csv").exit_code, 0);
}

TEST_F(RunsTool, TableAndFilters) {
  const test::CommandResult r = runs("--format table --status done");
  ASSERT_EQ(r.exit_code, 0);
  const std::vector<std::string> lines = split(r.output, "\n");
  ASSERT_EQ(lines.size(), 4u) << r.output;  // header, 2 runs, count
  EXPECT_EQ(lines[0].rfind("model   dataset  dendrites  somata  synapses", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("dann-r  idx      2          8       4 ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("vann    idx      2          8                ", 0), 0u) << lines[2];  // no synapses
  EXPECT_EQ(lines[3], "2 runs");
  EXPECT_EQ(split(runs("--format csv --status failed --dataset idx").output, "\r\n").size(), 3u);
  EXPECT_EQ(split(runs("--format csv --dataset mnist").output, "\r\n").size(), 1u);
  EXPECT_EQ(runs("--format xml").exit_code, 2);
}

// Mounting needs root and unshare (a private mount namespace, gone with the command).
bool can_mount() {
  static const bool ok =
      test::run_command("unshare -m sh -c 'mount --bind -o ro /tmp /mnt && test ! -w /mnt'").exit_code == 0;
  return ok;
}

// The store's .db alone (no -wal, -shm or lock), in a folder of its own, read through a read-only
// bind mount: the reader must not try to create anything there.
TEST_F(RunsTool, ReadsAnArchivedStoreOnAReadOnlyMount) {
  if (!can_mount()) GTEST_SKIP() << "cannot bind-mount read-only here (needs root and unshare)";
  const std::filesystem::path archive = dir_ / "archive";
  std::filesystem::create_directories(archive);
  std::filesystem::copy_file(store_, archive / "runs.db");
  const std::string copy = (archive / "runs.db").string();
  // The runs, then the proof that the mount was read-only.
  const test::CommandResult r = test::run_command(
      "unshare -m sh -c 'mount --bind -o ro " + archive.string() + " " + archive.string() + " && " +
      test::dendrite_tool() + " runs --format csv --status done --store " + copy + " && echo listed && touch " +
      archive.string() + "/x'");
  EXPECT_NE(r.exit_code, 0) << "the mount was writable:\n" << r.output;
  EXPECT_NE(r.output.find("Read-only file system"), std::string::npos) << r.output;
  const std::size_t listed = r.output.find("listed\n");
  ASSERT_NE(listed, std::string::npos) << r.output;
  EXPECT_EQ(split(r.output.substr(0, listed), "\r\n").size(), 3u) << r.output;  // header, 2 done runs
}

TEST_F(RunsTool, BackupIsAStoreWithTheSameRuns) {
  const std::string copy = (dir_ / "copy.db").string();
  const test::CommandResult r = runs("--backup " + copy);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
  const std::string listed = runs("--format csv").output;
  const test::CommandResult from_copy =
      test::run_command(test::dendrite_tool() + " runs --format csv --store " + copy);
  EXPECT_EQ(from_copy.output, listed);
  EXPECT_EQ(split(listed, "\r\n").size(), 5u);
  // An existing database there is kept: exit 1, one line naming it.
  const test::CommandResult again =
      test::run_command(test::dendrite_tool() + " runs --store " + store_ + " --backup " + copy);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.output, "dendrite runs: error: backup '" + copy + "' already exists and is an SQLite database (a "
                          "store?); not overwriting it. Remove it or choose another name\n");
}

}  // namespace
}  // namespace dendrite
