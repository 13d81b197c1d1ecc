// A thin RAII layer over SQLite's C API for the result store: a connection, prepared statements
// with positional binding, and errors that name the file.
//
//   SqliteDb db = SqliteDb::open("mnist.db", SqliteDb::Mode::read_write_create);
//   SqliteStatement s = db.prepare("SELECT status FROM runs WHERE run_key = ?");
//   s.bind(1, key);
//   while (s.step()) std::string status = s.text(0);
//
// Every failure throws Error "'<file>': <what> (<SQLite's message>)"; when the operating system
// said why (disk full, permission denied, read-only file system), the message says that first.
//
// A read-only connection only reads: it opens the URI "file:<path>?mode=ro", and adds immutable=1
// when nothing can write the database (the file or its folder is not writable) and no -wal file
// holds committed pages, so a store on a read-only medium or an archived .db without its -wal and
// -shm files reads without SQLite trying to create them.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace dendrite {

class SqliteDb;

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  ~SqliteStatement();

  // 1-based positions. An empty optional binds NULL.
  SqliteStatement& bind(int at, std::int64_t v);
  SqliteStatement& bind(int at, double v);
  SqliteStatement& bind(int at, const std::string& v);
  SqliteStatement& bind(int at, const char* v) { return bind(at, std::string(v)); }
  template <typename T>
  SqliteStatement& bind(int at, const std::optional<T>& v) {
    return v ? bind(at, *v) : bind_null(at);
  }
  SqliteStatement& bind_null(int at);

  bool step();  // true: a row is ready; false: done
  void run();   // steps to the end (statements without rows), then resets for reuse
  void reset();

  int columns() const;
  std::string column_name(int i) const;
  bool is_null(int i) const;
  std::int64_t integer(int i) const;
  double real(int i) const;
  std::string text(int i) const;
  // The value as SQLite holds it: NULL, INTEGER, REAL or TEXT (BLOB as text).
  using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;
  Cell cell(int i) const;

 private:
  friend class SqliteDb;
  SqliteStatement(const SqliteDb& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  void check_bind(int rc, int at);
  const SqliteDb* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  enum class Mode { read_only, read_write, read_write_create };
  static SqliteDb open(const std::string& path, Mode mode);
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&&) = delete;
  ~SqliteDb();

  void exec(const std::string& sql);  // one or more statements without results
  SqliteStatement prepare(const std::string& sql) const;
  // The single value of a one-row query (as text), or nullopt when it returns no row.
  std::optional<std::string> query_text(const std::string& sql) const;
  std::int64_t changes() const;
  // A WAL checkpoint: passive copies what no reader pins from the WAL into the database file
  // without waiting, and when a reader of an older snapshot kept frames back, waits for it
  // (busy_timeout) and copies the rest (SQLite's full checkpoint); truncate waits (busy_timeout) for readers and empties the -wal file. False
  // when another connection, or an open statement of this one, kept it from running (a later one
  // catches up); Error on a failure of the file.
  enum class Checkpoint { passive, truncate };
  bool checkpoint(Checkpoint kind);
  // A consistent copy of the whole database at `target`, through SQLite's online backup API
  // (one read transaction, so a writer may go on meanwhile). Writes "<target>.tmp-<pid>" beside
  // it and renames it into place, so `target` is either the old file or the complete copy.
  void backup_to(const std::string& target) const;
  const std::string& path() const { return path_; }

  // Throws the Error for SQLite result `rc` with the connection's message, about `what`.
  [[noreturn]] void fail(int rc, const std::string& what) const;

 private:
  SqliteDb(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  std::string path_;
  sqlite3* db_;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it throws.
template <typename F>
void in_transaction(SqliteDb& db, F&& body) {
  db.exec("BEGIN IMMEDIATE");
  try {
    body();
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (...) {  // the original error matters more
    }
    throw;
  }
  db.exec("COMMIT");
}

}  // namespace dendrite
