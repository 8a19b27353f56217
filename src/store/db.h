// Db, Stmt, Transaction: the thin, move-only RAII layer over the SQLite C API.
//
//   Db db;
//   TL_RETURN_IF_ERROR(Db::Open("x.db", Db::kReadWrite, &db));
//   Transaction tx(&db);                       // BEGIN IMMEDIATE; rolls back unless committed
//   Stmt ins;
//   TL_RETURN_IF_ERROR(db.Prepare("INSERT INTO t(a) VALUES(?)", &ins));
//   ins.Bind(1, "x");
//   TL_RETURN_IF_ERROR(ins.Run());
//   TL_RETURN_IF_ERROR(tx.Commit());
//
// Every SQLite return code goes through Check(), which turns it into a Status naming the
// database file and the statement. Objects are confined to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace threadlens::store {

class Stmt;

class Db {
 public:
  enum Mode { kReadOnly, kReadWrite };
  Db() = default;
  ~Db();
  Db(Db&& o) noexcept;
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // kReadWrite creates the file if missing. kReadOnly also sets PRAGMA query_only.
  static Status Open(const std::string& path, Mode mode, Db* db);

  Status Exec(std::string_view sql);  // one or more statements, no results
  Status Prepare(std::string_view sql, Stmt* stmt);
  Result<int64_t> QueryInt(std::string_view sql);  // first column of the first row
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

  // OK for SQLITE_OK/ROW/DONE; otherwise an error "db: what: sqlite message".
  Status Check(int rc, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt() = default;
  ~Stmt();
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binding (1-based). Strings are copied by SQLite (SQLITE_TRANSIENT) unless noted.
  void Bind(int i, int64_t v);
  void Bind(int i, int v) { Bind(i, static_cast<int64_t>(v)); }
  void Bind(int i, double v);
  void Bind(int i, std::string_view v);
  void Bind(int i, const char* v) { Bind(i, std::string_view(v)); }
  void Bind(int i, const std::string& v) { Bind(i, std::string_view(v)); }
  void BindNull(int i);
  void BindOptional(int i, const std::optional<int64_t>& v);
  // Binds NULL for an empty string.
  void BindTextOrNull(int i, std::string_view v);
  // Like Bind/BindTextOrNull, but SQLite reads the bytes in place (SQLITE_STATIC, no copy): for
  // bulk inserts. REQUIRES: v stays valid and unchanged until the statement is reset (Run()).
  void BindRef(int i, std::string_view v);
  void BindRefOrNull(int i, std::string_view v);

  // Steps once: true when a row is available; false when done or on error (*status set).
  bool Step(Status* status);
  // Steps to completion (for INSERT/UPDATE), then resets for reuse.
  Status Run();
  void Reset();

  int Columns() const { return sqlite3_column_count(stmt_); }
  const char* ColumnName(int i) const { return sqlite3_column_name(stmt_, i); }
  int ColumnType(int i) const { return sqlite3_column_type(stmt_, i); }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  double Double(int i) const { return sqlite3_column_double(stmt_, i); }
  std::string_view Text(int i) const;
  bool IsNull(int i) const { return ColumnType(i) == SQLITE_NULL; }
  bool ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }
  sqlite3_stmt* raw() const { return stmt_; }

 private:
  friend class Db;
  sqlite3_stmt* stmt_ = nullptr;
  const Db* db_ = nullptr;
};

// Inserts many rows into one table with few statement runs: a statement of kBatchRows rows,
// one of kBatchRows / 4 and one of a single row, each run as often as the rows fill it. SQLite
// pays a cost per statement run (starting and halting the program, resetting it: ~0.6 us, 40%
// of a small row's insert), so rows of a thread go in sixteens. The statements say INSERT OR
// FAIL: a failing row still fails the call (the caller's transaction then rolls back), but a
// plain multi-row INSERT would open a statement journal, and opening one makes FTS5 write its
// pending terms out as a new index segment (see SourceWriter::Begin).
//
//   BatchInsert ins;
//   ins.Prepare(&db, "evidence(comment_id, rule_id)", 2);
//   ins.Insert(rows.size(), [&](Stmt& s, int at, size_t i) {   // at: parameter before the row
//     s.Bind(at + 1, rows[i].id);
//     s.BindRef(at + 2, rows[i].rule);   // valid until Insert returns
//     return Status::Ok();
//   });
class BatchInsert {
 public:
  static constexpr int kBatchRows = 16;

  // `table` is "name(col, ...)" with `columns` columns.
  Status Prepare(Db* db, std::string_view table, int columns);

  // Inserts rows 0..n-1; bind(stmt, at, i) binds row i's columns as parameters at+1..at+columns
  // and returns its status. Stops at the first error.
  template <typename F>
  Status Insert(size_t n, F&& bind) {
    size_t i = 0;
    for (int s = 0; s < kSizes; ++s) {
      const size_t rows = kRows[s];
      for (; n - i >= rows; i += rows) {
        for (size_t r = 0; r < rows; ++r)
          TL_RETURN_IF_ERROR(bind(stmts_[s], static_cast<int>(r) * columns_, i + r));
        TL_RETURN_IF_ERROR(stmts_[s].Run());
      }
    }
    return Status::Ok();
  }

 private:
  static constexpr int kSizes = 3;
  static constexpr size_t kRows[kSizes] = {kBatchRows, kBatchRows / 4, 1};
  Stmt stmts_[kSizes];
  int columns_ = 0;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Db* db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Status& begin_status() const { return begin_; }
  Status Commit();

 private:
  Db* db_;
  Status begin_;
  bool done_ = false;
};

}  // namespace threadlens::store
