// RedditReader on a fixture in the API's shape, deep nesting, and malformed documents.
#include "ingest/readers/reddit_reader.h"

#include <catch2/catch.hpp>

#include "ingest/readers/json_util.h"
#include "ingest/readers/reddit_fields.h"
#include "reader_testing.h"
#include "testing.h"
#include "thread/tree.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kFixture = SourceDir() + "/fixtures/formats/reddit-thread.json";

// Builds a thread page whose comments nest `depth` levels (c0 <- c1 <- ...).
std::string DeepThread(int depth) {
  std::string s = R"([{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"deep","title":"Deep"}}]}},)"
                  R"({"kind":"Listing","data":{"children":[)";
  for (int i = 0; i < depth; ++i) {
    s += R"({"kind":"t1","data":{"id":"c)" + std::to_string(i) + R"(","parent_id":")" +
         (i == 0 ? std::string("t3_deep") : "t1_c" + std::to_string(i - 1)) +
         R"(","link_id":"t3_deep","author":"a","body":"level )" + std::to_string(i) +
         R"(","created_utc":1,"replies":)";
    s += i + 1 < depth ? R"({"kind":"Listing","data":{"children":[)" : R"(""}})";
  }
  for (int i = 0; i + 1 < depth; ++i) s += "]}}}}";
  return s + "]}}]";
}
}  // namespace

TEST_CASE("reddit: fixture thread — ids, parents, order, text, flags and notes", "[unit]") {
  ReadResult r = ReadPath("reddit", kFixture);
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  const Thread& t = r.threads[0];
  CHECK(t.platform == "reddit");
  CHECK(t.ext_id == "abc123");
  CHECK(t.title == "Is the new model worth the hype? Q&A");
  CHECK(t.body_raw == "Benchmarks look good & the price is low.\n\n> quoted claim");
  CHECK(t.created_at == "2023-11-14T22:13:20Z");
  CHECK(t.parents_explicit);
  std::vector<std::pair<std::string, std::string>> links;
  for (const auto& c : t.comments) links.emplace_back(c.ext_id, c.parent_ext_id);
  // Page order (depth first); c5 ([removed], no replies) is dropped.
  CHECK(links == std::vector<std::pair<std::string, std::string>>{
                     {"c1", ""}, {"c2", "c1"}, {"c3", "c2"}, {"c4", "c3"}, {"c6", ""}, {"c7", ""}});
  const Comment* c1 = r.Find("c1");
  CHECK(c1->raw == "> Benchmarks look good\n\nThey always do. Tom & Jerry <3");
  CHECK(c1->author == "alice");
  CHECK(c1->author_ext_id == "t2_aaa");
  CHECK(c1->score == 12);
  CHECK(r.Find("c2")->created_at == "2023-11-14T22:16:40Z");  // created_utc as a string
  CHECK(r.Find("c2")->raw == "You\u2019re wrong about that.");
  const Comment* c3 = r.Find("c3");
  CHECK(c3->raw.empty());
  CHECK(c3->author.empty());
  CHECK(c3->HasFlag("deleted"));
  CHECK(c3->HasFlag("placeholder"));
  CHECK(r.Find("c6")->raw == "Raw json body with <tags> & stuff");  // raw_json: left alone
  CHECK_FALSE(r.Find("c6")->raw_is_html);
  CHECK(r.Find("c7")->raw_is_html);
  CHECK(r.Find("c7")->raw == "<div class=\"md\"><p>Only HTML here</p></div>");
  CHECK(r.HasNote("more: 3 replies under c3 not in dump"));
  CHECK(r.HasNote("\"continue this thread\" below c6"));
  CHECK(r.HasNote("dropped 1 deleted comment without replies"));
}

TEST_CASE("reddit: entity decoding only for escaped text", "[unit]") {
  CHECK(DecodeRedditEntities("a &amp;gt; b") == "a &gt; b");
  CHECK(DecodeRedditEntities("&gt; quote &#39;x&#39; &quot;y&quot;") == "> quote 'x' \"y\"");
  CHECK(DecodeRedditEntities("<b>raw</b> &amp;") == "<b>raw</b> &amp;");
  CHECK(DecodeRedditEntities("&unknown; & alone") == "&unknown; & alone");
}

