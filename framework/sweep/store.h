// Store: the result store of `dendrite sweep` (SQLite, schema in store_schema.sql). The sweep's
// coordinator is its only writer and holds a lock for as long as it runs; `dendrite runs` and
// `dendrite report` read it, also while a sweep writes (WAL mode).
//
//   Store s = Store::open_for_sweep("mnist.db");     // creates it, or checks it and takes the lock
//   s.requeue_running();                              // runs a killed sweep left 'running'
//   s.insert_pending(records);                        // new configurations; known keys untouched
//   s.mark_running(key, host, rank);                  // attempts + 1
//   s.record_done(key, result);                       // one transaction: metrics and history
//
// Every write is its own transaction, committed with synchronous=FULL, so a killed sweep loses at
// most the runs in flight. Each recorded result (done or failed) is followed by a passive WAL
// checkpoint, so the store file alone (copied without its -wal, or after the -wal was deleted)
// holds every finished run; a run lasts seconds to hours, so one checkpoint per result costs
// nothing next to it. The end of a sweep, also an interrupted one, truncates the -wal. A file that is not a store (no meta row format = dendrite-sweep-store),
// a corrupt one, or one of another schema version is refused with one line naming the file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/core/file_lock.h"
#include "framework/sweep/run_record.h"
#include "framework/sweep/sqlite_db.h"

namespace dendrite {

inline constexpr const char* kStoreFormat = "dendrite-sweep-store";
inline constexpr const char* kStoreSchemaVersion = "1";

class Store {
 public:
  // Creates the store (with its folder's existence checked) or opens and checks an existing one;
  // takes the coordinator lock, "<store>.lock" beside the store's real file (Error naming the
  // holder's PID, host and start when another sweep has it, through whatever path).
  static Store open_for_sweep(const std::string& path);
  // Opens an existing store to read it, never writing (see SqliteDb's read-only connections: a
  // store on a read-only medium or without its -wal reads); Error when it is missing or not a store.
  static Store open_read_only(const std::string& path);
  const std::string& path() const { return db_.path(); }

  // Records the start of a sweep invocation; returns its id for finish_sweep.
  std::int64_t begin_sweep(const std::string& command, const std::string& host, std::int64_t workers);
  // finished | interrupted | failed; then empties the -wal into the store file.
  void finish_sweep(std::int64_t id, const std::string& status);

  // Rows left 'running' by a sweep that was killed become 'pending' again (returns how many), and
  // sweeps left 'running' become 'interrupted' (finished_at stays empty).
  std::int64_t requeue_running();
  // Inserts the runs as 'pending' (one transaction); a key already in the store keeps its row.
  void insert_pending(const std::vector<RunRecord>& runs);
  // The status of every run in the store, by key.
  std::map<std::string, std::string> statuses() const;

  void mark_running(const std::string& key, const std::string& host, std::int64_t rank);
  void record_done(const std::string& key, const RunSummary& result);
  void record_failed(const std::string& key, const std::string& error);
  void mark_pending(const std::string& key);  // back to the queue (interrupted, worker lost)
  void mark_pending(const std::vector<std::string>& keys);  // the same in one transaction
  std::int64_t attempts(const std::string& key) const;

  // A consistent copy of the store at `target` (SQLite's online backup, written to a temporary
  // and renamed), also while a sweep writes. Refuses a `target` that is an SQLite database (its
  // first 16 bytes are SQLite's header: another store, or this one), so no results are lost;
  // another file there is replaced.
  void backup_to(const std::string& target) const;

  // The connection, for readers' own queries (dendrite runs).
  SqliteDb& db() { return db_; }

 private:
  Store(SqliteDb db, std::unique_ptr<FileLock> lock) : db_(std::move(db)), lock_(std::move(lock)) {}
  SqliteDb db_;
  std::unique_ptr<FileLock> lock_;  // empty when read-only
};

}  // namespace dendrite
