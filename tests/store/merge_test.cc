// merge: shards of one ingest merge back to exactly that ingest (ignoring row ids), in any
// order and grouping; what cannot be merged is refused with the file named and nothing written.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include "ingest/formats.h"
#include "store/merge.h"
#include "store/merge_plan.h"
#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::store;
using threadlens::testing::ReadFile;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

namespace {

// ---- The reference: a database's content as sorted lines, ids replaced by identities --------
// (the same identities as tools/scaleout/dbcompare.py: a thread by its source's sha256 and its
// own fields, a comment by its thread and position, stances/evidence by comment and topic name).

const char* const kThreadKey =
    "quote(s.sha256)||'|'||quote(t.ext_id)||'|'||quote(t.title)||'|'||quote(t.url)||'|'||"
    "quote(t.created_at)||'|'||quote(t.body)";
const char* const kCommentJoin =
    " JOIN comments c ON c.id = x.comment_id JOIN threads t ON t.id = c.thread_id"
    " JOIN sources s ON s.id = t.source_id";

std::vector<std::string> Canonical(const std::string& path) {
  Store st;
  REQUIRE(Store::Open(path, Db::kReadOnly, &st).ok());
  const std::string key = kThreadKey;
  const std::vector<std::string> queries = {
      "SELECT 'source|'||quote(sha256)||quote(format)||quote(bytes)||quote(skipped)||"
      "quote(shards)||coalesce((SELECT group_concat(k||'='||v) FROM (SELECT key k, value v FROM"
      " json_each(repairs) ORDER BY key)), '') FROM sources",
      "SELECT 'topic|'||quote(name)||quote(pole_a)||quote(pole_b)||quote(rules_sha256) FROM topics",
      "SELECT 'thread|'||" + key + "||quote(t.platform)||quote(t.raw)||quote(t.notes)"
      " FROM threads t JOIN sources s ON s.id = t.source_id",
      "SELECT 'comment|'||" + key + "||'#'||c.position||'|'||quote(c.ext_id)||quote(p.position)||"
      "c.depth||quote(c.path)||quote(a.platform)||quote(a.name)||quote(a.ext_id)||"
      "quote(c.created_at)||quote(c.score)||quote(c.body)||quote(c.raw)||quote(c.line_start)||"
      "quote(c.line_end)||quote(c.parent_method)||quote(c.parent_confidence)||"
      "quote(c.created_approx)||quote(c.flags) FROM comments c JOIN threads t ON t.id ="
      " c.thread_id JOIN sources s ON s.id = t.source_id LEFT JOIN comments p ON p.id ="
      " c.parent_id LEFT JOIN authors a ON a.id = c.author_id",
      "SELECT 'quote|'||" + key + "||'#'||c.position||'|'||quote(qc.position)||x.start||'-'||"
      "x.\"end\"||quote(x.similarity)||x.of_article FROM quotes x" + kCommentJoin +
      " LEFT JOIN comments qc ON qc.id = x.quoted_comment_id",
      "SELECT 'stance|'||" + key + "||'#'||c.position||'|'||tp.name||'|'||x.stance||"
      "quote(x.score)||quote(x.confidence) FROM stances x" + kCommentJoin +
      " JOIN topics tp ON tp.id = x.topic_id",
      "SELECT 'evidence|'||" + key + "||'#'||c.position||'|'||tp.name||'|'||x.rule_id||"
      "quote(x.pole)||quote(x.weight)||x.start||'-'||x.\"end\"||quote(x.snippet)||quote(x.flags)"
      " FROM evidence x" + kCommentJoin + " JOIN topics tp ON tp.id = x.topic_id",
  };
  std::vector<std::string> lines;
  for (const auto& q : queries) {
    Stmt stmt;
    Status status = st.db().Prepare(q, &stmt);
    INFO(status.message());
    REQUIRE(status.ok());
    while (stmt.Step(&status)) lines.emplace_back(stmt.Text(0));
    REQUIRE(status.ok());
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The first lines that differ, for the failure message.
std::string FirstDifferences(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string out = std::to_string(only_a.size()) + " lines only in the first, " +
                    std::to_string(only_b.size()) + " only in the second\n";
  for (size_t i = 0; i < std::min<size_t>(3, only_a.size()); ++i)
    out += "  < " + only_a[i].substr(0, 300) + "\n";
  for (size_t i = 0; i < std::min<size_t>(3, only_b.size()); ++i)
    out += "  > " + only_b[i].substr(0, 300) + "\n";
  return out;
}

#define REQUIRE_SAME_CONTENT(a, b)                   \
  do {                                               \
    auto ca_ = Canonical(a);                         \
    auto cb_ = Canonical(b);                         \
    INFO(FirstDifferences(ca_, cb_));                \
    REQUIRE(ca_.size() == cb_.size());               \
    REQUIRE(ca_ == cb_);                             \
  } while (0)

int64_t Count(const std::string& db, const std::string& sql) {
  Store st;
  REQUIRE(Store::Open(db, Db::kReadOnly, &st).ok());
  auto v = st.db().QueryInt(sql);
  INFO(v.status().message());
  REQUIRE(v.ok());
  return *v;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string Q(const std::string& s) { return "'" + s + "'"; }

// ---- Hand-built databases (no ingest): exact control over shards and topics ----------------

Thread MakeThread(const std::string& id, int comments, const std::string& author_prefix) {
  Thread t;
  t.platform = "test";
  t.ext_id = id;
  t.title = "Thread " + id;
  t.body = t.body_raw = "Article " + id + ".";
  for (int i = 0; i < comments; ++i) {
    Comment c;
    c.ext_id = id + "-c" + std::to_string(i);
    c.author = author_prefix + std::to_string(i % 3);
    c.author_ext_id = i % 2 ? "u" + c.author : "";
    c.raw = c.body = "comment " + std::to_string(i) + " of thread " + id + " about bubbles";
    c.parent = i == 0 ? -1 : i - 1;
    c.parent_method = i == 0 ? method::kNone : method::kExplicit;
    c.depth = i;
    c.path = std::to_string(i);
    t.comments.push_back(c);
  }
  if (comments > 1) t.quotes.push_back({1, 0, false, 0, 7, 0.9});
  StanceResult s;
  s.comment = 0;
  s.topic = 0;
  s.stance = "overhyped";
  s.score = 1.25;
  s.confidence = 0.5;
  s.evidence.push_back({"hype.bubble", "overhyped", 1.25, 36, 43, "bubbles", ""});
  t.stances.push_back(s);
  t.repairs.mojibake_reversed = 1;
  return t;
}

// A database holding, for each (sha256, shards) pair, the given threads.
struct SourceSpec {
  std::string sha, shards;
  std::vector<Thread> threads;
};

void MakeDb(const std::string& path, const std::vector<SourceSpec>& sources,
            const std::string& rules_sha = "rules-1") {
  Store st;
  REQUIRE(Store::Open(path, Db::kReadWrite, &st).ok());
  std::vector<int64_t> topics;
  {
    Transaction tx(&st.db());
    REQUIRE(st.SetTopics({{"hype", "Is it hype?", "overhyped", "justified"},
                          {"fraud", "Is it fraud?", "suspicious", "credible"}},
                         rules_sha, &topics, nullptr)
                .ok());
    REQUIRE(tx.Commit().ok());
  }
  for (const auto& s : sources) {
    SourceInfo info{"dump-" + s.sha + ".ndjson", "pushshift", "none", 100};
    info.shards = s.shards;
    SourceWriter w(&st, info, topics);
    REQUIRE(w.Begin().ok());
    RepairCounts repairs;
    for (const auto& t : s.threads) {
      REQUIRE(w.WriteThread(t).ok());
      repairs += t.repairs;
    }
    REQUIRE(w.Commit(s.sha, 100, repairs, 2).ok());
  }
  REQUIRE(st.Finalize().ok());
}

Status MergeFiles(const std::string& out, const std::vector<std::string>& in,
                  MergeReport* report = nullptr) {
  MergeReport r;
  Status st = Merge(out, in, &r);
  if (report) *report = r;
  return st;
}

}  // namespace

TEST_CASE("shard coverage parses every well-formed spelling and nothing else", "[merge]") {
  using merge_internal::Coverage;
  using merge_internal::ParseCoverage;
  Coverage c;
  REQUIRE(ParseCoverage("", &c).ok());
  CHECK(c.whole());
  REQUIRE(ParseCoverage("2/4", &c).ok());
  CHECK(c.n == 4);
  CHECK(c.k == std::vector<int>{2});
  CHECK(c.Text() == "2/4");
  REQUIRE(ParseCoverage("3,0/4", &c).ok());
  CHECK(c.Text() == "0,3/4");
  REQUIRE(ParseCoverage("0/1", &c).ok());
  CHECK(c.whole());  // the one shard of one is the whole source
  REQUIRE(ParseCoverage("1,0,2/3", &c).ok());
  CHECK(c.whole());
  CHECK(c.Describe() == "the whole source");
  for (const char* bad : {"/", "4", "1/", "/4", "4/4", "-1/4", "1/0", "1,1/4", "1,/4", ",1/4",
                          "a/4", "1/4x", "1 /4", "1/9999999"}) {
    INFO(bad);
    CHECK_FALSE(ParseCoverage(bad, &c).ok());
  }
  // Every subset of 0..4 with N = 5 round-trips through Text().
  for (int mask = 1; mask < 32; ++mask) {
    std::string text;
    for (int k = 4; k >= 0; --k)
      if (mask & (1 << k)) text += (text.empty() ? "" : ",") + std::to_string(k);
    text += "/5";
    REQUIRE(ParseCoverage(text, &c).ok());
    if (mask == 31) {
      CHECK(c.whole());
    } else {
      Coverage again;
      REQUIRE(ParseCoverage(c.Text(), &again).ok());
      CHECK(again.k == c.k);
      CHECK(c.n == 5);
    }
  }
}

TEST_CASE("the plan is the same for every order of the inputs", "[merge]") {
  using namespace merge_internal;
  auto row = [](int64_t id, const std::string& sha, const std::string& shards) {
    SourceRow r;
    r.id = id;
    r.sha256 = sha;
    r.path = "p";
    REQUIRE(ParseCoverage(shards, &r.cov).ok());
    return r;
  };
  std::vector<DbSummary> in(4);
  in[0] = {"a.db", {row(1, "s2", "0/3"), row(2, "s1", "")}, {}};
  in[1] = {"b.db", {row(1, "s2", "2/3"), row(2, "s3", "1/2")}, {}};
  in[2] = {"c.db", {row(7, "s2", "1/3"), row(8, "s1", "")}, {}};
  in[3] = {"d.db", {row(1, "s3", "0/2")}, {}};
  DbSummary out{"out.db", {}, {}};
  auto describe = [&](const std::vector<DbSummary>& inputs) {
    std::vector<Import> plan;
    MergeReport r;
    REQUIRE(Plan(out, inputs, &plan, &r).ok());
    std::string s;
    for (const auto& i : plan)
      s += i.src.sha256 + ":" + i.src.cov.Text() + "->" + i.after.Text() + " ";
    return s + "skipped " + std::to_string(r.sources_skipped);
  };
  const std::string want = describe(in);
  CHECK(want == "s1:-> s2:0/3->0/3 s2:1/3->0,1/3 s2:2/3-> s3:0/2->0/2 s3:1/2-> skipped 1");
  std::vector<size_t> order = {0, 1, 2, 3};
  while (std::next_permutation(order.begin(), order.end())) {
    std::vector<DbSummary> shuffled;
    for (size_t i : order) shuffled.push_back(in[i]);
    CHECK(describe(shuffled) == want);
  }
  // OUT holding part of s2 already: only the rest is planned.
  out.sources = {row(5, "s2", "1/3")};
  CHECK(describe(in) == "s1:-> s2:0/3->0,1/3 s2:2/3-> s3:0/2->0/2 s3:1/2-> skipped 2");
}

TEST_CASE("shards of one source merge back into the whole source, in any order", "[merge]") {
  TempDir dir;
  Thread a = MakeThread("A", 4, "ann"), b = MakeThread("B", 3, "bob"), c = MakeThread("C", 5, "ann");
  MakeDb(dir.File("whole.db"), {{"sha-x", "", {a, b, c}}});
  MakeDb(dir.File("s0.db"), {{"sha-x", "0/3", {a}}});
  MakeDb(dir.File("s1.db"), {{"sha-x", "1/3", {b}}});
  MakeDb(dir.File("s2.db"), {{"sha-x", "2/3", {c}}});
  const std::string s0 = dir.File("s0.db"), s1 = dir.File("s1.db"), s2 = dir.File("s2.db");

  MergeReport r;
  REQUIRE(MergeFiles(dir.File("m.db"), {s0, s1, s2}, &r).ok());
  CHECK(r.sources_added == 1);
  CHECK(r.shards_added == 2);
  CHECK(r.comments == 12);
  CHECK(r.transactions == 1);
  CHECK(Count(dir.File("m.db"), "SELECT count(*) FROM sources WHERE shards IS NULL") == 1);
  // Authors stay unique by (platform, name): ann0..2 and bob0..2.
  CHECK(Count(dir.File("m.db"), "SELECT count(*) FROM authors") == 6);
  CHECK(Count(dir.File("m.db"), "SELECT count(*) FROM authors WHERE ext_id = 'uann1'") == 1);
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("m.db"));

  // Every permutation and grouping gives the same content.
  REQUIRE(MergeFiles(dir.File("r.db"), {s2, s0, s1}).ok());
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("r.db"));
  REQUIRE(MergeFiles(dir.File("p12.db"), {s2, s1}).ok());
  {
    Store st;
    REQUIRE(Store::Open(dir.File("p12.db"), Db::kReadOnly, &st).ok());
    Stmt q;
    REQUIRE(st.db().Prepare("SELECT shards FROM sources", &q).ok());
    Status status;
    REQUIRE(q.Step(&status));
    CHECK(q.Text(0) == "1,2/3");
  }
  REQUIRE(MergeFiles(dir.File("assoc.db"), {dir.File("p12.db"), s0}).ok());
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("assoc.db"));

