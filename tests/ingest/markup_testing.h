// Helpers for the Disqus, WXR and HTML reader tests: run a reader over bytes in memory and
// collect what it returns, and look at comments by ext_id.
// Own namespace: tests/ingest/reader_testing.h has helpers of the same names, and two inline
// definitions of one name in one test binary would silently be merged.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "ingest/formats.h"
#include "ingest/input.h"
#include "store/store.h"

namespace threadlens::testing::markup {

struct MarkupRead {
  std::vector<Thread> threads;
  std::vector<std::string> warnings;
  Status status;
};

// Reads every thread the named format's reader returns for `data` (called `name`).
inline MarkupRead ReadAllThreads(const std::string& format, const std::string& name,
                                 const std::string& data,
                                 BadRecordPolicy policy = BadRecordPolicy::kSkip) {
  MarkupRead r;
  auto in = Input::FromString(name, data);
  const Format* f = FindFormat(format);
  if (!f) {
    r.status = Status::Error("no format " + format);
    return r;
  }
  ReaderOptions o;
  o.policy = policy;
  auto reader = f->make(in.get(), o);
  Thread t;
  while (reader->Next(&t, &r.status)) r.threads.push_back(std::move(t));
  r.warnings = reader->warnings();
  return r;
}

// The comment with this ext_id, or nullptr.
inline const Comment* FindComment(const Thread& t, const std::string& ext_id) {
  for (const auto& c : t.comments)
    if (c.ext_id == ext_id) return &c;
  return nullptr;
}

// "id<-parent" for every comment, in document order: a compact picture of a tree.
inline std::vector<std::string> Links(const Thread& t) {
  std::vector<std::string> out;
  for (const auto& c : t.comments) out.push_back(c.ext_id + "<-" + c.parent_ext_id);
  return out;
}

// Every row of `sql` on the database file `db`, columns joined by '|' (NULL as "").
// An error (no database, bad SQL) gives one row starting with "error: ".
inline std::vector<std::string> DbRows(const std::string& db, const std::string& sql) {
  std::vector<std::string> rows;
  store::Store st;
  Status s = store::Store::Open(db, store::Db::kReadOnly, &st);
  if (!s.ok()) return {"error: " + s.message()};
  store::Stmt q;
  s = st.db().Prepare(sql, &q);
  if (!s.ok()) return {"error: " + s.message()};
  while (q.Step(&s)) {
    std::string row;
    for (int i = 0; i < q.Columns(); ++i) {
      if (i) row += '|';
      if (!q.IsNull(i)) row += std::string(q.Text(i));
    }
    rows.push_back(row);
  }
  if (!s.ok()) rows.push_back("error: " + s.message());
  return rows;
}

// thread ext_id|comment ext_id|parent's ext_id|flags, for every stored comment in order.
inline const char* kStoredLinksSql =
    "SELECT t.ext_id, c.ext_id, p.ext_id, c.flags FROM comments c JOIN threads t ON "
    "t.id = c.thread_id LEFT JOIN comments p ON p.id = c.parent_id ORDER BY c.id";

}  // namespace threadlens::testing::markup
