// Battery (issue 8): bad records. Line-oriented dumps (NDJSON, CSV) skip a bad record with a
// warning naming its line, store the good ones and end with exit 0 and a count; --strict fails
// the whole source (exit 1, nothing stored). Documents (JSON, XML) that are truncated or hold
// wrong types fail naming the file and the line or record path.
#include <catch2/catch.hpp>

#include "battery.h"
#include "dump_builders.h"

using namespace threadlens::testing;

namespace {

// Five good comments around six bad lines, each bad in a different way.
std::string MixedNdjson() {
  std::string s;
  s += PsPost("p1");                                         // line 1
  s += PsComment("a1", "t3_p1");                             // 2
  s += "{\"id\":\"bad1\",\"parent_id\":\"t3_p1\",oops}\n";   // 3: not JSON
  s += PsComment("a2", "t1_a1");                             // 4
  s += "[1,2,3]\n";                                          // 5: an array
  s += R"({"id":"bad3","parent_id":"t3_p1","link_id":"t3_p1","body":17})" "\n";  // 6: type
  s += PsComment("a3", "t1_a2");                             // 7
  s += R"({"parent_id":"t3_p1","link_id":"t3_p1","body":"no id"})" "\n";         // 8: no id
  s += R"({"id":"bad5","link_id":"t3_p1","body":"no parent"})" "\n";             // 9: no parent
  s += PsComment("a4", "t3_p1");                             // 10
  s += PsComment("a5", "t1_a4");                             // 11
  s += R"({"id":"bad6","parent_id":"t3_p1","link_id":"t3_p1","bo)";             // 12: cut off
  return s;
}

}  // namespace

TEST_CASE("battery: bad NDJSON lines are skipped with their line numbers (lenient)",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("mixed.ndjson");
  WriteFile(file, MixedNdjson());
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {"6 bad records skipped"});
  for (int line : {3, 5, 6, 8, 9, 12}) {
    INFO("line " << line);
    CHECK(o.run.err.find("warning: " + file + ":" + std::to_string(line) + ": ") !=
          std::string::npos);
  }
  for (int line : {1, 2, 4, 7, 10, 11})
    CHECK(o.run.err.find(file + ":" + std::to_string(line) + ": ") == std::string::npos);
  const int64_t seed = SeededDb::SeedComments();
  CHECK(SeededDb::Count(db.path(), "SELECT count(*) FROM comments") == seed + 5);
  CHECK(SeededDb::Count(db.path(), "SELECT skipped FROM sources WHERE format = 'pushshift'") == 6);
  // The tree of the good records is whole: a5 -> a4, a3 -> a2 -> a1.
  CHECK(SeededDb::Count(db.path(), "SELECT max(depth) FROM comments c JOIN threads t ON "
                                   "t.id = c.thread_id WHERE t.platform = 'reddit'") == 2);
}

TEST_CASE("battery: --strict fails the source at the first bad NDJSON line", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("mixed.ndjson");
  WriteFile(file, MixedNdjson());
  auto o = IngestInto(db.path(), "--strict --format pushshift " + Q(file));
  CheckFailedCleanly(o, {file + ":3: ", "--strict"});
  CHECK(o.run.err.find(file + ":5") == std::string::npos);  // stopped at the first
}

TEST_CASE("battery: bad CSV rows are skipped by line, or fail the source under --strict",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("rows.csv");
  WriteFile(file,
            "comment_id,parent_id,author,body,thread_id\n"   // 1
            "1,,ann,first comment,t1\n"                      // 2
            "2,1,ben,a reply,t1,EXTRA,FIELDS\n"              // 3: too many fields
            "3,1,cy,another reply,t1\n"                      // 4
            "4,3\n"                                          // 5: too few
            "5,,dee,\"an unterminated quote,t1\n");          // 6: runs to the end
  SECTION("lenient") {
    auto o = IngestInto(db.path(), "--format csv " + Q(file));
    CheckStored(o, {file + ":3: ", file + ":5: ", "bad records skipped"});
    CHECK(SeededDb::Count(db.path(), "SELECT count(*) FROM comments") ==
          SeededDb::SeedComments() + 2);
  }
  SECTION("strict") {
    CheckFailedCleanly(IngestInto(db.path(), "--strict --format csv " + Q(file)),
                       {file + ":3: ", "--strict"});
  }
}

TEST_CASE("battery: bad lines of the other line formats follow the same policy",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  struct Case {
    const char* name;
    const char* format;
    std::string bytes;
    int bad_line;
  };
  const Case cases[] = {
      {"hn.ndjson", "hn",
       HnItem(1, 0) + HnItem(2, 1) + R"({"by":"x","id":{"no":1},"parent":1,"type":"comment"})" +
           "\n" + HnItem(4, 2),
       3},
      {"yt.ndjson", "youtube",
       R"({"cid":"A","text":"top","author":"@a","votes":"3","time_parsed":1650000000})"
       "\n"
       R"({"text":"no cid","author":"@b"})"
       "\n"
       R"({"cid":"A.x","text":"reply","author":"@c","votes":"1","time_parsed":1650000100})"
       "\n",
       2},
      {"ytapi.ndjson", "ytapi",
       R"({"kind":"youtube#commentThread","id":"T1","snippet":{"videoId":"v1","topLevelComment":)"
       R"({"id":"T1","snippet":{"authorDisplayName":"a","textOriginal":"one",)"
       R"("publishedAt":"2023-01-01T00:00:00Z"}}}})"
       "\n"
       R"({"kind":"youtube#commentThread","id":"T2"})"
       "\n",
       2},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name << " lenient") {
      std::string file = dir.File(c.name);
      WriteFile(file, c.bytes);
      auto o = IngestInto(db.path(), std::string("--format ") + c.format + " " + Q(file));
      CheckStored(o, {file + ":" + std::to_string(c.bad_line) + ": ", "1 bad records skipped"});
    }
    DYNAMIC_SECTION(c.name << " strict") {
      std::string file = dir.File(c.name);
      WriteFile(file, c.bytes);
      auto o = IngestInto(db.path(),
                          std::string("--strict --format ") + c.format + " " + Q(file));
      CheckFailedCleanly(o, {file + ":" + std::to_string(c.bad_line) + ": "});
    }
  }
}