  // Merging into an OUT that already holds part of it, then again: nothing doubles.
  REQUIRE(MergeFiles(dir.File("p12.db"), {s0}).ok());
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("p12.db"));
  REQUIRE(MergeFiles(dir.File("p12.db"), {s0, s1, s2, dir.File("whole.db")}, &r).ok());
  CHECK(r.comments == 0);
  CHECK(r.sources_skipped == 4);
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("p12.db"));

  // The merged FTS index is consistent and finds the copied rows.
  {
    Store st;
    REQUIRE(Store::Open(dir.File("m.db"), Db::kReadWrite, &st).ok());
    CHECK(st.db().Exec("INSERT INTO comments_fts(comments_fts) VALUES('integrity-check')").ok());
    CHECK(*st.db().QueryInt("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH "
                            "'bubbles'") == 12);
  }
}

TEST_CASE("a whole source is taken once, and replaces a partial one", "[merge]") {
  TempDir dir;
  Thread a = MakeThread("A", 2, "ann"), b = MakeThread("B", 2, "bob");
  MakeDb(dir.File("whole.db"), {{"sha-x", "", {a, b}}, {"sha-y", "", {MakeThread("Y", 3, "y")}}});
  MakeDb(dir.File("s0.db"), {{"sha-x", "0/2", {a}}});
  MakeDb(dir.File("y.db"), {{"sha-y", "", {MakeThread("Y", 3, "y")}}});
  REQUIRE(MergeFiles(dir.File("m.db"), {dir.File("s0.db")}).ok());
  MergeReport r;
  REQUIRE(MergeFiles(dir.File("m.db"), {dir.File("y.db"), dir.File("whole.db")}, &r).ok());
  CHECK(r.sources_skipped == 1);  // sha-y from y.db or whole.db, once
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("m.db"));
  CHECK(Count(dir.File("m.db"), "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH "
                                "'thread'") == 7);
}

