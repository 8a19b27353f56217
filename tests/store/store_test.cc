#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::store;
using threadlens::testing::TempDir;

namespace {

Thread SmallThread() {
  Thread t;
  t.platform = "test";
  t.ext_id = "T1";
  t.title = "A thread";
  t.body = t.body_raw = "The article.";
  for (int i = 0; i < 3; ++i) {
    Comment c;
    c.ext_id = "c" + std::to_string(i);
    c.author = i == 1 ? "" : "alice";
    c.raw = c.body = "comment " + std::to_string(i);
    c.parent = i == 0 ? -1 : 0;
    c.parent_method = i == 0 ? method::kNone : method::kExplicit;
    c.depth = i == 0 ? 0 : 1;
    c.path = "1" + std::to_string(i);
    c.line_start = c.line_end = i + 1;
    t.comments.push_back(c);
  }
  t.quotes.push_back({2, 0, false, 0, 7, 0.9});
  StanceResult s;
  s.comment = 1;
  s.topic = 0;
  s.stance = "overhyped";
  s.score = 1.5;
  s.confidence = 0.8;
  s.evidence.push_back({"hype.bubble", "overhyped", 1.5, 0, 7, "comment", "hedged"});
  t.stances.push_back(s);
  return t;
}

Status WriteSource(Store* st, const std::string& sha, const std::vector<int64_t>& topics) {
  SourceWriter w(st, {"x.txt", "text", "none", 10}, topics);
  TL_RETURN_IF_ERROR(w.Begin());
  TL_RETURN_IF_ERROR(w.WriteThread(SmallThread()));
  return w.Commit(sha, 10, RepairCounts{}, 0);
}

// A new store a.db in `dir` with the topic hype; returns the topic ids.
std::vector<int64_t> OpenWithOneTopic(const TempDir& dir, Store* st) {
  REQUIRE(Store::Open(dir.File("a.db"), Db::kReadWrite, st).ok());
  std::vector<int64_t> topics;
  REQUIRE(st->SetTopics({{"hype", "q?", "overhyped", "justified"}}, "sha-rules", &topics, nullptr)
              .ok());
  return topics;
}

}  // namespace

TEST_CASE("an empty file is migrated to the current schema", "[store]") {
  TempDir dir;
  Store st;
  REQUIRE(Store::Open(dir.File("a.db"), Db::kReadWrite, &st).ok());
  auto v = st.db().QueryInt("PRAGMA user_version");
  REQUIRE(v.ok());
  CHECK(*v == SchemaVersion());
  CHECK(SchemaVersion() >= 1);
  // Datasette's own FTS detection query finds comments_fts.
  auto fts = st.db().QueryInt(
      "SELECT count(*) FROM sqlite_master WHERE sql LIKE "
      "'%VIRTUAL TABLE%USING FTS%content=\"comments\"%'");
  REQUIRE(fts.ok());
  CHECK(*fts == 1);
}

TEST_CASE("a foreign SQLite file is not touched", "[store]") {
  TempDir dir;
  {
    Db db;
    REQUIRE(Db::Open(dir.File("other.db"), Db::kReadWrite, &db).ok());
    REQUIRE(db.Exec("CREATE TABLE mine(x)").ok());
  }
  Store st;
  Status s = Store::Open(dir.File("other.db"), Db::kReadWrite, &st);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find("not a threadlens database") != std::string::npos);
}

TEST_CASE("a written thread reads back with ids, parents, quotes, stances and FTS", "[store]") {
  TempDir dir;
  Store st;
  std::vector<int64_t> topics = OpenWithOneTopic(dir, &st);
  REQUIRE(topics.size() == 1);
  REQUIRE(WriteSource(&st, "sha-1", topics).ok());
  Db& db = st.db();
  CHECK(*db.QueryInt("SELECT count(*) FROM comments") == 3);
  CHECK(*db.QueryInt("SELECT count(*) FROM comments WHERE parent_id = "
                     "(SELECT id FROM comments WHERE ext_id='c0')") == 2);
  CHECK(*db.QueryInt("SELECT count(*) FROM authors") == 1);  // alice once; the empty author is NULL
  CHECK(*db.QueryInt("SELECT count(*) FROM comments WHERE author_id IS NULL") == 1);
  CHECK(*db.QueryInt("SELECT quoted_comment_id = (SELECT id FROM comments WHERE ext_id='c0') "
                     "FROM quotes") == 1);
  CHECK(*db.QueryInt("SELECT count(*) FROM stance_counts WHERE topic='hype' AND "
                     "stance='overhyped' AND comments=1") == 1);
  CHECK(*db.QueryInt("SELECT count(*) FROM evidence WHERE flags='hedged'") == 1);
  CHECK(*db.QueryInt("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'comment'") == 3);

  // The same sha256 again is refused and leaves nothing behind.
  Status again = WriteSource(&st, "sha-1", topics);
  REQUIRE_FALSE(again.ok());
  CHECK(again.message().find("already ingested") != std::string::npos);
  CHECK(*db.QueryInt("SELECT count(*) FROM comments") == 3);
  CHECK(*db.QueryInt("SELECT count(*) FROM sources") == 1);

  // Deleting a source removes everything under it, FTS included.
  {
    Transaction tx(&db);
    REQUIRE(st.DeleteSource(1).ok());
    REQUIRE(tx.Commit().ok());
  }
  for (const char* table : {"sources", "threads", "comments", "quotes", "stances", "evidence",
                            "authors"})
    CHECK(*db.QueryInt(std::string("SELECT count(*) FROM ") + table) == 0);
  CHECK(*db.QueryInt("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'comment'") == 0);
}

