// HnReader: Algolia item trees, Algolia search hits, Firebase items; malformed input.
#include "ingest/readers/hn_reader.h"

#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kDir = SourceDir() + "/fixtures/formats/";

std::vector<std::string> Links(const Thread& t) {
  std::vector<std::string> out;
  for (const auto& c : t.comments) out.push_back(c.ext_id + "<" + c.parent_ext_id);
  return out;
}
}  // namespace

TEST_CASE("hn: Algolia item tree — story header, nesting, deleted placeholder", "[unit]") {
  ReadResult r = ReadPath("hn", kDir + "hn-item.json");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  const Thread& t = r.threads[0];
  CHECK(t.platform == "hn");
  CHECK(t.ext_id == "9000");
  CHECK(t.title == "Show HN: A tiny thread analyser");
  CHECK(t.url == "https://example.com/tool");
  CHECK(t.created_at == "2024-03-01T10:00:00Z");
  // 9004 is deleted with no replies: dropped; 9002 is deleted with a reply: placeholder.
  CHECK(Links(t) == std::vector<std::string>{"9001<", "9002<9001", "9003<9002", "9005<"});
  CHECK(r.Find("9002")->HasFlag("placeholder"));
  CHECK(r.Find("9003")->raw_is_html);
  CHECK(r.Find("9003")->raw == "<p>It builds the reply tree &amp; classifies stance.</p>");
  CHECK(r.Find("9003")->author == "founder");
  CHECK(r.Find("9001")->created_at == "2024-03-01T10:05:00Z");
  CHECK(r.HasNote("dropped 1 deleted comment"));
}

TEST_CASE("hn: search hits — one thread per story, story_title used", "[unit]") {
  ReadResult r = ReadPath("hn", kDir + "hn-search.json");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 2);
  CHECK(r.threads[0].ext_id == "7000");
  CHECK(r.threads[0].title == "Ask HN: Is AI a bubble?");
  CHECK(r.threads[0].body_raw == "Valuations look crazy.");  // story text made plain
  CHECK(r.threads[0].url == "https://news.ycombinator.com/item?id=7000");
  CHECK(Links(r.threads[0]) == std::vector<std::string>{"7001<", "7002<7001"});
  CHECK(r.Find("7001")->score == 10);
  CHECK(r.threads[1].ext_id == "8000");
  CHECK(r.threads[1].title == "Another story");
  CHECK(r.threads[1].url == "https://example.org/post");
  // Its parent 8123 is not in the file: kept, for the tree stage to repair and record.
  CHECK(Links(r.threads[1]) == std::vector<std::string>{"8124<8123"});
}

TEST_CASE("hn: Firebase items — stories found by walking parents, deleted and dead", "[unit]") {
  ReadResult r = ReadPath("hn", kDir + "hn-firebase.ndjson");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 2);
  CHECK(r.threads[0].ext_id == "500");
  CHECK(r.threads[0].title == "Firebase story");
  CHECK(Links(r.threads[0]) ==
        std::vector<std::string>{"501<", "502<501", "503<501", "504<", "505<502"});
  CHECK(r.Find("502")->HasFlag("placeholder"));
  CHECK(r.Find("503")->HasFlag("dead"));
  CHECK(r.Find("503")->raw == "[flagged] rude");
  CHECK(r.Find("505")->line_start == 6);
  CHECK(r.Find("501")->created_at == "2023-11-14T22:15:00Z");
  CHECK(r.threads[1].ext_id == "600");  // story not in the file
  CHECK(Links(r.threads[1]) == std::vector<std::string>{"601<"});
}

TEST_CASE("hn: the orphan of an item tree is stored top level as a repaired link", "[unit]") {
  TempDir dir;
  WriteFile(dir.File("item.json"),
            R"({"id": 17, "type": "comment", "author": "pg", "text": "<p>Hi</p>", "parent_id": 15,)"
            R"( "story_id": 1, "created_at_i": 1160423565, "children": [{"id": 18, "type": "comment",)"
            R"( "author": "x", "text": "y", "parent_id": 17, "story_id": 1, "children": []}]})");
  REQUIRE(Ingest(dir.File("h.db"), dir.File("item.json")).ok());
  auto rows = Stored(dir.File("h.db"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].thread == "1");
  CHECK(rows[0].parent.empty());
  CHECK(rows[0].parent_method == "repaired");
  CHECK(rows[1].parent == "17");
  CHECK(rows[1].depth == 1);
}

TEST_CASE("hn: malformed documents fail naming the record -- bad item lines follow the policy",
          "[unit]") {
  const std::string item = ReadFile(kDir + "hn-item.json");
  auto replace = [&](std::string d, const std::string& from, const std::string& to) {
    size_t at = d.find(from);
    REQUIRE(at != std::string::npos);
    return d.replace(at, from.size(), to);
  };
  struct Case {
    std::string doc, expect;
  };
  std::vector<Case> cases = {
      {item.substr(0, item.size() / 2), "item.json: invalid JSON at byte"},
      {replace(item, R"("children": [])", R"("children": "none")"),
       "children[0].children[0].children[0] (9003): 'children' is a string, expected an array"},
      {replace(item, R"("author": "fan")", R"("author": 5)"), "children[1] (9005): 'author' is a number"},
      {replace(item, R"("id": 9005, )", ""), "children[1]: no 'id'"},
      {replace(item, R"("created_at_i": 1709287500)", R"("created_at_i": [1])"),
       "children[0] (9001): 'created_at_i' is an array"},
      {replace(ReadFile(kDir + "hn-search.json"), R"("objectID": "7002")", R"("objectID": {})"),
       "hits[2]: 'objectID' is an object"},
  };
  for (const auto& c : cases) {
    INFO(c.expect);
    ReadResult r = ReadString("hn", "item.json", c.doc);
    CHECK_FALSE(r.status.ok());
    CHECK(r.status.message().find(c.expect) != std::string::npos);
    CHECK(r.threads.empty());
    TempDir dir;
    WriteFile(dir.File("item.json"), c.doc);
    CheckBadSourceLeavesNothing(dir.path(), kDir + "hn-firebase.ndjson", dir.File("item.json"),
                                "hn", false);
  }
  std::string lines = ReadFile(kDir + "hn-firebase.ndjson");
  lines = replace(lines, R"("by":"four")", R"("by":["four"])");
  ReadResult lenient = ReadString("hn", "fb.ndjson", lines);
  REQUIRE(lenient.status.ok());
  REQUIRE(lenient.warnings.size() == 1);
  CHECK(lenient.warnings[0].rfind("fb.ndjson:5: ", 0) == 0);
  CHECK(lenient.warnings[0].find("'by' is an array") != std::string::npos);
  CHECK(lenient.Find("504") == nullptr);
  CHECK(lenient.Find("505") != nullptr);
  ReaderOptions strict;
  strict.policy = BadRecordPolicy::kStrict;
  ReadResult s = ReadString("hn", "fb.ndjson", lines, strict);
  CHECK_FALSE(s.status.ok());
  CHECK(s.status.message().rfind("fb.ndjson:5: ", 0) == 0);
}
