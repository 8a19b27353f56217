// Battery (issue 8), the structure cases in every format that names parents — CSV, Disqus,
// WordPress WXR, YouTube Data API, Hacker News (Algolia's nested items) — beside the Pushshift,
// Firebase and Reddit ones in structure_test.cc: a 100,000-deep reply chain, ids that collide
// across threads, timestamps out of range. Each run exits 0 with the dump stored (or 1 with the
// file named and nothing stored), earlier rows untouched, and the stored tree a sound forest.
#include <catch2/catch.hpp>

#include "battery.h"
#include "dump_builders.h"
#include "process.h"

using namespace threadlens::testing;

namespace {

constexpr int kDeep = 100000;

int64_t CountIn(const std::string& db, const std::string& sql) { return SeededDb::Count(db, sql); }

// The comments of the newest source.
const char kNewest[] =
    " FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.source_id = "
    "(SELECT max(id) FROM sources)";

// Parents exist, sit in the same thread, are not the comment itself; depths follow them.
void CheckTreeSound(const std::string& db) {
  CHECK(CountIn(db, "SELECT count(*) FROM comments WHERE parent_id = id") == 0);
  CHECK(CountIn(db, "SELECT count(*) FROM comments WHERE parent_id IS NULL AND depth != 0") == 0);
  CHECK(CountIn(db, "SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
                    "WHERE c.parent_id IS NOT NULL AND (p.id IS NULL OR "
                    "p.thread_id != c.thread_id OR c.depth != p.depth + 1)") == 0);
  CHECK(SeededDb::Text(db, "PRAGMA integrity_check") == "ok");
}

// Ingests `file` as `format` into a seeded database with a generous (sanitizer-scaled) time
// limit, and checks the success contract: exit 0, earlier rows kept, a sound tree.
ChildRun IngestDeep(const TempDir& dir, const SeededDb& db, const std::string& format,
                    const std::string& file) {
  auto before = DumpDb(db.path());
  auto r = RunMeasured({"ingest", "-q", "--format", format, "--db", db.path(), file},
                       120 * SlowFactor(), dir.File("err"));
  INFO(r.err.substr(0, 2000));
  CHECK_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 0);
  CheckRowsKept(before, DumpDb(db.path()));
  CheckTreeSound(db.path());
  return r;
}

}  // namespace

TEST_CASE("battery: a 100,000-deep reply chain in CSV is stored whole", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.csv");
  std::string s = "comment_id,parent_id,author,created_at,body,thread_id\n1,,a,1700000000,top,t\n";
  for (int i = 2; i <= kDeep; ++i)
    s += std::to_string(i) + "," + std::to_string(i - 1) + ",u,1700000100,deeper,t\n";
  WriteFile(file, s);
  IngestDeep(dir, db, "csv", file);
  CHECK(CountIn(db.path(), std::string("SELECT count(*)") + kNewest) == kDeep);
  CHECK(CountIn(db.path(), std::string("SELECT max(c.depth)") + kNewest) == kDeep - 1);
}

TEST_CASE("battery: a 100,000-deep Disqus parent chain is stored whole", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.xml");
  std::string posts = DisqusThread("1") + DisqusPost("100000", "1", "", "top");
  for (int i = 1; i < kDeep; ++i)
    posts += DisqusPost(std::to_string(100000 + i), "1", std::to_string(100000 + i - 1), "d");
  WriteFile(file, DisqusDoc(posts));
  IngestDeep(dir, db, "disqus", file);
  CHECK(CountIn(db.path(), std::string("SELECT count(*)") + kNewest) == kDeep);
  CHECK(CountIn(db.path(), std::string("SELECT max(c.depth)") + kNewest) == kDeep - 1);
}

TEST_CASE("battery: a 100,000-deep WordPress comment_parent chain is stored whole",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.wxr.xml");
  std::string comments = WxrComment("1", "0", "top");
  for (int i = 2; i <= kDeep; ++i)
    comments += WxrComment(std::to_string(i), std::to_string(i - 1), "deeper");
  WriteFile(file, WxrDoc(WxrItem("41", comments)));
  IngestDeep(dir, db, "wxr", file);
  CHECK(CountIn(db.path(), std::string("SELECT count(*)") + kNewest) == kDeep);
  CHECK(CountIn(db.path(), std::string("SELECT max(c.depth)") + kNewest) == kDeep - 1);
}

