// ThreadGroups against a plain in-memory reference, with and without spilling; comment_record
// round trips.
#include "ingest/readers/thread_groups.h"

#include <dirent.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "ingest/readers/comment_record.h"
#include "testing.h"

using namespace threadlens;

namespace {

// key -> records in order added; plus the order keys first appeared.
struct Reference {
  std::map<std::string, std::vector<std::string>> groups;
  std::vector<std::string> first_seen;
};

Reference MakeInput(int records, int keys, uint32_t seed,
                    std::vector<std::pair<std::string, std::string>>* adds) {
  std::mt19937 rng(seed);
  Reference ref;
  for (int i = 0; i < records; ++i) {
    // Skewed: a few huge threads, many small ones.
    int k = static_cast<int>(rng() % (rng() % 4 == 0 ? 3 : keys));
    std::string key = "t3_" + std::to_string(k);
    std::string rec(static_cast<size_t>(rng() % 300), static_cast<char>('a' + i % 26));
    rec += "#" + std::to_string(i);
    if (!ref.groups.count(key)) ref.first_seen.push_back(key);
    ref.groups[key].push_back(rec);
    adds->emplace_back(key, rec);
  }
  return ref;
}

int CountSpillFiles(const std::string& dir) {
  int n = 0;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (std::string(e->d_name).rfind("threadlens-spill-", 0) == 0) ++n;
    closedir(d);
  }
  return n;
}

}  // namespace

TEST_CASE("ThreadGroups in memory: groups in order of first appearance", "[unit]") {
  std::vector<std::pair<std::string, std::string>> adds;
  Reference ref = MakeInput(2000, 50, 1, &adds);
  ThreadGroups g(size_t{64} << 20);
  for (auto& [k, r] : adds) REQUIRE(g.Add(k, r).ok());
  std::string key;
  std::vector<std::string> recs;
  Status st;
  std::vector<std::string> order;
  while (g.Next(&key, &recs, &st)) {
    CHECK(recs == ref.groups[key]);
    order.push_back(key);
  }
  REQUIRE(st.ok());
  CHECK(order == ref.first_seen);
  CHECK_FALSE(g.spilled());
}

TEST_CASE("ThreadGroups spilled: same groups, same record order, temp files gone", "[unit]") {
  testing::TempDir tmp;
  const char* old = getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", tmp.path().c_str(), 1);
  for (size_t budget : {size_t{1}, size_t{5000}, size_t{40000}}) {
    std::vector<std::pair<std::string, std::string>> adds;
    Reference ref = MakeInput(3000, 400, static_cast<uint32_t>(budget), &adds);
    ThreadGroups g(budget);
    for (auto& [k, r] : adds) REQUIRE(g.Add(k, r).ok());
    CHECK(g.spilled());
    CHECK(CountSpillFiles(tmp.path()) == 0);  // unlinked at creation
    std::string key;
    std::vector<std::string> recs;
    Status st;
    std::set<std::string> seen;
    while (g.Next(&key, &recs, &st)) {
      INFO("budget " << budget << " key " << key);
      CHECK(seen.insert(key).second);  // each key exactly once
      CHECK(recs == ref.groups[key]);
    }
    REQUIRE(st.ok());
    CHECK(seen.size() == ref.groups.size());
    CHECK(g.spill_bytes() > 0);
  }
  if (old) setenv("TMPDIR", saved.c_str(), 1); else unsetenv("TMPDIR");
}

TEST_CASE("ThreadGroups: one thread bigger than the budget is still emitted whole", "[unit]") {
  ThreadGroups g(1000);
  std::vector<std::string> want;
  for (int i = 0; i < 500; ++i) {
    want.push_back("record " + std::to_string(i));
    REQUIRE(g.Add("only", want.back()).ok());
  }
  std::string key;
  std::vector<std::string> recs;
  Status st;
  REQUIRE(g.Next(&key, &recs, &st));
  CHECK(key == "only");
  CHECK(recs == want);
  CHECK_FALSE(g.Next(&key, &recs, &st));
  CHECK(st.ok());
}

TEST_CASE("ThreadGroups: spilling into an unusable TMPDIR is an error, not a crash", "[unit]") {
  const char* old = getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/threadlens-test", 1);
  ThreadGroups g(10);
  Status st = g.Add("k", std::string(100, 'x'));
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("/nonexistent/threadlens-test") != std::string::npos);
  if (old) setenv("TMPDIR", saved.c_str(), 1); else unsetenv("TMPDIR");
}

TEST_CASE("comment records round-trip every reader-level field", "[unit]") {
  Comment c;
  c.ext_id = "k1";
  c.parent_ext_id = "k0";
  c.author = "ann";
  c.author_ext_id = "t2_ann";
  c.created_at = "2024-01-01T00:00:00Z";
  c.created_approx = true;
  c.score = -7;
  c.raw = std::string("body with \0 nul and \xE2\x80\x9Cquotes\xE2\x80\x9D", 32);
  c.raw_is_html = true;
  c.line_start = 3;
  c.line_end = 9;
  c.flags = {"deleted", "placeholder"};
  std::string rec;
  EncodeComment(c, 2, &rec);
  Thread h;
  h.title = "T";
  h.url = "u";
  h.created_at = "2023";
  h.body_raw = "body";
  std::string hrec, nrec;
  EncodeHeader(h, &hrec);
  EncodeNote("a note", &nrec);
  Thread t;
  REQUIRE(DecodeRecord(rec, &t).ok());
  REQUIRE(DecodeRecord(hrec, &t).ok());
  REQUIRE(DecodeRecord(nrec, &t).ok());
  REQUIRE(t.comments.size() == 1);
  const Comment& d = t.comments[0];
  CHECK(d.ext_id == c.ext_id);
  CHECK(d.parent_ext_id == c.parent_ext_id);
  CHECK(d.author == c.author);
  CHECK(d.author_ext_id == c.author_ext_id);
  CHECK(d.created_at == c.created_at);
  CHECK(d.created_approx);
  CHECK(d.score == -7);
  CHECK(d.raw == c.raw);
  CHECK(d.raw_is_html);
  CHECK(d.line_start == 3);
  CHECK(d.line_end == 9);
  CHECK(d.flags == c.flags);
  CHECK(t.repairs.invalid_utf8 == 2);
  CHECK(t.title == "T");
  CHECK(t.body_raw == "body");
  CHECK(t.notes == std::vector<std::string>{"a note"});
  for (size_t cut = 0; cut < rec.size(); ++cut) {  // every truncation is reported, never read
    Thread x;
    CHECK_FALSE(DecodeRecord(rec.substr(0, cut), &x).ok());
  }
}