TEST_CASE("an uncommitted source leaves no rows", "[store]") {
  TempDir dir;
  Store st;
  REQUIRE(Store::Open(dir.File("a.db"), Db::kReadWrite, &st).ok());
  {
    SourceWriter w(&st, {"x.txt", "text", "none", 10}, {});
    REQUIRE(w.Begin().ok());
    Thread t = SmallThread();
    t.stances.clear();
    REQUIRE(w.WriteThread(t).ok());
  }  // destroyed without Commit
  CHECK(*st.db().QueryInt("SELECT count(*) FROM comments") == 0);
  CHECK(*st.db().QueryInt("SELECT count(*) FROM sources") == 0);
}

TEST_CASE("a read-only open rolls back the hot journal an interrupted write left", "[store]") {
  TempDir dir;
  const std::string path = dir.File("hot.db");
  {
    Db db;
    REQUIRE(Db::Open(path, Db::kReadWrite, &db).ok());
    REQUIRE(db.Exec("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('kept')").ok());
  }
  // A child writes past its page cache inside a transaction (so pages reach the file and the
  // journal holds the originals) and dies without committing or closing, like kill -9.
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_exec(h,
                 "PRAGMA journal_mode=DELETE; PRAGMA cache_size=2; BEGIN;"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                 " INSERT INTO t SELECT printf('%.200c', 'x') FROM n;",
                 nullptr, nullptr, nullptr);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(std::filesystem::exists(path + "-journal"));  // the hot journal is there

  Db db;
  Status s = Db::Open(path, Db::kReadOnly, &db);
  INFO(s.message());
  REQUIRE(s.ok());
  Stmt st;
  REQUIRE(db.Prepare("SELECT count(*), min(x) FROM t", &st).ok());
  Status step;
  REQUIRE(st.Step(&step));
  CHECK(st.Int(0) == 1);  // the committed state, nothing of the dead transaction
  CHECK(st.Text(1) == "kept");
}

TEST_CASE("the full-text index holds every comment, written as one segment", "[store]") {
  // Every comment goes into the index as it is written, and FTS5 keeps the terms pending until
  // its hashsize budget (schema 003) is full or the source commits. A statement that runs in a
  // statement transaction (INSERT ... SELECT, RETURNING) makes FTS5 write what is pending as a
  // new segment, to be merged again later: the writer must not run one between comments. 7
  // threads of 3,001 comments, a new author every 7 comments, fit in one segment.
  TempDir dir;
  Store st;
  std::vector<int64_t> topics = OpenWithOneTopic(dir, &st);
  SourceWriter w(&st, {"x.txt", "text", "none", 10}, topics);
  REQUIRE(w.Begin().ok());
  for (int k = 0; k < 7; ++k) {
    Thread t = SmallThread();
    t.ext_id = "T" + std::to_string(k);
    t.quotes.clear();
    t.stances.clear();
    Comment c = t.comments[0];
    t.comments.clear();
    for (int i = 0; i < 3001; ++i) {
      c.raw = c.body = "words w" + std::to_string(k) + "x" + std::to_string(i) + " shared";
      c.author = "author" + std::to_string((k * 3001 + i) / 7);
      t.comments.push_back(c);
    }
    REQUIRE(w.WriteThread(t).ok());
  }
  REQUIRE(w.Commit("sha-many", 10, RepairCounts{}, 0).ok());
  Db& db = st.db();
  CHECK(*db.QueryInt("SELECT count(*) FROM comments") == 21007);
  CHECK(*db.QueryInt("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'shared'") ==
        21007);
  // Each comment once, under its own rowid: a unique word finds exactly its comment.
  for (const char* word : {"w0x0", "w2x2730", "w5x3000", "w6x3000"})
    CHECK(*db.QueryInt(std::string("SELECT count(*) FROM comments_fts f JOIN comments c ON "
                                   "c.id = f.rowid WHERE comments_fts MATCH '") + word +
                       "' AND c.body LIKE '% " + word + " %'") == 1);
  CHECK(db.Exec("INSERT INTO comments_fts(comments_fts, rank) VALUES('integrity-check', 1)").ok());
  CHECK(*db.QueryInt("SELECT count(*) FROM authors") == (7 * 3001 + 6) / 7);
  CHECK(*db.QueryInt("SELECT count(DISTINCT segid) FROM comments_fts_idx") == 1);
}

