#include "framework/sweep/sqlite_db.h"

#include "framework/core/error.h"

namespace dendrite {

namespace {
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
std::string failure(const std::string& path, int rc, const std::string& message, const std::string& what) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) return fmt::format("'{}' {} ({})", path, meaning(rc), message);
  return fmt::format("'{}' {} ({}; while {})", path, meaning(rc), message, what);
}
}  // namespace

SqliteDb SqliteDb::open(const std::string& path, Mode mode) {
  const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY
                    : mode == Mode::read_write ? SQLITE_OPEN_READWRITE
                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
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
  throw Error(failure(path_, rc, message, what));
}

void SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  if (rc != SQLITE_OK) {
    const std::string first = sql.substr(0, sql.find_first_of("\n("));
    throw Error(failure(path_, rc, text, first));
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
