#include "framework/sweep/store.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "framework/core/error.h"
#include "framework/sweep/process_info.h"
#include "framework/sweep/store_schema_sql.h"
#include "framework/core/version.h"

namespace dendrite {

namespace {
namespace fs = std::filesystem;

void set_connection_options(SqliteDb& db) { db.exec("PRAGMA busy_timeout = 10000"); }

// Throws unless the file is a store of our schema version and passes SQLite's quick check.
void check_store(SqliteDb& db) {
  const std::string& path = db.path();
  const auto has_meta = db.query_text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  const auto format = has_meta && *has_meta != "0" ? db.query_text("SELECT value FROM meta WHERE key = 'format'")
                                                   : std::nullopt;
  DENDRITE_CHECK(format && *format == kStoreFormat,
                 "'{}' is not a dendrite sweep store (an SQLite database without the meta row format = '{}')", path,
                 kStoreFormat);
  const auto version = db.query_text("SELECT value FROM meta WHERE key = 'schema_version'");
  DENDRITE_CHECK(version && *version == kStoreSchemaVersion,
                 "'{}' is a dendrite sweep store of schema version {}; this dendrite reads version {}", path,
                 version ? *version : "(none)", kStoreSchemaVersion);
  std::optional<std::string> check = db.query_text("PRAGMA quick_check");
  if (check && *check == "ok") return;
  std::string what = check ? *check : "no answer";
  for (std::size_t at = what.find('\n'); at != std::string::npos; at = what.find('\n', at)) what.replace(at, 1, "; ");
  throw Error(fmt::format("'{}' is corrupt (SQLite's quick check: {})", path, what));
}

void create_store(SqliteDb& db) {
  in_transaction(db, [&] {
    db.exec(kStoreSchemaSql);
    SqliteStatement meta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    const std::pair<const char*, std::string> rows[] = {{"format", kStoreFormat},
                                                         {"schema_version", kStoreSchemaVersion},
                                                         {"created_at", utc_now()},
                                                         {"created_by", framework_version()}};
    for (const auto& [key, value] : rows) meta.bind(1, key).bind(2, value).run();
  });
}

// SQLite's 16-byte file header, "SQLite format 3" and a NUL, starts every database.
bool is_sqlite_database(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  return in.read(header, sizeof header) && std::memcmp(header, "SQLite format 3", 16) == 0;
}

void expect_one_row(const SqliteDb& db, const std::string& key) {
  DENDRITE_ASSERT(db.changes() == 1, "store '{}': run {} is not in the store", db.path(), key);
}
}  // namespace

Store Store::open_for_sweep(const std::string& path) {
  std::error_code ec;
  DENDRITE_CHECK(!fs::is_directory(path, ec), "store '{}' is a directory; expected a file", path);
  const fs::path folder = fs::path(path).parent_path();
  DENDRITE_CHECK(folder.empty() || fs::is_directory(folder, ec),
                 "cannot create the store '{}': the folder '{}' does not exist", path, folder.string());
  auto lock = std::make_unique<FileLock>(FileLock::for_file(
      path, fmt::format("pid {} on host {}, since {}\n", ::getpid(), host_name(), utc_now()),
      [&](const std::string& holder) {
        return fmt::format("store '{}' is in use by another dendrite sweep ({}); wait for it to end or stop it", path,
                           holder.empty() ? "a process that has not written its PID yet" : holder);
      }));
  SqliteDb db = SqliteDb::open(path, SqliteDb::Mode::read_write_create);
  set_connection_options(db);
  // The first read of a file that is not SQLite fails here (SQLITE_NOTADB).
  const auto tables = db.query_text("SELECT count(*) FROM sqlite_master");
  if (tables && *tables == "0") create_store(db);
  check_store(db);
  const auto mode = db.query_text("PRAGMA journal_mode = WAL");
  DENDRITE_CHECK(mode && *mode == "wal", "store '{}': cannot switch to WAL mode (the file system may not support "
                 "it; journal mode is '{}')", path, mode ? *mode : "unknown");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  return Store(std::move(db), std::move(lock));
}

Store Store::open_read_only(const std::string& path) {
  std::error_code ec;
  DENDRITE_CHECK(fs::exists(path, ec), "store '{}' does not exist", path);
  DENDRITE_CHECK(!fs::is_directory(path, ec), "store '{}' is a directory; expected a file", path);
  SqliteDb db = SqliteDb::open(path, SqliteDb::Mode::read_only);
  set_connection_options(db);
  check_store(db);
  return Store(std::move(db), nullptr);
}

std::int64_t Store::begin_sweep(const std::string& command, const std::string& host, std::int64_t workers) {
  SqliteStatement s = db_.prepare(
      "INSERT INTO sweeps (started_at, command, host, workers, status) VALUES (?, ?, ?, ?, 'running') RETURNING id");
  s.bind(1, utc_now()).bind(2, command).bind(3, host).bind(4, workers);
  DENDRITE_ASSERT(s.step(), "store '{}': no id for the new sweep", db_.path());
  const std::int64_t id = s.integer(0);
  while (s.step()) {
  }
  return id;
}

void Store::finish_sweep(std::int64_t id, const std::string& status) {
  db_.prepare("UPDATE sweeps SET finished_at = ?, status = ? WHERE id = ?").bind(1, utc_now()).bind(2, status).bind(3, id).run();
  db_.checkpoint(SqliteDb::Checkpoint::truncate);
}

void Store::backup_to(const std::string& target) const {
  std::error_code ec;
  DENDRITE_CHECK(!fs::is_directory(target, ec), "backup '{}' is a directory; expected a file", target);
  DENDRITE_CHECK(!is_sqlite_database(target),
                 "backup '{}' already exists and is an SQLite database (a store?); not overwriting it. Remove it "
                 "or choose another name", target);
  const fs::path folder = fs::path(target).parent_path();
  DENDRITE_CHECK(folder.empty() || fs::is_directory(folder, ec),
                 "cannot write the backup '{}': the folder '{}' does not exist", target, folder.string());
  db_.backup_to(target);
}

std::int64_t Store::requeue_running() {
  std::int64_t runs = 0;
  in_transaction(db_, [&] {
    // This coordinator holds the lock: a sweep still marked running was killed.
    db_.exec("UPDATE sweeps SET status = 'interrupted' WHERE status = 'running'");
    db_.exec("UPDATE runs SET status = 'pending' WHERE status = 'running'");
    runs = db_.changes();
  });
  return runs;
}

void Store::insert_pending(const std::vector<RunRecord>& runs) {
  in_transaction(db_, [&] {
    SqliteStatement s = db_.prepare(
        "INSERT INTO runs (run_key, config, dataset, dataset_hash, framework_version, model, dendrites, somata, "
        "synapses, layers, seed, input_noise, sequential, epochs, batch, optimizer, lr, dropout, cost, status, "
        "attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) "
        "ON CONFLICT (run_key) DO NOTHING");
    const std::string now = utc_now();
    for (const RunRecord& r : runs) {
      s.bind(1, r.key).bind(2, r.config.dump()).bind(3, r.dataset).bind(4, r.dataset_hash);
      s.bind(5, r.framework_version).bind(6, r.model).bind(7, r.dendrites).bind(8, r.somata).bind(9, r.synapses);
      s.bind(10, r.layers).bind(11, r.seed).bind(12, r.input_noise).bind(13, std::int64_t{r.sequential ? 1 : 0});
      s.bind(14, r.epochs).bind(15, r.batch).bind(16, r.optimizer).bind(17, r.lr).bind(18, r.dropout);
      s.bind(19, r.cost).bind(20, now).run();
    }
  });
}

std::map<std::string, std::string> Store::statuses() const {
  std::map<std::string, std::string> out;
  SqliteStatement s = db_.prepare("SELECT run_key, status FROM runs");
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

void Store::mark_running(const std::string& key, const std::string& host, std::int64_t rank) {
  db_.prepare("UPDATE runs SET status = 'running', attempts = attempts + 1, host = ?, rank = ?, started_at = ?, "
              "finished_at = NULL WHERE run_key = ?")
      .bind(1, host).bind(2, rank).bind(3, utc_now()).bind(4, key).run();
  expect_one_row(db_, key);
}

void Store::record_done(const std::string& key, const RunSummary& r) {
  in_transaction(db_, [&] {
    db_.prepare("UPDATE runs SET status = 'done', error = NULL, finished_at = ?, params = ?, epochs_run = ?, "
                "train_loss = ?, train_accuracy = ?, val_loss = ?, val_accuracy = ?, test_loss = ?, "
                "test_accuracy = ?, best_epoch = ?, best_val_loss = ?, seconds_per_epoch = ?, "
                "train_samples_per_second = ?, wall_seconds = ? WHERE run_key = ?")
        .bind(1, utc_now()).bind(2, r.params).bind(3, r.epochs_run).bind(4, r.train_loss).bind(5, r.train_accuracy)
        .bind(6, r.val_loss).bind(7, r.val_accuracy).bind(8, r.test_loss).bind(9, r.test_accuracy)
        .bind(10, r.best_val_loss_epoch).bind(11, r.best_val_loss).bind(12, r.seconds_per_epoch)
        .bind(13, r.train_samples_per_second).bind(14, r.wall_seconds).bind(15, key).run();
    expect_one_row(db_, key);
    db_.prepare("DELETE FROM epochs WHERE run_key = ?").bind(1, key).run();
    SqliteStatement e = db_.prepare(
        "INSERT INTO epochs (run_key, epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr, seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const EpochRecord& h : r.history) {
      e.bind(1, key).bind(2, h.epoch).bind(3, h.train_loss).bind(4, h.train_accuracy).bind(5, h.val_loss);
      e.bind(6, h.val_accuracy).bind(7, h.lr).bind(8, h.seconds).run();
    }
  });
  db_.checkpoint(SqliteDb::Checkpoint::passive);
}

void Store::record_failed(const std::string& key, const std::string& error) {
  db_.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE run_key = ?")
      .bind(1, error).bind(2, utc_now()).bind(3, key).run();
  expect_one_row(db_, key);
  db_.checkpoint(SqliteDb::Checkpoint::passive);
}

void Store::mark_pending(const std::string& key) {
  db_.prepare("UPDATE runs SET status = 'pending' WHERE run_key = ?").bind(1, key).run();
  expect_one_row(db_, key);
}

void Store::mark_pending(const std::vector<std::string>& keys) {
  in_transaction(db_, [&] {
    for (const std::string& key : keys) mark_pending(key);
  });
}

std::int64_t Store::attempts(const std::string& key) const {
  SqliteStatement s = db_.prepare("SELECT attempts FROM runs WHERE run_key = ?");
  s.bind(1, key);
  return s.step() ? s.integer(0) : 0;
}

}  // namespace dendrite