TEST_CASE("battery: a 100,000-deep YouTube API reply chain is stored as a sound tree",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.ndjson");
  // YouTube itself only nests one level; a dump that claims more must still store soundly.
  std::vector<YtReply> replies;
  for (int i = 1; i < kDeep; ++i)
    replies.push_back({"UgT.r" + std::to_string(i),
                       i == 1 ? std::string("UgT") : "UgT.r" + std::to_string(i - 1), "deeper"});
  WriteFile(file, YtapiThread("UgT", replies));
  IngestDeep(dir, db, "ytapi", file);
  CHECK(CountIn(db.path(), std::string("SELECT count(*)") + kNewest) == kDeep);
  int64_t depth = CountIn(db.path(), std::string("SELECT max(c.depth)") + kNewest);
  CHECK((depth == 1 || depth == kDeep - 1));  // flattened to YouTube's shape, or kept
}

TEST_CASE("battery: a 100,000-deep nested Hacker News item ends cleanly", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("deep.json");
  // Algolia's /items/ID: each comment's children hold the next one.
  std::string head = R"({"id":1,"type":"story","author":"op","title":"Deep","created_at_i":)"
                     R"(1700000000,"parent_id":null,"story_id":1,"children":[)";
  std::string tail = "]}";
  for (int i = 2; i <= kDeep + 1; ++i) {
    head += R"({"id":)" + std::to_string(i) + R"(,"type":"comment","author":"u","text":)"
            R"("<p>deeper</p>","created_at_i":1700000100,"parent_id":)" +
            std::to_string(i - 1) + R"(,"story_id":1,"children":[)";
    tail += "]}";
  }
  WriteFile(file, head + tail);
  auto before = DumpDb(db.path());
  auto r = RunMeasured({"ingest", "-q", "--format", "hn", "--db", db.path(), file},
                       120 * SlowFactor(), dir.File("err"));
  INFO(r.err.substr(0, 2000));
  CHECK_FALSE(r.timed_out);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  if (r.exit_code == 0) {
    CheckRowsKept(before, DumpDb(db.path()));
    CHECK(CountIn(db.path(), std::string("SELECT max(c.depth)") + kNewest) == kDeep - 1);
    CheckTreeSound(db.path());
  } else {
    CHECK(r.err.find(file) != std::string::npos);
    CHECK(r.err.find("deep") != std::string::npos);
    CHECK(DumpDb(db.path()) == before);
  }
}

TEST_CASE("battery: ids that collide across threads stay in their own threads, every format",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  // Two threads, each with a comment "same" and a reply to it; the reply must hang under the
  // "same" of its own thread.
  struct Case {
    const char* format;
    const char* file;
    std::string bytes;
    int64_t comments;
  };
  const Case cases[] = {
      {"csv", "collide.csv",
       "comment_id,parent_id,author,created_at,body,thread_id\n"
       "7,,a,1700000000,same in A,A\n"
       "7,,b,1700000000,same in B,B\n"
       "8,7,c,1700000100,reply in B,B\n"
       "9,7,d,1700000100,reply in A,A\n",
       4},
      {"disqus", "collide.xml",
       DisqusDoc(DisqusThread("1") + DisqusThread("2") +
                 DisqusPost("7", "1", "", "same in A") + DisqusPost("7", "2", "", "same in B") +
                 DisqusPost("8", "2", "7", "reply in B") + DisqusPost("9", "1", "7", "reply in A")),
       4},
      {"wxr", "collide.wxr.xml",
       WxrDoc(WxrItem("1", WxrComment("7", "0", "same in A") + WxrComment("9", "7", "reply in A")) +
              WxrItem("2", WxrComment("7", "0", "same in B") + WxrComment("8", "7", "reply in B"))),
       4},
      {"ytapi", "collide.ndjson",  // two videos, each with a top-level comment "the top"
       YtapiThread("UgA", {{"Ug.same", "UgA", "same in A"}, {"Ug.r9", "Ug.same", "reply in A"}},
                   "2023-01-01T00:00:00Z", "vidAAAAAAAA") +
           YtapiThread("UgB", {{"Ug.same", "UgB", "same in B"}, {"Ug.r8", "Ug.same", "reply in B"}},
                       "2023-01-01T00:00:00Z", "vidBBBBBBBB"),
       6},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.format) {
      std::string file = dir.File(c.file);
      WriteFile(file, c.bytes);
      auto o = IngestInto(db.path(), std::string("--format ") + c.format + " " + Q(file));
      CheckStored(o, {});
      CheckTreeSound(db.path());
      CHECK(CountIn(db.path(), std::string("SELECT count(*)") + kNewest) == c.comments);
      CHECK(CountIn(db.path(), std::string("SELECT count(DISTINCT t.id)") + kNewest) == 2);
      // Both replies hang under the namesake of their own thread, never the other thread's.
      CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN comments p ON p.id = "
                               "c.parent_id WHERE c.body LIKE 'reply in%' AND "
                               "substr(c.body, -1) != substr(p.body, -1)") == 0);
      CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN comments p ON p.id = "
                               "c.parent_id WHERE c.body LIKE 'reply in%' AND "
                               "substr(c.body, -1) = substr(p.body, -1)") == 2);
    }
  }
}