TEST_CASE("reddit: the fixture ingests -- placeholder kept, deleted leaf gone, depths right",
          "[unit]") {
  TempDir dir;
  std::string db = dir.File("r.db");
  SourceReport rep;
  REQUIRE(Ingest(db, kFixture, "auto", false, &rep).ok());
  CHECK(rep.format == "reddit");
  auto rows = Stored(db);
  REQUIRE(rows.size() == 6);
  CHECK(rows[3].ext_id == "c4");
  CHECK(rows[3].parent == "c3");
  CHECK(rows[3].depth == 3);
  CHECK(rows[3].parent_method == "explicit");
  CHECK(rows[2].flags.find("placeholder") != std::string::npos);
  CHECK(CountRows(db, "SELECT count(*) FROM comments WHERE ext_id = 'c5'") == 0);
  CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE notes LIKE '%more: 3 replies%'") == 1);
}

TEST_CASE("reddit: a 100,000-deep reply chain is read and given a tree without recursion",
          "[unit]") {
  const int kDepth = 100000;
  ReadResult r = ReadString("reddit", "deep.json", DeepThread(kDepth));
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  Thread& t = r.threads[0];
  REQUIRE(t.comments.size() == static_cast<size_t>(kDepth));
  CHECK(t.comments.back().ext_id == "c99999");
  CHECK(t.comments.back().parent_ext_id == "c99998");
  REQUIRE(TreeStage().Process(&t).ok());
  CHECK(t.comments.back().depth == kDepth - 1);
}

TEST_CASE("reddit: nesting beyond the JSON depth limit is a clear error", "[unit]") {
  size_t n = jsonin::kMaxJsonDepth + 10;
  std::string doc = std::string(n, '[') + std::string(n, ']');
  ReadResult r = ReadString("reddit", "toodeep.json", doc);
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().find("toodeep.json: JSON nested deeper than") == 0);
}

TEST_CASE("reddit: malformed documents name the record and store nothing", "[unit]") {
  const std::string good = ReadFile(kFixture);
  struct Case {
    const char* what;
    std::string doc;
    const char* expect;
  };
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string d = good;
    size_t at = d.find(from);
    REQUIRE(at != std::string::npos);
    return d.replace(at, from.size(), to);
  };
  std::vector<Case> cases = {
      {"truncated", good.substr(0, good.size() / 2), "invalid JSON at byte"},
      {"truncated", good.substr(0, good.size() - 3), "truncated?"},
      {"replies of wrong type", replace(R"("score": 2, "replies": "")", R"("score": 2, "replies": 7)"),
       "[1].data.children[0].data.replies.data.children[0].data.replies.data.children[0].data."
       "replies.data.children[0] (c4): 'replies' is a number"},
      {"body of wrong type", replace(R"("body": "What did they say?")", R"("body": 17)"),
       "(c4): 'body' is a number, expected a string"},
      {"time of wrong type", replace(R"("created_utc": 1700000600)", R"("created_utc": {})"),
       "[1].data.children[1] (c6): 'created_utc' is an object"},
      {"no body", replace(R"("body": "What did they say?",)", ""), "(c4): comment c4 has no 'body'"},
      {"no id", replace(R"("id": "c6", )", ""), "[1].data.children[1]: no 'id'"},
      {"not a listing", replace(R"({"kind": "Listing", "data": {"after": null, "before": null, "children": [
  {"kind": "t3")", R"({"kind": "Thing", "data": {"after": null, "before": null, "children": [
  {"kind": "t3")"),
       "[0] has kind 'Thing', expected 'Listing'"},
      {"children not array", replace(R"("children": ["c8", "c9", "c10"])", R"("children": "c8")"),
       "'children' is a string, expected an array"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    ReadResult r = ReadString("reddit", "bad.json", c.doc);
    CHECK_FALSE(r.status.ok());
    CHECK(r.threads.empty());
    CHECK(r.status.message().find(c.expect) != std::string::npos);
    CHECK(r.status.message().rfind("bad.json: ", 0) == 0);
    TempDir dir;
    WriteFile(dir.File("bad.json"), c.doc);
    std::string msg = CheckBadSourceLeavesNothing(dir.path(), kFixture, dir.File("bad.json"),
                                                  "reddit", false);
    CHECK(msg.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("reddit: every truncation of the fixture fails cleanly", "[unit]") {
  const std::string good = ReadFile(kFixture);
  for (size_t cut = 0; cut + 2 < good.size(); cut += 7) {
    ReadResult r = ReadString("reddit", "cut.json", good.substr(0, cut));
    INFO("cut at " << cut);
    CHECK_FALSE(r.status.ok());
    CHECK(r.threads.empty());
  }
}