TEST_CASE("an input from an older schema merges -- missing columns take their defaults",
          "[merge]") {
  TempDir dir;
  Thread a = MakeThread("A", 3, "ann");
  MakeDb(dir.File("whole.db"), {{"sha-x", "", {a}}});
  MakeDb(dir.File("old.db"), {{"sha-x", "", {a}}});
  {
    // What a schema-1 database looks like: no sources.shards, user_version 1.
    Db db;
    REQUIRE(Db::Open(dir.File("old.db"), Db::kReadWrite, &db).ok());
    REQUIRE(db.Exec("ALTER TABLE sources DROP COLUMN shards; PRAGMA user_version = 1").ok());
  }
  MergeReport r;
  Status st = MergeFiles(dir.File("m.db"), {dir.File("old.db")}, &r);
  INFO(st.message());
  REQUIRE(st.ok());
  CHECK(r.comments == 3);
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("m.db"));
}

TEST_CASE("more inputs than SQLite can attach merge in groups, same content", "[merge]") {
  TempDir dir;
  std::vector<Thread> all;
  std::vector<std::string> shards;
  const int n = 13;
  for (int k = 0; k < n; ++k) {
    Thread t = MakeThread("T" + std::to_string(k), 1 + k % 4, "p");
    all.push_back(t);
    std::string path = dir.File("s" + std::to_string(k) + ".db");
    MakeDb(path, {{"sha-big", std::to_string(k) + "/" + std::to_string(n), {t}},
                  {"sha-own-" + std::to_string(k), "", {MakeThread("O" + std::to_string(k), 2, "o")}}});
    shards.push_back(path);
  }
  std::vector<SourceSpec> whole = {{"sha-big", "", all}};
  for (int k = 0; k < n; ++k)
    whole.push_back({"sha-own-" + std::to_string(k), "", {MakeThread("O" + std::to_string(k), 2, "o")}});
  MakeDb(dir.File("whole.db"), whole);

  MergeReport r;
  REQUIRE(MergeFiles(dir.File("m.db"), shards, &r).ok());
  CHECK(r.transactions > 1);
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("m.db"));
  std::reverse(shards.begin(), shards.end());
  REQUIRE(MergeFiles(dir.File("r.db"), shards).ok());
  REQUIRE_SAME_CONTENT(dir.File("whole.db"), dir.File("r.db"));
}

