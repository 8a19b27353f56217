#include "store/db.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace threadlens::store {

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}
Db::Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}
Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}

namespace {

// True when reading through the read-only handle `h` fails because a hot journal needs rolling
// back first.
bool NeedsRollback(sqlite3* h) {
  int rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  return rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY;
}

}  // namespace

Status Db::Open(const std::string& path, Mode mode, Db* db) {
  int flags = mode == kReadOnly ? SQLITE_OPEN_READONLY
                                : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* h = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &h, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = path + ": cannot open database: " +
                      (h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    // "unable to open database file" alone does not say why; the system does.
    // A new file in a folder we may not write to: SQLite's last errno comes from its read-only
    // retry (ENOENT), so ask the folder.
    std::error_code ec;
    std::filesystem::path p(path);
    std::filesystem::path folder = p.has_parent_path() ? p.parent_path() : ".";
    if (mode != kReadOnly && !std::filesystem::exists(p, ec) &&
        ::access(folder.c_str(), W_OK | X_OK) != 0) {
      msg += " (cannot create it in " + folder.string() + ": " + std::strerror(errno) + ")";
    } else if (int sys = h ? sqlite3_system_errno(h) : 0; sys != 0) {
      msg += std::string(" (") + std::strerror(sys) + ")";
    }
    if (h) sqlite3_close_v2(h);
    return Status::Error(msg);
  }
  sqlite3_extended_result_codes(h, 1);
  if (mode == kReadOnly && NeedsRollback(h)) {
    // A hot journal left by an interrupted write (kill -9 during an ingest): a read-only handle
    // cannot roll it back and every read fails. One read-write handle restores the last
    // committed state, as SQLite would on any write open; then we read as asked.
    sqlite3_close_v2(h);
    h = nullptr;
    sqlite3* rw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &rw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) == SQLITE_OK)
      sqlite3_exec(rw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    sqlite3_close_v2(rw);
    if (sqlite3_open_v2(path.c_str(), &h, flags, nullptr) != SQLITE_OK) {
      std::string msg = path + ": cannot open database: " +
                        (h ? sqlite3_errmsg(h) : "out of memory");
      sqlite3_close_v2(h);
      return Status::Error(msg);
    }
    sqlite3_extended_result_codes(h, 1);
  }
  Db out;
  out.db_ = h;
  out.path_ = path;
  sqlite3_busy_timeout(h, 5000);
  if (mode == kReadOnly) TL_RETURN_IF_ERROR(out.Exec("PRAGMA query_only = 1"));
  *db = std::move(out);
  return Status::Ok();
}

Status Db::Check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return Status::Ok();
  std::string msg = path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_);
  int primary = rc & 0xff;
  if (primary == SQLITE_FULL) msg += " (the disk is full)";
  if (primary == SQLITE_READONLY) msg += " (the database file or its folder is read-only)";
  return Status::Error(msg);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  return Check(rc, s.size() > 80 ? s.substr(0, 80) + "..." : s);
}

Status Db::Prepare(std::string_view sql, Stmt* stmt) {
  sqlite3_stmt* s = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &s, &tail);
  if (rc != SQLITE_OK) {
    if (s) sqlite3_finalize(s);
    return Check(rc, "cannot prepare statement");
  }
  Stmt out;
  out.stmt_ = s;
  out.db_ = this;
  *stmt = std::move(out);
  return Status::Ok();
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  Stmt st;
  TL_RETURN_IF_ERROR(Prepare(sql, &st));
  Status status;
  if (!st.Step(&status)) {
    if (!status.ok()) return status;
    return Status::Error(path_ + ": query returned no row: " + std::string(sql));
  }
  return st.Int(0);
}

Stmt::~Stmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}
Stmt::Stmt(Stmt&& o) noexcept
    : stmt_(std::exchange(o.stmt_, nullptr)), db_(std::exchange(o.db_, nullptr)) {}
Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    stmt_ = std::exchange(o.stmt_, nullptr);
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}

void Stmt::Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
void Stmt::Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
void Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}
void Stmt::BindNull(int i) { sqlite3_bind_null(stmt_, i); }
void Stmt::BindOptional(int i, const std::optional<int64_t>& v) {
  if (v) Bind(i, *v); else BindNull(i);
}
void Stmt::BindTextOrNull(int i, std::string_view v) {
  if (v.empty()) BindNull(i); else Bind(i, v);
}
void Stmt::BindRef(int i, std::string_view v) {
  // A non-null pointer even for "": SQLite binds NULL for a null pointer.
  sqlite3_bind_text64(stmt_, i, v.empty() ? "" : v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
}
void Stmt::BindRefOrNull(int i, std::string_view v) {
  if (v.empty()) BindNull(i); else BindRef(i, v);
}

bool Stmt::Step(Status* status) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) *status = db_->Check(rc, "statement failed");
  return false;
}

Status Stmt::Run() {
  Status st;
  while (Step(&st)) {
  }
  Reset();
  return st;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string_view Stmt::Text(int i) const {
  const unsigned char* p = sqlite3_column_text(stmt_, i);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

Status BatchInsert::Prepare(Db* db, std::string_view table, int columns) {
  columns_ = columns;
  std::string row = "(";
  for (int c = 0; c < columns; ++c) row += c ? ",?" : "?";
  row += ")";
  for (int s = 0; s < kSizes; ++s) {
    std::string sql = "INSERT OR FAIL INTO " + std::string(table) + " VALUES";
    for (size_t r = 0; r < kRows[s]; ++r) sql += (r ? "," : "") + row;
    TL_RETURN_IF_ERROR(db->Prepare(sql, &stmts_[s]));
  }
  return Status::Ok();
}

Transaction::Transaction(Db* db) : db_(db) { begin_ = db_->Exec("BEGIN IMMEDIATE"); }
Transaction::~Transaction() {
  if (!done_ && begin_.ok()) (void)db_->Exec("ROLLBACK");
}
Status Transaction::Commit() {
  TL_RETURN_IF_ERROR(begin_);
  Status st = db_->Exec("COMMIT");
  if (st.ok()) done_ = true;
  return st;
}

}  // namespace threadlens::store
