// Battery (issue 8): broken structure in dumps that name their parents — 100,000-deep reply
// chains, parent cycles, self-parents, duplicate ids, ids shared by two threads, timestamps out
// of range. Each is repaired and recorded (the rest of the dump is stored, exit 0) or is an
// error naming the file and record; the stored tree is always a sound forest.
#include <catch2/catch.hpp>

#include "battery.h"
#include "dump_builders.h"
#include "process.h"

using namespace threadlens::testing;

namespace {

// The stored tree is a forest whatever the input said: parents exist, sit in the same thread,
// are not the comment itself, and depths follow them.
void CheckTreeSound(const std::string& db) {
  CHECK(SeededDb::Count(db, "SELECT count(*) FROM comments WHERE parent_id = id") == 0);
  CHECK(SeededDb::Count(db, "SELECT count(*) FROM comments WHERE parent_id IS NULL AND "
                            "depth != 0") == 0);
  CHECK(SeededDb::Count(db, "SELECT count(*) FROM comments c LEFT JOIN comments p ON "
                            "p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND "
                            "(p.id IS NULL OR p.thread_id != c.thread_id OR "
                            "c.depth != p.depth + 1)") == 0);
  CHECK(SeededDb::Text(db, "PRAGMA integrity_check") == "ok");
}

int64_t CountIn(const std::string& db, const std::string& sql) { return SeededDb::Count(db, sql); }

}  // namespace

TEST_CASE("battery: a 100,000-deep Pushshift reply chain is stored whole", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.ndjson");
  std::string s = PsPost("p1");
  s += PsComment("c0", "t3_p1");
  for (int i = 1; i < 100000; ++i)
    s += PsComment("c" + std::to_string(i), "t1_c" + std::to_string(i - 1), "t3_p1", "yes");
  WriteFile(file, s);
  auto before = DumpDb(db.path());
  auto r = RunMeasured({"ingest", "-q", "--jobs", "2", "--db", db.path(), file},
                       300 * SlowFactor(), dir.File("err"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckRowsKept(before, DumpDb(db.path()));
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN threads t ON t.id = "
                           "c.thread_id WHERE t.platform = 'reddit'") == 100000);
  CHECK(CountIn(db.path(), "SELECT max(depth) FROM comments") == 99999);
  CHECK(CountIn(db.path(), "SELECT max(length(path)) FROM comments") < 2000);
  CheckTreeSound(db.path());
}

TEST_CASE("battery: a 100,000-deep Hacker News Firebase chain is stored whole",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("chain.ndjson");
  std::string s = HnItem(1, 0);
  for (int i = 2; i <= 100001; ++i) s += HnItem(i, i - 1, "no");
  WriteFile(file, s);
  auto before = DumpDb(db.path());
  auto r = RunMeasured({"ingest", "-q", "--format", "hn", "--db", db.path(), file},
                       300 * SlowFactor(), dir.File("err"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CheckRowsKept(before, DumpDb(db.path()));
  CHECK(CountIn(db.path(), "SELECT max(depth) FROM comments") == 99999);
  CheckTreeSound(db.path());
}

TEST_CASE("battery: a 100,000-deep nested Reddit JSON thread ends cleanly", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("deep.json");
  // c0 > c1 > ... > c99999, each in the replies Listing of the one before: ~500,000 JSON levels.
  const int n = 100000;
  std::string head;
  for (int i = 0; i < n; ++i) {
    std::string id = "c" + std::to_string(i);
    std::string parent = i == 0 ? "t3_p1" : "t1_c" + std::to_string(i - 1);
    head += R"({"kind":"t1","data":{"id":")" + id + R"(","parent_id":")" + parent +
            R"(","link_id":"t3_p1","author":"u","body":"deeper","created_utc":1700000100,)"
            R"("replies":)";
    if (i + 1 < n) head += R"({"kind":"Listing","data":{"children":[)";
    else head += "\"\"";
  }
  std::string tail = "}}";  // the innermost comment closes first, then each Listing around it
  for (int i = 1; i < n; ++i) tail += "]}}}}";
  std::string page = RedditPage(head + tail);
  WriteFile(file, page);
  auto before = DumpDb(db.path());
  auto r = RunMeasured({"ingest", "-q", "--format", "reddit", "--db", db.path(), file},
                       300 * SlowFactor(), dir.File("err"));
  INFO(r.err.substr(0, 2000));
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  if (r.exit_code == 0) {
    CheckRowsKept(before, DumpDb(db.path()));
    CHECK(CountIn(db.path(), "SELECT max(depth) FROM comments") == n - 1);
    CheckTreeSound(db.path());
  } else {
    CHECK(r.err.find(file) != std::string::npos);
    CHECK(r.err.find("deep") != std::string::npos);
    CHECK(DumpDb(db.path()) == before);
  }
}