TEST_CASE("battery: timestamps out of range in HN, WXR, Disqus and YouTube API dumps",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  // Numeric epochs (HN) and date strings (the rest), each far outside 0001-9999 or malformed.
  const std::vector<std::string> epochs = {"1e300", "-1e300", "99999999999999999999",
                                           "-99999999999999999999", "253402300800",
                                           "-62135596801", "\"soon\"", "null", "{}", "1.5e9"};
  const std::vector<std::string> dates = {"99999-01-01 00:00:00", "2024-13-45 99:99:99",
                                          "0000-00-00 00:00:01", "-0001-01-01 00:00:00",
                                          "1e300", "", "9999-12-31 23:59:60", "2017-07-14 02:40:00"};
  auto iso = [](std::string d) {
    if (d.size() == 19 && d[10] == ' ') d[10] = 'T', d += "Z";
    return d;
  };
  struct Case {
    std::string format, file, bytes;
    size_t n;
  };
  std::vector<Case> cases;
  {
    std::string s = HnItem(1, 0);
    int id = 2;
    for (const auto& t : epochs)
      s += R"({"by":"u","id":)" + std::to_string(id++) + R"(,"parent":1,"text":"a time",)"
           R"("time":)" + t + R"(,"type":"comment"})" "\n";
    cases.push_back({"hn", "times.ndjson", s, epochs.size()});
  }
  {
    std::string comments;
    int id = 1;
    for (const auto& d : dates) comments += WxrComment(std::to_string(id++), "0", "a time", d);
    cases.push_back({"wxr", "times.wxr.xml", WxrDoc(WxrItem("41", comments)), dates.size()});
  }
  {
    std::string posts = DisqusThread("1");
    int id = 10;
    for (const auto& d : dates) {
      std::string p = DisqusPost(std::to_string(id++), "1", "", "a time");
      p.replace(p.find("2021-04-02T09:00:00Z"), 20, iso(d));
      posts += p;
    }
    cases.push_back({"disqus", "times.xml", DisqusDoc(posts), dates.size()});
  }
  {
    std::string s;
    int id = 1;
    for (const auto& d : dates)
      s += YtapiThread("Ug" + std::to_string(id++), {}, iso(d));
    cases.push_back({"ytapi", "times.ytapi.ndjson", s, dates.size()});
  }
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.format) {
      std::string file = dir.File(c.file);
      WriteFile(file, c.bytes);
      auto o = IngestInto(db.path(), "--format " + c.format + " " + Q(file));
      INFO("stderr: " << o.run.err.substr(0, 3000));
      REQUIRE((o.run.exit_code == 0 || o.run.exit_code == 1));
      if (o.run.exit_code == 1) {  // a document format may refuse the file, naming it
        CheckFailedCleanly(o, {file});
        continue;
      }
      CheckStored(o, {});
      // Every stored time is a real ISO-8601 UTC instant in years 0001-9999.
      CHECK(CountIn(db.path(),
                    "SELECT count(*) FROM comments WHERE created_at IS NOT NULL AND NOT "
                    "(created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T"
                    "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*Z' AND julianday(created_at) IS NOT NULL)") ==
            0);
      // No record is lost silently: each is stored or named in a warning.
      int64_t stored = CountIn(db.path(), std::string("SELECT count(*)") + kNewest);
      size_t warned = Occurrences(o.run.err, "warning: " + file + ":");
      CHECK(stored + static_cast<int64_t>(warned) >= static_cast<int64_t>(c.n));
      CHECK(stored >= 1);  // the one good date at least
    }
  }
}
