#include "framework/sweep/sqlite_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "framework/core/error.h"

namespace dendrite {

namespace {
namespace fs = std::filesystem;

// What the operating system's error behind a failing call means, when it says more than SQLite's
// generic "disk I/O error" (a full tmpfs fails while growing the -shm file, for example).
std::optional<std::string> system_meaning(int system_errno) {
  switch (system_errno) {
    case ENOSPC:
    case EDQUOT: return "cannot be written: the disk is full";
    case EACCES:
    case EPERM: return "cannot be accessed: permission denied";
    case EROFS: return "cannot be written: the file system is read-only";
    default: return std::nullopt;
  }
}

// What a failing result code means for the user; SQLite's own message follows it.
std::string meaning(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB: return "is not an SQLite database, so not a dendrite sweep store";
    case SQLITE_CORRUPT: return "is corrupt";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "is locked by another process";
    case SQLITE_READONLY: return "cannot be written";
    case SQLITE_FULL: return "cannot be written: the disk is full";
    case SQLITE_CANTOPEN: return "cannot be opened";
    case SQLITE_IOERR: return "cannot be read or written (I/O error)";
    default: return "failed";
  }
}

// A file that is not a database, or a damaged one, is about the file, not the statement.
std::string failure(const std::string& path, int rc, int system_errno, const std::string& message,
                    const std::string& what) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) return fmt::format("'{}' {} ({})", path, meaning(rc), message);
  const std::optional<std::string> system = primary == SQLITE_OK ? std::nullopt : system_meaning(system_errno);
  return fmt::format("'{}' {} ({}; while {})", path, system ? *system : meaning(rc), message, what);
}

bool writable(const fs::path& p) { return ::access(p.c_str(), W_OK) == 0; }

// "file:" URI of a path: the characters a URI gives a meaning to are percent-encoded.
std::string uri_of(const std::string& path, bool immutable) {
  std::string out = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else out += c;
  }
  return out + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
}

// Nothing can change the database (it, or its folder where SQLite keeps -wal and -shm, is not
// writable) and no -wal holds pages a reader would need to see.
bool read_as_immutable(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path + "-wal", ec)) return false;
  const fs::path folder = fs::absolute(path, ec).parent_path();
  return !writable(path) || !writable(folder);
}

}  // namespace

SqliteDb SqliteDb::open(const std::string& path, Mode mode) {
  const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                    : mode == Mode::read_write ? SQLITE_OPEN_READWRITE
                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const std::string name = mode == Mode::read_only ? uri_of(path, read_as_immutable(path)) : path;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(path, raw);  // closes the handle even when opening failed
  if (rc != SQLITE_OK) db.fail(rc, "opening it");
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept : path_(std::move(other.path_)), db_(other.db_) { other.db_ = nullptr; }

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

void SqliteDb::fail(int rc, const std::string& what) const {
  const char* message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw Error(failure(path_, rc, db_ != nullptr ? sqlite3_system_errno(db_) : 0, message, what));
}

void SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  if (rc != SQLITE_OK) {
    const std::string first = sql.substr(0, sql.find_first_of("\n("));
    throw Error(failure(path_, rc, sqlite3_system_errno(db_), text, first));
  }
}

SqliteStatement SqliteDb::prepare(const std::string& sql) const {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql.substr(0, sql.find_first_of("\n(")));
  return SqliteStatement(*this, stmt);
}

std::optional<std::string> SqliteDb::query_text(const std::string& sql) const {
  SqliteStatement s = prepare(sql);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }

bool SqliteDb::checkpoint(Checkpoint kind) {
  const int mode = kind == Checkpoint::passive ? SQLITE_CHECKPOINT_PASSIVE : SQLITE_CHECKPOINT_TRUNCATE;
  int frames = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, mode, &frames, &copied);
  // A reader that began before the last commit pins the frames after its snapshot, and a passive
  // checkpoint stops there; a full one waits (busy_timeout) for such readers, which are short.
  if (rc == SQLITE_OK && kind == Checkpoint::passive && copied < frames)
    rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_FULL, nullptr, nullptr);
  // Another connection's reader or writer, or an open statement of this one: a later one will do.
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) fail(rc, kind == Checkpoint::passive ? "checkpointing the WAL" : "truncating the WAL");
  return true;
}

void SqliteDb::backup_to(const std::string& target) const {
  const std::string temporary = fmt::format("{}.tmp-{}", target, ::getpid());
  std::error_code ec;
  fs::remove(temporary, ec);
  // The copy's connection, and its errors named after the copy the user asked for.
  SqliteDb copy = open(temporary, Mode::read_write_create);
  copy.path_ = target;
  struct RemoveUnlessRenamed {
    const std::string& file;
    bool renamed = false;
    ~RemoveUnlessRenamed() {
      std::error_code ignored;
      if (!renamed) fs::remove(file, ignored);
    }
  } cleanup{temporary};
  sqlite3_backup* backup = sqlite3_backup_init(copy.db_, "main", db_, "main");
  if (backup == nullptr) copy.fail(sqlite3_errcode(copy.db_), "starting the backup");
  int rc = SQLITE_OK;
  // All pages in one step: one read transaction of the source, so one consistent state. A
  // writer holding the lock for a moment makes it retry.
  for (int tries = 0; tries < 200; ++tries) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    // A failure of the source (reading the store) is about the store, one of the copy about it.
    if (sqlite3_errcode(copy.db_) != SQLITE_OK) copy.fail(rc, "copying the store into it");
    fail(rc, "copying it");
  }
  // The copy keeps the source's WAL flag; its own -wal is folded in and removed on closing.
  copy.checkpoint(Checkpoint::truncate);
  sqlite3_close_v2(copy.db_);
  copy.db_ = nullptr;
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(temporary + suffix, ec);
  const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  const int sync_errno = errno;
  if (fd >= 0) ::close(fd);
  DENDRITE_CHECK(synced, "cannot write the backup '{}': {}", target, std::strerror(sync_errno));
  DENDRITE_CHECK(std::rename(temporary.c_str(), target.c_str()) == 0, "cannot write the backup '{}': {}", target,
                 std::strerror(errno));
  cleanup.renamed = true;
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::check_bind(int rc, int at) {
  if (rc != SQLITE_OK) db_->fail(rc, fmt::format("binding parameter {}", at));
}

SqliteStatement& SqliteStatement::bind(int at, std::int64_t v) {
  check_bind(sqlite3_bind_int64(stmt_, at, v), at);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int at, double v) {
  check_bind(sqlite3_bind_double(stmt_, at, v), at);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int at, const std::string& v) {
  check_bind(sqlite3_bind_text(stmt_, at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), at);
  return *this;
}
SqliteStatement& SqliteStatement::bind_null(int at) {
  check_bind(sqlite3_bind_null(stmt_, at), at);
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_) != nullptr ? sqlite3_sql(stmt_) : "";
  db_->fail(rc, sql.substr(0, sql.find_first_of("\n(")));
}

void SqliteStatement::run() {
  while (step()) {
  }
  reset();
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int SqliteStatement::columns() const { return sqlite3_column_count(stmt_); }
std::string SqliteStatement::column_name(int i) const { return sqlite3_column_name(stmt_, i); }
bool SqliteStatement::is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
std::int64_t SqliteStatement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }
double SqliteStatement::real(int i) const { return sqlite3_column_double(stmt_, i); }
std::string SqliteStatement::text(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
}

SqliteStatement::Cell SqliteStatement::cell(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_NULL: return std::monostate{};
    case SQLITE_INTEGER: return integer(i);
    case SQLITE_FLOAT: return real(i);
    default: return text(i);
  }
}

}  // namespace dendrite