TEST_CASE("merge refuses what does not add up, names the files and writes nothing", "[merge]") {
  TempDir dir;
  Thread a = MakeThread("A", 2, "ann"), b = MakeThread("B", 2, "bob");
  const std::string s0 = dir.File("s0.db"), out = dir.File("out.db");
  MakeDb(s0, {{"sha-x", "0/2", {a}}});

  SECTION("rules differ") {
    const std::string other = dir.File("other-rules.db");
    MakeDb(other, {{"sha-x", "1/2", {b}}}, "rules-2");
    Status st = MergeFiles(out, {s0, other});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("rules-1") != std::string::npos);
    CHECK(st.message().find("rules-2") != std::string::npos);
    CHECK(st.message().find(s0) != std::string::npos);
    CHECK(st.message().find(other) != std::string::npos);
    CHECK_FALSE(Exists(out));
    // Also against an existing OUT's topics.
    MakeDb(out, {}, "rules-2");
    std::string before = ReadFile(out);
    st = MergeFiles(out, {s0});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("rules differ") != std::string::npos);
    CHECK(ReadFile(out) == before);
  }
  SECTION("shards cut with different N") {
    MakeDb(dir.File("t.db"), {{"sha-x", "1/3", {b}}});
    Status st = MergeFiles(out, {s0, dir.File("t.db")});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("same N") != std::string::npos);
    CHECK(st.message().find("0/2") != std::string::npos);
    CHECK(st.message().find("1/3") != std::string::npos);
    CHECK_FALSE(Exists(out));
  }
  SECTION("overlapping shards") {
    MakeDb(dir.File("t.db"), {{"sha-x", "0,1/3", {a, b}}});
    MakeDb(dir.File("u.db"), {{"sha-x", "1,2/3", {b}}});
    Status st = MergeFiles(out, {dir.File("u.db"), dir.File("t.db")});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("overlapping") != std::string::npos);
    CHECK_FALSE(Exists(out));
  }
  SECTION("not a threadlens database") {
    WriteFile(dir.File("notes.txt"), "just some text, not SQLite at all\n");
    Status st = MergeFiles(out, {s0, dir.File("notes.txt")});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("notes.txt") != std::string::npos);
    {
      Db db;
      REQUIRE(Db::Open(dir.File("foreign.db"), Db::kReadWrite, &db).ok());
      REQUIRE(db.Exec("CREATE TABLE mine(x); PRAGMA user_version = 1").ok());
    }
    st = MergeFiles(out, {dir.File("foreign.db")});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("foreign.db: not a threadlens database") != std::string::npos);
    st = MergeFiles(out, {dir.File("missing.db")});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("missing.db") != std::string::npos);
    CHECK_FALSE(Exists(dir.File("missing.db")));
    CHECK_FALSE(Exists(out));
  }
  SECTION("a newer schema") {
    {
      Db db;
      REQUIRE(Db::Open(s0, Db::kReadWrite, &db).ok());
      REQUIRE(db.Exec("PRAGMA user_version = " + std::to_string(SchemaVersion() + 1)).ok());
    }
    Status st = MergeFiles(out, {s0});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("newer threadlens") != std::string::npos);
    CHECK_FALSE(Exists(out));
  }
  SECTION("a table merge does not know") {
    {
      Db db;
      REQUIRE(Db::Open(s0, Db::kReadWrite, &db).ok());
      REQUIRE(db.Exec("CREATE TABLE annotations(comment_id, note); INSERT INTO annotations "
                      "VALUES(1, 'x')").ok());
    }
    Status st = MergeFiles(out, {s0});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("annotations") != std::string::npos);
  }
  SECTION("the output itself as input") {
    REQUIRE(MergeFiles(out, {s0}).ok());
    Status st = MergeFiles(out, {out});
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("output database itself") != std::string::npos);
  }
  SECTION("an input is never written") {
    std::string before = ReadFile(s0);
    REQUIRE(MergeFiles(out, {s0}).ok());
    CHECK(ReadFile(s0) == before);
  }
}

