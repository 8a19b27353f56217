// Helpers for the reader tests: run a format's reader over bytes or a file, and ingest a file
// into a fresh database and read back what was stored.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/model.h"
#include "ingest/formats.h"
#include "ingest/ingest.h"
#include "ingest/input.h"
#include "store/store.h"

namespace threadlens::testing {

struct ReadResult {
  std::vector<Thread> threads;
  Status status;
  std::vector<std::string> warnings;
  int64_t comments() const {
    int64_t n = 0;
    for (const auto& t : threads) n += static_cast<int64_t>(t.comments.size());
    return n;
  }
  const Comment* Find(const std::string& id) const {
    for (const auto& t : threads)
      for (const auto& c : t.comments)
        if (c.ext_id == id) return &c;
    return nullptr;
  }
  bool HasNote(const std::string& part) const {
    for (const auto& t : threads)
      for (const auto& n : t.notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
  }
};

inline ReadResult ReadWith(const std::string& format, Input* in, const ReaderOptions& o) {
  ReadResult r;
  const Format* f = FindFormat(format);
  if (!f) {
    r.status = Status::Error("no format " + format);
    return r;
  }
  auto reader = f->make(in, o);
  Thread t;
  while (reader->Next(&t, &r.status)) r.threads.push_back(std::move(t));
  r.warnings = reader->warnings();
  return r;
}

// Reads `data` (named `name` in messages) with the reader of `format`.
inline ReadResult ReadString(const std::string& format, const std::string& name, std::string data,
                             ReaderOptions o = {}) {
  auto in = Input::FromString(name, std::move(data));
  return ReadWith(format, in.get(), o);
}

inline ReadResult ReadPath(const std::string& format, const std::string& path,
                           ReaderOptions o = {}) {
  auto in = Input::Open(path);
  if (!in.ok()) {
    ReadResult r;
    r.status = in.status();
    return r;
  }
  return ReadWith(format, in->get(), o);
}

// The format auto-detection picks for `path`, or "" (with the reason in *why).
inline std::string Detect(const std::string& path, std::string* why = nullptr) {
  auto in = Input::Open(path);
  if (!in.ok()) return "";
  Status st;
  auto f = DetectFormat(path, (*in)->Peek(kSniffBytes, &st));
  if (!f.ok()) {
    if (why) *why = f.status().message();
    return "";
  }
  return (*f)->name;
}

// Ingests `path` into the database `db` (created if missing). Returns the run's status; the
// source's report goes to *report when given.
inline Status Ingest(const std::string& db, const std::string& path,
                     const std::string& format = "auto", bool strict = false,
                     SourceReport* report = nullptr) {
  IngestOptions o;
  o.db = db;
  o.format = format;
  o.strict = strict;
  o.quiet = true;
  o.jobs = 1;
  o.inputs = {path};
  std::vector<SourceReport> reports;
  Status st = RunIngest(o, &reports);
  if (report && !reports.empty()) *report = reports.front();
  if (!reports.empty() && !reports.front().status.ok()) return reports.front().status;
  return st;
}

struct StoredComment {
  std::string thread, ext_id, parent, flags, author, created_at, raw, parent_method;
  int64_t depth = 0;
  int64_t line_start = 0;
};

// Every stored comment in (thread, position) order, with its parent's ext_id.
inline std::vector<StoredComment> Stored(const std::string& db) {
  std::vector<StoredComment> out;
  store::Db d;
  if (!store::Db::Open(db, store::Db::kReadOnly, &d).ok()) return out;
  store::Stmt q;
  if (!d.Prepare("SELECT t.ext_id, c.ext_id, coalesce(p.ext_id, ''), coalesce(c.flags, ''), "
                 "coalesce(a.name, ''), coalesce(c.created_at, ''), c.raw, c.depth, "
                 "c.parent_method, coalesce(c.line_start, 0) "
                 "FROM comments c JOIN threads t ON t.id = c.thread_id "
                 "LEFT JOIN comments p ON p.id = c.parent_id "
                 "LEFT JOIN authors a ON a.id = c.author_id ORDER BY t.id, c.position",
                 &q)
           .ok())
    return out;
  Status st;
  while (q.Step(&st)) {
    StoredComment c;
    c.thread = std::string(q.Text(0));
    c.ext_id = std::string(q.Text(1));
    c.parent = std::string(q.Text(2));
    c.flags = std::string(q.Text(3));
    c.author = std::string(q.Text(4));
    c.created_at = std::string(q.Text(5));
    c.raw = std::string(q.Text(6));
    c.depth = q.Int(7);
    c.parent_method = std::string(q.Text(8));
    c.line_start = q.Int(9);
    out.push_back(std::move(c));
  }
  return out;
}

inline int64_t CountRows(const std::string& db, const std::string& sql) {
  store::Db d;
  if (!store::Db::Open(db, store::Db::kReadOnly, &d).ok()) return -1;
  auto v = d.QueryInt(sql);
  return v.ok() ? *v : -1;
}

// Ingests `good` into a fresh database in `dir`, then `bad` (with `format`, strict or not): the
// second must fail and leave the database exactly as the first left it — no source row, no
// thread, no comment of the bad dump. Returns the bad ingest's error message.
inline std::string CheckBadSourceLeavesNothing(const std::string& dir, const std::string& good,
                                               const std::string& bad,
                                               const std::string& format, bool strict) {
  const std::string db = dir + "/nothing.db";
  Status first = Ingest(db, good);
  INFO(first.message());
  REQUIRE(first.ok());
  const int64_t comments = CountRows(db, "SELECT count(*) FROM comments");
  const int64_t threads = CountRows(db, "SELECT count(*) FROM threads");
  REQUIRE(comments > 0);
  Status st = Ingest(db, bad, format, strict);
  CHECK_FALSE(st.ok());
  CHECK(CountRows(db, "SELECT count(*) FROM sources") == 1);
  CHECK(CountRows(db, "SELECT count(*) FROM threads") == threads);
  CHECK(CountRows(db, "SELECT count(*) FROM comments") == comments);
  return st.message();
}

}  // namespace threadlens::testing
