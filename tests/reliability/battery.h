// Helpers for the bad-input battery (tests/reliability/*_test.cc, issue 8): a database with
// something already in it, exact dumps of every table to compare before and after a run, and
// small writers for the hostile inputs.
//
// The contract every case checks (DESIGN.md section 1, README "Bad input"): a failed source
// leaves the database byte-identical row for row; a source that is stored leaves every row
// that was there before unchanged; the exit status is 0, 1 or 2, never a signal; and an error
// names the file and the line or record.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "testing.h"

namespace threadlens::testing {

// Every row of every table (FTS shadow tables and sqlite_stat1 included), each value as SQL
// quote() gives it, rows sorted: two equal dumps are two databases with byte-identical rows.
// The table "!error" holds the reason when the file cannot be read.
using DbDump = std::map<std::string, std::vector<std::string>>;

inline DbDump DumpDb(const std::string& path) {
  DbDump out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out["!error"].push_back(db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_close(db);
    return out;
  }
  auto rows = [&](const std::string& sql) {
    std::vector<std::vector<std::string>> r;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      out["!error"].push_back(sql + ": " + sqlite3_errmsg(db));
      return r;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "",
                         static_cast<size_t>(sqlite3_column_bytes(st, i)));
      }
      r.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return r;
  };
  for (const auto& t : rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                            "sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")) {
    std::string select;
    for (const auto& col : rows("SELECT name FROM pragma_table_info('" + t[0] + "')"))
      select += (select.empty() ? "" : " || ',' || ") + std::string("quote(\"") + col[0] + "\")";
    auto& dump = out[t[0]];
    for (const auto& r : rows("SELECT " + select + " FROM \"" + t[0] + "\"")) dump.push_back(r[0]);
    std::sort(dump.begin(), dump.end());
  }
  for (const auto& r : rows("PRAGMA user_version")) out["!user_version"].push_back(r[0]);
  sqlite3_close(db);
  return out;
}

// Tables whose existing rows a successful ingest may legitimately rewrite: the FTS index's
// segments (merged as rows are added) and ANALYZE's statistics.
inline bool MayChangeOnSuccess(const std::string& table) {
  return table.rfind("comments_fts_", 0) == 0 || table.rfind("sqlite_stat", 0) == 0;
}

// Checks that every row of `before` is still in `after` (a stored source added rows and changed
// none), outside the tables above.
inline void CheckRowsKept(const DbDump& before, const DbDump& after) {
  for (const auto& [table, rows] : before) {
    if (MayChangeOnSuccess(table)) continue;
    auto it = after.find(table);
    REQUIRE(it != after.end());
    std::vector<std::string> missing;
    std::set_difference(rows.begin(), rows.end(), it->second.begin(), it->second.end(),
                        std::back_inserter(missing));
    INFO("table " << table << ": " << missing.size() << " rows changed or lost; first: "
                  << (missing.empty() ? "" : missing.front().substr(0, 300)));
    CHECK(missing.empty());
  }
}

// Single quotes for a shell argument.
inline std::string Q(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A database that already holds the bundled sample (one text source), made once per test run
// and copied, so that every case can check that what was there before is still there.
class SeededDb {
 public:
  explicit SeededDb(const TempDir& dir, const std::string& name = "battery.db")
      : path_(dir.File(name)) {
    std::filesystem::copy_file(Master(), path_);
  }
  const std::string& path() const { return path_; }

  static int64_t SeedComments() { return Count(Master(), "SELECT count(*) FROM comments"); }

  // The first column of the first row as text ("" when there is none).
  static std::string Text(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::string out;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
  }

  // The first column of the first row as an integer (-1 when there is none).
  static int64_t Count(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    int64_t n = -1;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
  }

 private:
  static const std::string& Master() {
    static TempDir dir;
    static const std::string path = [] {
      std::string db = dir.File("master.db");
      auto r = RunThreadlens("ingest -q --db " + Q(db) + " " +
                             Q(SourceDir() + "/fixtures/sample/call-centre-comments.txt"));
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      return db;
    }();
    return path;
  }
  std::string path_;
};

// The outcome of one ingest against a seeded database, with the dumps around it.
struct Outcome {
  RunResult run;
  DbDump before, after;
};

// How many times `needle` occurs in `hay`.
inline size_t Occurrences(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = 0; (p = hay.find(needle, p)) != std::string::npos; p += needle.size()) ++n;
  return n;
}

// Runs `threadlens ingest -q --db DB ARGS` on a seeded database.
inline Outcome IngestInto(const std::string& db, const std::string& args) {
  Outcome o;
  o.before = DumpDb(db);
  o.run = RunThreadlens("ingest -q --db " + Q(db) + " " + args);
  o.after = DumpDb(db);
  return o;
}

// The failure contract: exit 1, every part of `needles` in stderr, nothing changed.
inline void CheckFailedCleanly(const Outcome& o, const std::vector<std::string>& needles) {
  INFO("stderr: " << o.run.err.substr(0, 2000));
  CHECK(o.run.exit_code == 1);
  for (const auto& n : needles) CHECK(o.run.err.find(n) != std::string::npos);
  CHECK(o.before.count("!error") == 0);
  CHECK(o.after == o.before);
}

// The success contract: exit 0, every part of `needles` in stderr, earlier rows untouched.
inline void CheckStored(const Outcome& o, const std::vector<std::string>& needles) {
  INFO("stderr: " << o.run.err.substr(0, 2000));
  CHECK(o.run.exit_code == 0);
  for (const auto& n : needles) CHECK(o.run.err.find(n) != std::string::npos);
  CHECK(o.after.count("!error") == 0);
  CheckRowsKept(o.before, o.after);
}

// True when `err` names a line of `file`: "file:12..." or "file: ... (line 12, ...)".
inline bool NamesLine(const std::string& err, const std::string& file) {
  for (size_t p = err.find(file + ":"); p != std::string::npos; p = err.find(file + ":", p + 1)) {
    size_t after = p + file.size() + 1;
    if (after < err.size() && err[after] >= '0' && err[after] <= '9') return true;
    size_t eol = err.find('\n', p);
    size_t line = err.find("(line ", p);
    if (line != std::string::npos && line < eol) return true;
  }
  return false;
}

// Deterministic bytes for a case.
inline std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

}  // namespace threadlens::testing