// ---- End to end: the binary ingests a corpus whole and as N shards --------------------------

namespace {

// Plain-text dumps, one thread per file: the bundled sample with a different first line and a
// different subset of comments each, so shard hashes and contents differ.
std::vector<std::string> TextCorpus(const TempDir& dir, int threads) {
  std::string sample = ReadFile(SourceDir() + "/fixtures/sample/call-centre-comments.txt");
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < sample.size()) {
    size_t nl = sample.find('\n', pos);
    if (nl == std::string::npos) nl = sample.size();
    lines.push_back(sample.substr(pos, nl - pos));
    pos = nl + 1;
  }
  REQUIRE(lines.size() > 10);
  std::vector<std::string> files;
  for (int i = 0; i < threads; ++i) {
    std::string text = "Thread " + std::to_string(i) + ": " + lines[0] + "\n";
    for (size_t k = 1; k < lines.size(); ++k)
      if (k < 6 || (k + static_cast<size_t>(i)) % 5 != 0) text += lines[k] + "\n";
    files.push_back(dir.File("thread" + std::to_string(i) + ".txt"));
    WriteFile(files.back(), text);
  }
  return files;
}

bool HavePushshift() {
  return FindFormat("pushshift") != nullptr && Exists(SourceDir() + "/tools/gen_corpus.py") &&
         Exists("/usr/bin/python3");
}