TEST_CASE("an author is stored once per platform and a later source fills her missing ext_id",
          "[store]") {
  TempDir dir;
  Store st;
  std::vector<int64_t> topics = OpenWithOneTopic(dir, &st);
  auto write = [&](const std::string& sha, const std::string& ext_id) {
    SourceWriter w(&st, {"x.txt", "text", "none", 10}, topics);
    REQUIRE(w.Begin().ok());
    Thread t = SmallThread();
    for (Comment& c : t.comments) c.author_ext_id = c.author.empty() ? "" : ext_id;
    REQUIRE(w.WriteThread(t).ok());
    REQUIRE(w.Commit(sha, 10, RepairCounts{}, 0).ok());
  };
  Db& db = st.db();
  write("sha-1", "");
  CHECK(*db.QueryInt("SELECT count(*) FROM authors WHERE ext_id IS NULL") == 1);
  write("sha-2", "u1");  // the same alice, now with her platform id
  write("sha-3", "u2");  // a known id is kept
  CHECK(*db.QueryInt("SELECT count(*) FROM authors") == 1);
  CHECK(*db.QueryInt("SELECT count(*) FROM authors WHERE name = 'alice' AND ext_id = 'u1'") == 1);
  CHECK(*db.QueryInt("SELECT count(DISTINCT author_id) FROM comments") == 1);
}

namespace {

// A scratch database with one table t (`definition`) and a BatchInsert of `columns` into it.
struct BatchTable {
  TempDir dir;
  Db db;
  BatchInsert ins;
  BatchTable(const std::string& definition, const std::string& columns, int count) {
    REQUIRE(Db::Open(dir.path() + "/b.db", Db::kReadWrite, &db).ok());
    REQUIRE(db.Exec("CREATE TABLE t(" + definition + ")").ok());
    REQUIRE(ins.Prepare(&db, "t(" + columns + ")", count).ok());
  }
};

}  // namespace

TEST_CASE("BatchInsert stores every row once and in order, whatever the count", "[store]") {
  BatchTable table("n INTEGER NOT NULL, s TEXT", "n, s", 2);
  Db& db = table.db;
  BatchInsert& ins = table.ins;
  // Counts around each statement's size: 16, 4 and 1 rows.
  for (size_t count : {0, 1, 3, 4, 5, 15, 16, 17, 20, 37}) {
    REQUIRE(db.Exec("DELETE FROM t").ok());
    std::vector<std::string> text;
    for (size_t i = 0; i < count; ++i) text.push_back("row " + std::to_string(i));
    REQUIRE(ins.Insert(count, [&](Stmt& s, int at, size_t i) {
                 s.Bind(at + 1, static_cast<int64_t>(i));
                 s.BindRef(at + 2, text[i]);
                 return Status::Ok();
               }).ok());
    INFO(count << " rows");
    CHECK(*db.QueryInt("SELECT count(*) FROM t") == static_cast<int64_t>(count));
    // In order: rowid k holds row k - 1, with its own text.
    CHECK(*db.QueryInt("SELECT count(*) FROM t WHERE rowid = n + 1 AND s = 'row ' || n") ==
          static_cast<int64_t>(count));
  }
}

TEST_CASE("BatchInsert stops at a row that fails, and at a binder's error", "[store]") {
  BatchTable table("n INTEGER NOT NULL", "n", 1);
  Db& db = table.db;
  BatchInsert& ins = table.ins;
  // Row 20 is NULL: the statement holding it fails there. OR FAIL keeps the rows before it
  // (the writer's transaction then rolls back all of them); nothing after it is inserted.
  Status st = ins.Insert(40, [&](Stmt& s, int at, size_t i) {
    if (i == 20) s.BindNull(at + 1); else s.Bind(at + 1, static_cast<int64_t>(i));
    return Status::Ok();
  });
  REQUIRE_FALSE(st.ok());
  CHECK(st.message().find("NOT NULL") != std::string::npos);
  CHECK(*db.QueryInt("SELECT count(*) FROM t") == 20);
  Status bad = ins.Insert(3, [&](Stmt& s, int at, size_t i) {
    s.Bind(at + 1, static_cast<int64_t>(50 + i));
    return i == 1 ? Status::Error("no such author") : Status::Ok();
  });
  CHECK(bad.message() == "no such author");
  CHECK(*db.QueryInt("SELECT count(*) FROM t WHERE n >= 50") == 1);
  // The statements stay usable after either failure.
  REQUIRE(ins.Insert(5, [&](Stmt& s, int at, size_t i) {
               s.Bind(at + 1, static_cast<int64_t>(100 + i));
               return Status::Ok();
             }).ok());
  CHECK(*db.QueryInt("SELECT count(*) FROM t WHERE n >= 100") == 5);
}