TEST_CASE("battery: parent cycles and self-parents are broken and recorded", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("cycles.ndjson");
  std::string s = PsPost("p1");
  s += PsComment("a", "t1_c");  // a -> c -> b -> a: a cycle of three
  s += PsComment("b", "t1_a");
  s += PsComment("c", "t1_b");
  s += PsComment("self", "t1_self");
  s += PsComment("d", "t1_self");  // a child of the self-parent
  s += PsComment("e", "t1_e2");    // e <-> e2
  s += PsComment("e2", "t1_e");
  s += PsComment("ok", "t3_p1");
  WriteFile(file, s);
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  CheckTreeSound(db.path());
  const std::string in_source =
      " FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.platform = 'reddit'";
  CHECK(CountIn(db.path(), "SELECT count(*)" + in_source) == 8);
  CHECK(CountIn(db.path(), "SELECT count(*)" + in_source + " AND c.parent_method = 'repaired'") >=
        3);
  CHECK(CountIn(db.path(), "SELECT count(*) FROM threads WHERE platform = 'reddit' AND "
                           "notes LIKE '%cycle%'") == 1);
  CHECK(CountIn(db.path(), "SELECT depth" + in_source + " AND c.ext_id = 'd'") == 1);
}

TEST_CASE("battery: duplicate ids keep the first as link target, both are stored",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("dups.ndjson");
  std::string s = PsPost("p1");
  s += PsComment("x", "t3_p1", "t3_p1", "the first x");
  s += PsComment("x", "t3_p1", "t3_p1", "the second x");
  s += PsComment("y", "t1_x", "t3_p1", "reply to x");
  s += PsComment("x", "t1_y", "t3_p1", "a third x replying under its namesake");
  WriteFile(file, s);
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  CheckTreeSound(db.path());
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments WHERE ext_id IN ('x', 'y')") == 4);
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN comments p ON p.id = "
                           "c.parent_id WHERE c.ext_id = 'y' AND p.body = 'the first x'") == 1);
  CHECK(CountIn(db.path(), "SELECT count(*) FROM threads WHERE platform = 'reddit' AND "
                           "notes LIKE '%duplicate%'") == 1);
}

TEST_CASE("battery: ids that collide across threads stay in their own threads",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("collide.ndjson");
  std::string s = PsPost("p1") + PsPost("p2");
  s += PsComment("same", "t3_p1", "t3_p1", "same in p1");
  s += PsComment("same", "t3_p2", "t3_p2", "same in p2");
  s += PsComment("r2", "t1_same", "t3_p2", "reply in p2");
  s += PsComment("r1", "t1_same", "t3_p1", "reply in p1");
  WriteFile(file, s);
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  CheckTreeSound(db.path());
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN comments p ON p.id = "
                           "c.parent_id WHERE (c.ext_id = 'r1' AND p.body = 'same in p1') OR "
                           "(c.ext_id = 'r2' AND p.body = 'same in p2')") == 2);
  CHECK(CountIn(db.path(), "SELECT count(*) FROM threads WHERE platform = 'reddit'") == 2);
}

