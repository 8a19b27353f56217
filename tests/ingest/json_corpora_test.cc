// The real samples in ../shared/corpora (Reddit, Hacker News, YouTube) ingest with
// auto-detection, and the stored tree is the one their ids describe — checked against an
// independent walk of the raw JSON (every object of the right kind, wherever it sits).
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;
using simdjson::dom::element;

namespace {

// Calls f on every object anywhere inside root (explicit stack).
template <typename F>
void ForEachObject(element root, F f) {
  std::vector<element> stack{root};
  while (!stack.empty()) {
    element e = stack.back();
    stack.pop_back();
    if (e.is_object()) {
      simdjson::dom::object o = e.get_object().value();
      f(o);
      for (auto field : o) stack.push_back(field.value);
    } else if (e.is_array()) {
      simdjson::dom::array a = e.get_array().value();  // a named array: not a dangling temporary
      for (element x : a) stack.push_back(x);
    }
  }
}

std::string Str(simdjson::dom::object o, const char* key) {
  std::string_view s;
  if (o[key].get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  int64_t i;
  if (o[key].get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
  return "";
}

using Edges = std::set<std::pair<std::string, std::string>>;  // (id, parent id or "")

Edges StoredEdges(const std::string& db) {
  Edges e;
  for (const auto& c : Stored(db)) e.emplace(c.ext_id, c.parent);
  return e;
}

std::string Corpus(const std::string& rel) { return SharedDir() + "/corpora/" + rel; }

// Reddit: every t1 anywhere; a gone comment is expected only if something below it survives.
Edges RedditExpected(const std::string& path) {
  simdjson::dom::parser p;
  element root = p.load(path).value();
  std::map<std::string, std::string> parent;
  std::set<std::string> alive;
  ForEachObject(root, [&](simdjson::dom::object o) {
    if (Str(o, "kind") != "t1") return;
    simdjson::dom::object d = o["data"].get_object().value();
    std::string id = Str(d, "id"), par = Str(d, "parent_id"), body = Str(d, "body");
    parent[id] = par.rfind("t1_", 0) == 0 ? par.substr(3) : "";
    if (body != "[deleted]" && body != "[removed]") alive.insert(id);
  });
  std::set<std::string> kept;
  for (const auto& id : alive)
    for (std::string x = id; !x.empty() && kept.insert(x).second; x = parent[x]) {
    }
  Edges e;
  for (const auto& id : kept) e.emplace(id, parent[id]);
  return e;
}

}  // namespace

TEST_CASE("shared corpora: Reddit thread pages keep their tree, 10 levels and the more stub",
          "[shared]") {
  if (SharedDir().empty()) return;
  for (const char* rel : {"reddit/57dw9a_d8r4im1_context100.json", "reddit/post.json"}) {
    INFO(rel);
    TempDir dir;
    std::string db = dir.File("r.db");
    SourceReport rep;
    REQUIRE(Ingest(db, Corpus(rel), "auto", false, &rep).ok());
    CHECK(rep.format == "reddit");
    Edges want = RedditExpected(Corpus(rel));
    CHECK(StoredEdges(db) == want);
    CHECK(CountRows(db, "SELECT count(*) FROM comments WHERE parent_method = 'repaired'") == 0);
  }
  TempDir dir;
  std::string db = dir.File("r.db");
  REQUIRE(Ingest(db, Corpus("reddit/57dw9a_d8r4im1_context100.json")).ok());
  CHECK(CountRows(db, "SELECT count(*) FROM comments") == 144);  // 145 t1, one deleted leaf
  CHECK(CountRows(db, "SELECT max(depth) FROM comments") == 9);   // 10 levels
  CHECK(CountRows(db, "SELECT count(*) FROM comments WHERE flags LIKE '%placeholder%'") == 4);
  CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE ext_id = '57dw9a' AND "
                      "notes LIKE '%continue this thread%below d8rzxi2%'") == 1);
  CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE title LIKE 'I%m American citizen%'") == 1);
}

TEST_CASE("shared corpora: Hacker News item tree and search hit", "[shared]") {
  if (SharedDir().empty()) return;
  {
    TempDir dir;
    std::string db = dir.File("h.db");
    SourceReport rep;
    REQUIRE(Ingest(db, Corpus("hackernews/algolia-item-17.json"), "auto", false, &rep).ok());
    CHECK(rep.format == "hn");
    simdjson::dom::parser p;
    Edges want;
    std::set<std::string> ids;
    std::vector<std::pair<std::string, std::string>> all;
    ForEachObject(p.load(Corpus("hackernews/algolia-item-17.json")).value(),
                  [&](simdjson::dom::object o) {
                    if (Str(o, "type") != "comment") return;
                    ids.insert(Str(o, "id"));
                    all.emplace_back(Str(o, "id"), Str(o, "parent_id"));
                  });
    // A parent outside the file (17's parent 15) makes the comment top level, marked repaired.
    for (auto& [id, par] : all) want.emplace(id, ids.count(par) ? par : "");
    CHECK(StoredEdges(db) == want);
    CHECK(want.size() == 3);
    CHECK(CountRows(db, "SELECT count(*) FROM comments WHERE ext_id = '17' AND parent_method = "
                        "'repaired' AND flags LIKE '%orphan%'") == 1);
    CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE ext_id = '1'") == 1);
  }
  {
    TempDir dir;
    std::string db = dir.File("h.db");
    SourceReport rep;
    REQUIRE(Ingest(db, Corpus("hackernews/algolia-search-comment.json"), "auto", false, &rep).ok());
    CHECK(rep.format == "hn");
    simdjson::dom::parser p;
    Edges want;
    ForEachObject(p.load(Corpus("hackernews/algolia-search-comment.json")).value(),
                  [&](simdjson::dom::object o) {
                    if (Str(o, "objectID").empty() || Str(o, "comment_text").empty()) return;
                    std::string par = Str(o, "parent_id");
                    want.emplace(Str(o, "objectID"), par == Str(o, "story_id") ? "" : par);
                  });
    CHECK(want.size() == 1);
    CHECK(StoredEdges(db) == want);
    CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE ext_id = '6805699' AND title LIKE "
                        "'Started a stupid company%'") == 1);
  }
}

TEST_CASE("shared corpora: YouTube API commentThreads, one per line", "[shared]") {
  if (SharedDir().empty()) return;
  const std::string path = Corpus("youtube/comments-2019-10-01T15:41:10.871195-04:00.jsonl");
  TempDir dir;
  std::string db = dir.File("y.db");
  SourceReport rep;
  REQUIRE(Ingest(db, path, "auto", false, &rep).ok());
  CHECK(rep.format == "ytapi");
  CHECK(rep.skipped == 0);
  Edges want;
  simdjson::dom::parser p;
  std::string text = ReadFile(path);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) {
      simdjson::padded_string line(text.substr(start, end - start));
      ForEachObject(p.parse(line).value(), [&](simdjson::dom::object o) {
        if (Str(o, "kind") != "youtube#comment") return;
        simdjson::dom::object s = o["snippet"].get_object().value();
        want.emplace(Str(o, "id"), Str(s, "parentId"));
      });
    }
    start = end + 1;
  }
  CHECK(want.size() == 243);  // 222 threads + 21 replies
  CHECK(StoredEdges(db) == want);
  CHECK(CountRows(db, "SELECT max(depth) FROM comments") == 1);
  CHECK(CountRows(db, "SELECT count(*) FROM threads WHERE ext_id = '_iyCAzClmT8'") == 1);
}
