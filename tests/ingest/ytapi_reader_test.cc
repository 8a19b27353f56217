// YtApiReader: list responses, one commentThread per line, malformed input.
#include "ingest/readers/ytapi_reader.h"

#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kDir = SourceDir() + "/fixtures/formats/";
}

TEST_CASE("ytapi: list response — textOriginal preferred, replies linked, more noted",
          "[unit]") {
  ReadResult r = ReadPath("ytapi", kDir + "ytapi-list.json");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  const Thread& t = r.threads[0];
  CHECK(t.platform == "youtube");
  CHECK(t.ext_id == "vid12345678");
  CHECK(t.url == "https://www.youtube.com/watch?v=vid12345678");
  REQUIRE(t.comments.size() == 4);
  const Comment* top = r.Find("UgThreadA");
  CHECK(top->raw == "Great video\nreally \"great\"");
  CHECK_FALSE(top->raw_is_html);
  CHECK(top->author == "Viewer One");
  CHECK(top->author_ext_id == "UCone");
  CHECK(top->score == 15);
  CHECK(top->parent_ext_id.empty());
  const Comment* r1 = r.Find("UgThreadA.r1");
  CHECK(r1->parent_ext_id == "UgThreadA");
  CHECK(r1->raw_is_html);  // no textOriginal: textDisplay is HTML
  CHECK(r1->raw == "Disagree, it&#39;s <b>overhyped</b>");
  CHECK(r1->created_at == "2023-05-01T11:00:00Z");  // +02:00 normalised
  CHECK(r.HasNote("more: 1 reply to UgThreadA not in dump"));
}

TEST_CASE("ytapi: one thread per line, grouped by video in order of first appearance",
          "[unit]") {
  ReadResult r = ReadPath("ytapi", kDir + "ytapi-threads.ndjson");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 2);
  CHECK(r.threads[0].ext_id == "vidAAAAAAAA");
  REQUIRE(r.threads[0].comments.size() == 3);
  CHECK(r.threads[0].comments[2].ext_id == "UgL3");
  CHECK(r.threads[0].comments[2].line_start == 3);
  CHECK(r.threads[1].ext_id == "vidBBBBBBBB");
}

TEST_CASE("ytapi: malformed input names the record -- nothing stored", "[unit]") {
  const std::string list = ReadFile(kDir + "ytapi-list.json");
  auto replace = [&](std::string d, const std::string& from, const std::string& to) {
    size_t at = d.find(from);
    REQUIRE(at != std::string::npos);
    return d.replace(at, from.size(), to);
  };
  struct Case {
    std::string doc, expect;
  };
  std::vector<Case> cases = {
      {list.substr(0, list.size() - 10), "list.json: invalid JSON at byte"},
      {replace(list, R"("likeCount": 2)", R"("likeCount": "many")"),
       "items[0] (UgThreadA): replies.comments[0]: comment UgThreadA.r1: snippet: 'likeCount'"},
      {replace(list, R"("textDisplay": "First", "textOriginal": "First", )", ""),
       "items[1] (UgThreadB): snippet.topLevelComment: comment UgThreadB: snippet: no "
       "'textOriginal' or 'textDisplay'"},
      {replace(list, R"("items": [)", R"("items": [7, )"), "items[0]: is a number"},
      {replace(list, R"("kind": "youtube#commentThread", "etag": "e2", "id": "UgThreadB",)",
               R"("kind": "youtube#commentThread", "etag": "e2",)"),
       "items[1]: commentThread without 'id'"},
  };
  for (const auto& c : cases) {
    INFO(c.expect);
    ReadResult r = ReadString("ytapi", "list.json", c.doc);
    CHECK_FALSE(r.status.ok());
    CHECK(r.status.message().find(c.expect) != std::string::npos);
    TempDir dir;
    WriteFile(dir.File("list.json"), c.doc);
    CheckBadSourceLeavesNothing(dir.path(), kDir + "ytapi-threads.ndjson", dir.File("list.json"),
                                "ytapi", false);
  }
  // Lines: a thread with a broken reply is skipped whole (no half thread), with its line.
  std::string lines = ReadFile(kDir + "ytapi-threads.ndjson");
  lines = replace(lines, R"("textOriginal": "reply")", R"("textOriginal": false)");
  ReadResult lenient = ReadString("ytapi", "t.ndjson", lines);
  REQUIRE(lenient.status.ok());
  REQUIRE(lenient.warnings.size() == 1);
  CHECK(lenient.warnings[0].rfind("t.ndjson:1: ", 0) == 0);
  CHECK(lenient.Find("UgL1") == nullptr);
  CHECK(lenient.Find("UgL1.x") == nullptr);
  CHECK(lenient.comments() == 2);
  ReaderOptions strict;
  strict.policy = BadRecordPolicy::kStrict;
  CHECK_FALSE(ReadString("ytapi", "t.ndjson", lines, strict).status.ok());
}