// A generated Pushshift corpus of about `comments` comments (tools/gen_corpus.py, deterministic
// per seed) in dir, or "" with a warning when this build cannot make or read one.
std::string PushshiftCorpus(const TempDir& dir, int comments, int seed) {
  if (!HavePushshift()) {
    WARN("skipped: no pushshift reader or tools/gen_corpus.py in this build");
    return "";
  }
  std::string corpus = dir.File("rc.ndjson");
  std::string gen = "/usr/bin/python3 " + Q(SourceDir() + "/tools/gen_corpus.py") +
                    " --comments " + std::to_string(comments) + " --seed " +
                    std::to_string(seed) + " --out " + Q(corpus);
  REQUIRE(std::system(gen.c_str()) == 0);
  return corpus;
}

// Ingests `inputs` whole into `whole` and as `n` shards into shard0..; merges them (in the given
// order of shard indices) into `merged`. Returns the shard database paths.
std::vector<std::string> IngestWholeAndShards(const TempDir& dir, const std::string& format,
                                              const std::string& inputs, int n,
                                              const std::string& whole) {
  auto r = RunThreadlens("ingest --quiet --format " + format + " --db " + Q(whole) + " " + inputs);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> shards;
  int64_t total = 0;
  for (int k = 0; k < n; ++k) {
    std::string db = dir.File(format + "-shard" + std::to_string(k) + ".db");
    auto s = RunThreadlens("ingest --quiet --format " + format + " --shard " + std::to_string(k) +
                           "/" + std::to_string(n) + " --db " + Q(db) + " " + inputs);
    INFO(s.err);
    REQUIRE(s.exit_code == 0);
    int64_t c = Count(db, "SELECT count(*) FROM comments");
    CHECK(c > 0);  // the corpus is big enough that every shard gets threads
    total += c;
    shards.push_back(db);
  }
  CHECK(total == Count(whole, "SELECT count(*) FROM comments"));
  return shards;
}