TEST_CASE("battery: truncated JSON documents fail naming the file and where",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string page = RedditPage(RedditComment("c1", "t3_p1") + "," +
                                RedditComment("c2", "t1_c1"));
  for (size_t cut : {page.size() / 3, page.size() / 2, page.size() - 2}) {
    DYNAMIC_SECTION("reddit cut at byte " << cut) {
      std::string file = dir.File("cut.json");
      WriteFile(file, page.substr(0, cut));
      auto o = IngestInto(db.path(), "--format reddit " + Q(file));
      CheckFailedCleanly(o, {file});
      CHECK(NamesLine(o.run.err, file));
    }
  }
  SECTION("an HN Algolia item cut short") {
    std::string file = dir.File("item.json");
    WriteFile(file, R"({"id":1,"type":"story","title":"T","children":[{"id":2,"type":"comment",)"
                    R"("text":"hi","children":[)");
    CheckFailedCleanly(IngestInto(db.path(), "--format hn " + Q(file)), {file});
  }
  SECTION("a YouTube API list cut short") {
    std::string file = dir.File("list.json");
    WriteFile(file, R"({"kind":"youtube#commentThreadListResponse","items":[{"kind":)");
    CheckFailedCleanly(IngestInto(db.path(), "--format ytapi " + Q(file)), {file});
  }
}

TEST_CASE("battery: wrong types and missing fields in a JSON document name the record",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  struct Case {
    const char* what;
    std::string page;
    const char* needle;
  };
  const Case cases[] = {
      {"body is a number", RedditPage(RedditComment("c1", "t3_p1", "42")), "'body'"},
      {"body is an object", RedditPage(RedditComment("c1", "t3_p1", "{\"x\":1}")), "'body'"},
      {"replies is a number", RedditPage(RedditComment("c1", "t3_p1", "\"x\"", "7")), "replies"},
      {"a comment without an id",
       RedditPage(R"({"kind":"t1","data":{"parent_id":"t3_p1","link_id":"t3_p1","body":"x"}})"),
       "id"},
      {"children is a string",
       R"([{"kind":"Listing","data":{"children":"none"}}])", "children"},
      {"the top level is a number", "12345", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      std::string file = dir.File("bad.json");
      WriteFile(file, c.page);
      auto o = IngestInto(db.path(), "--format reddit " + Q(file));
      CheckFailedCleanly(o, {file, c.needle});
    }
  }
}

TEST_CASE("battery: truncated XML fails naming file and line, bad posts are skipped by line",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string doc = DisqusDoc(DisqusThread("1") + DisqusPost("10", "1") +
                              DisqusPost("11", "1", "10") + DisqusPost("12", "1", "11"));
  for (size_t cut : {doc.size() / 2, doc.size() - 3}) {
    DYNAMIC_SECTION("disqus cut at byte " << cut) {
      std::string file = dir.File("cut.xml");
      WriteFile(file, doc.substr(0, cut));
      auto o = IngestInto(db.path(), "--format disqus " + Q(file));
      CheckFailedCleanly(o, {file});
      CHECK(NamesLine(o.run.err, file));
    }
  }
  SECTION("WXR cut inside an item") {
    std::string wxr = ReadFile(SourceDir() + "/fixtures/formats/wxr-small.xml");
    REQUIRE(wxr.size() > 1000);
    std::string file = dir.File("cut-wxr.xml");
    WriteFile(file, wxr.substr(0, wxr.size() * 2 / 3));
    auto o = IngestInto(db.path(), "--format wxr " + Q(file));
    CheckFailedCleanly(o, {file});
    CHECK(NamesLine(o.run.err, file));
  }
  SECTION("a post without an id is skipped by line; --strict fails") {
    std::string file = dir.File("noid.xml");
    std::string bad = "<post><message>x</message><thread dsq:id=\"1\"/></post>\n";
    WriteFile(file, DisqusDoc(DisqusThread("1") + DisqusPost("10", "1") + bad));
    CheckStored(IngestInto(db.path(), "--format disqus " + Q(file)), {file + ":5"});
    SeededDb fresh(dir, "fresh.db");
    CheckFailedCleanly(IngestInto(fresh.path(), "--strict --format disqus " + Q(file)),
                       {file + ":5"});
  }
}

TEST_CASE("battery: a cut-off HTML page keeps its comments with a warning, --strict fails",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string page = ReadFile(SourceDir() + "/fixtures/formats/html-wordpress.html");
  size_t end = page.rfind("</body>");
  REQUIRE(end != std::string::npos);
  std::string file = dir.File("cut.html");
  WriteFile(file, page.substr(0, end));
  auto o = IngestInto(db.path(), "--format html " + Q(file));
  CheckStored(o, {file});
  CHECK(SeededDb::Count(db.path(), "SELECT count(*) FROM comments") > SeededDb::SeedComments());
  SeededDb fresh(dir, "fresh.db");
  CheckFailedCleanly(IngestInto(fresh.path(), "--strict --format html " + Q(file)), {file});
}