TEST_CASE("battery: timestamps out of range are dropped or skipped, never stored wrong",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("times.ndjson");
  const char* const times[] = {
      "1e300", "-1e300", "99999999999999999999", "-99999999999999999999", "253402300800",
      "-62135596801", "\"tomorrow-ish\"", "\"99999-01-01T00:00:00Z\"", "\"2024-13-45T99:99:99Z\"",
      "1.5e9", "null", "true", "{}", "[]", "\"\"", "0", "-1",
  };
  std::string s = PsPost("p1");
  int n = 0;
  for (const char* t : times)
    s += PsComment("t" + std::to_string(n++), "t3_p1", "t3_p1", "a time", t);
  WriteFile(file, s);
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  // Every stored time is a real ISO-8601 UTC instant in years 0001-9999.
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments WHERE created_at IS NOT NULL AND NOT "
                           "(created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T"
                           "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*Z' AND "
                           "julianday(created_at) IS NOT NULL)") == 0);
  // Each record is stored or named in a warning; none is lost silently.
  int64_t stored = CountIn(db.path(), "SELECT count(*) FROM comments WHERE body = 'a time'");
  size_t warned = Occurrences(o.run.err, "warning: " + file + ":");
  CHECK(stored + static_cast<int64_t>(warned) == n);
  CHECK(CountIn(db.path(), "SELECT count(*) FROM comments WHERE body = 'a time' AND "
                           "created_at = '2017-07-14T02:40:00Z'") == 1);  // 1.5e9 is fine
}

TEST_CASE("battery: Disqus and CSV with cycles, duplicates and bad dates", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  SECTION("disqus") {
    std::string file = dir.File("broken.xml");
    std::string posts = DisqusThread("1") + DisqusThread("2");
    posts += DisqusPost("10", "1", "12") + DisqusPost("11", "1", "10") +
             DisqusPost("12", "1", "11");                      // a cycle
    posts += DisqusPost("13", "1", "13");                      // self-parent
    posts += DisqusPost("10", "2");                            // an id used twice
    posts += DisqusPost("14", "2", "10");
    std::string bad_date = DisqusPost("15", "2");
    bad_date.replace(bad_date.find("2021-04-02T09"), 13, "20210-99-99T9");
    posts += bad_date;
    WriteFile(file, DisqusDoc(posts));
    auto o = IngestInto(db.path(), "--format disqus " + Q(file));
    CheckStored(o, {});
    CheckTreeSound(db.path());
    CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN threads t ON t.id = "
                             "c.thread_id WHERE t.platform = 'disqus'") >= 6);
  }
  SECTION("csv") {
    std::string file = dir.File("broken.csv");
    WriteFile(file,
              "id,parent,author,time,text,thread\n"
              "1,3,a,2024-01-01T00:00:00Z,one,t\n"
              "2,1,b,99999999999999999999,two,t\n"
              "3,2,c,not a date,three,t\n"
              "4,4,d,-1e300,self,t\n"
              "1,,e,,one again,t\n"
              "5,1,f,,five,u\n");
    auto o = IngestInto(db.path(), "--format csv " + Q(file));
    CheckStored(o, {});
    CheckTreeSound(db.path());
    // Each row is stored or named in a warning.
    CHECK(CountIn(db.path(), "SELECT count(*) FROM comments c JOIN threads t ON t.id = "
                             "c.thread_id WHERE t.source_id = (SELECT max(id) FROM sources)") +
              static_cast<int64_t>(Occurrences(o.run.err, "warning: " + file + ":")) ==
          6);
  }
}

TEST_CASE("battery: 100,000-deep nested HTML and XML end with a clear error", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  const int n = 100000;
  std::string open_tags, close_tags;
  for (int i = 0; i < n; ++i) {
    open_tags += "<div class=\"comment\"><p>hello there, a reply</p>";
    close_tags += "</div>";
  }
  SECTION("html") {
    std::string file = dir.File("deep.html");
    WriteFile(file, "<!DOCTYPE html><html><head><title>x</title></head><body>" + open_tags +
                        close_tags + "</body></html>");
    auto o = IngestInto(db.path(), "--format html " + Q(file));
    CheckFailedCleanly(o, {file, "nested too deeply"});
  }
  SECTION("xml") {
    std::string file = dir.File("deep.xml");
    std::string a, b;
    for (int i = 0; i < n; ++i) {
      a += "<post>";
      b += "</post>";
    }
    WriteFile(file, DisqusDoc(DisqusThread("1") + a + b));
    auto o = IngestInto(db.path(), "--format disqus " + Q(file));
    CheckFailedCleanly(o, {file});
  }
}