void CheckMergesEqual(const TempDir& dir, const std::string& tag, const std::string& whole,
                      const std::vector<std::string>& shards) {
  std::string all;
  for (const auto& s : shards) all += " " + Q(s);
  std::string merged = dir.File(tag + "-merged.db");
  auto m = RunThreadlens("merge " + Q(merged) + all);
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(m.err.find("merged " + std::to_string(shards.size()) + " databases") != std::string::npos);
  REQUIRE_SAME_CONTENT(whole, merged);
  CHECK(Count(merged, "SELECT count(*) FROM sources WHERE shards IS NOT NULL") == 0);
  CHECK(ReadFile(merged + "-journal").empty());

  // Reverse order, and a merge of partial merges: same content.
  std::string rev;
  for (auto it = shards.rbegin(); it != shards.rend(); ++it) rev += " " + Q(*it);
  std::string reversed = dir.File(tag + "-reversed.db");
  REQUIRE(RunThreadlens("merge " + Q(reversed) + rev).exit_code == 0);
  REQUIRE_SAME_CONTENT(whole, reversed);
  std::string left = dir.File(tag + "-left.db"), nested = dir.File(tag + "-nested.db");
  REQUIRE(RunThreadlens("merge " + Q(left) + " " + Q(shards.back()) + " " + Q(shards.front()))
              .exit_code == 0);
  std::string rest;
  for (size_t i = 1; i + 1 < shards.size(); ++i) rest += " " + Q(shards[i]);
  REQUIRE(RunThreadlens("merge " + Q(nested) + rest + " " + Q(left)).exit_code == 0);
  REQUIRE_SAME_CONTENT(whole, nested);
}

}  // namespace

TEST_CASE("text dumps ingested as 3 shards and merged equal one ingest", "[e2e][merge]") {
  TempDir dir;
  auto files = TextCorpus(dir, 12);
  std::string inputs;
  for (const auto& f : files) inputs += " " + Q(f);
  std::string whole = dir.File("text-whole.db");
  auto shards = IngestWholeAndShards(dir, "text", inputs, 3, whole);
  CHECK(Count(whole, "SELECT count(*) FROM threads") == 12);
  CheckMergesEqual(dir, "text", whole, shards);

  // A merge refuses shards from another rule set (here: a copy of the rules, one byte more).
  std::string rules = dir.File("rules");
  REQUIRE(std::system(("cp -r " + Q(SourceDir() + "/rules") + " " + Q(rules)).c_str()) == 0);
  REQUIRE(std::system(("echo '# changed' >> " + Q(rules + "/topics/hype.rules")).c_str()) == 0);
  std::string other = dir.File("other-rules.db");
  auto r = RunThreadlens("ingest --quiet --format text --rules " + Q(rules) + " --shard 0/3 --db " +
                         Q(other) + inputs);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string out = dir.File("refused.db");
  auto m = RunThreadlens("merge " + Q(out) + " " + Q(shards[1]) + " " + Q(other));
  CHECK(m.exit_code == 1);
  CHECK(m.err.find("rules differ") != std::string::npos);
  CHECK(m.err.find("other-rules.db") != std::string::npos);
  CHECK_FALSE(Exists(out));
}

TEST_CASE("a Pushshift corpus ingested as 4 shards and merged equals one ingest",
          "[e2e][merge]") {
  TempDir dir;
  std::string corpus = PushshiftCorpus(dir, 4000, 11);
  if (corpus.empty()) return;
  std::string whole = dir.File("ps-whole.db");
  auto shards = IngestWholeAndShards(dir, "pushshift", Q(corpus), 4, whole);
  CHECK(Count(whole, "SELECT count(*) FROM comments") >= 3000);
  CHECK(Count(whole, "SELECT count(*) FROM stances") > 0);
  CheckMergesEqual(dir, "ps", whole, shards);
}

TEST_CASE("shards ingested one after another into one database join into one ingest",
          "[e2e][merge]") {
  TempDir dir;
  std::string corpus = PushshiftCorpus(dir, 1500, 5);
  if (corpus.empty()) return;
  auto ingest = [&](const std::string& db, const std::string& args) {
    return RunThreadlens("ingest --quiet --format pushshift --db " + Q(db) + " " + args);
  };
  std::string whole = dir.File("whole.db");
  REQUIRE(ingest(whole, Q(corpus)).exit_code == 0);

  // Three shards, in any order, into one file: one source row, the whole content.
  std::string same = dir.File("same.db");
  for (const char* k : {"2/3", "0/3", "1/3"}) {
    auto r = ingest(same, "--shard " + std::string(k) + " " + Q(corpus));
    INFO(k << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("(source 1)") != std::string::npos);
  }
  CHECK(Count(same, "SELECT count(*) FROM sources") == 1);
  REQUIRE_SAME_CONTENT(whole, same);
  {
    Store st;
    REQUIRE(Store::Open(same, Db::kReadWrite, &st).ok());
    CHECK(st.db().Exec("INSERT INTO comments_fts(comments_fts) VALUES('integrity-check')").ok());
  }
  // A shard it holds already, and the whole source, change nothing.
  for (const char* args : {"--shard 1/3 ", ""}) {
    auto r = ingest(same, args + Q(corpus));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("already ingested") != std::string::npos);
  }
  REQUIRE_SAME_CONTENT(whole, same);

  // Shards of another cut are refused, naming both; the whole source then replaces the shard.
  std::string part = dir.File("part.db");
  REQUIRE(ingest(part, "--shard 0/3 " + Q(corpus)).exit_code == 0);
  auto bad = ingest(part, "--shard 0/2 " + Q(corpus));
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("holds shards 0/3 of it") != std::string::npos);
  CHECK(bad.err.find("--shard 0/2") != std::string::npos);
  CHECK(Count(part, "SELECT count(*) FROM sources WHERE shards = '0/3'") == 1);
  REQUIRE(ingest(part, Q(corpus)).exit_code == 0);
  CHECK(Count(part, "SELECT count(*) FROM sources") == 1);
  REQUIRE_SAME_CONTENT(whole, part);

  // From stdin the sha256 is known only at the end: the shard joins at commit all the same.
  std::string piped = dir.File("piped.db");
  const std::string bytes = ReadFile(corpus);
  auto p0 = RunThreadlens("ingest --quiet --format pushshift --shard 0/2 --db " + Q(piped) + " -",
                          bytes);
  REQUIRE(p0.exit_code == 0);
  REQUIRE(ingest(piped, "--shard 1/2 " + Q(corpus)).exit_code == 0);
  auto p1 = RunThreadlens("ingest --quiet --format pushshift --shard 1/2 --db " + Q(piped) + " -",
                          bytes);
  CHECK(p1.exit_code == 0);
  CHECK(p1.err.find("already ingested") != std::string::npos);
  REQUIRE_SAME_CONTENT(whole, piped);
  // ... and a shard of another cut is refused there too, not taken for one already held.
  std::string half = dir.File("half.db");
  REQUIRE(ingest(half, "--shard 0/2 " + Q(corpus)).exit_code == 0);
  auto other_cut = RunThreadlens(
      "ingest --quiet --format pushshift --shard 1/3 --db " + Q(half) + " -", bytes);
  CHECK(other_cut.exit_code == 1);
  CHECK(other_cut.err.find("cut differently from shard 1/3") != std::string::npos);
  CHECK(Count(half, "SELECT count(*) FROM sources WHERE shards = '0/2'") == 1);
}
