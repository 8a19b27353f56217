// The real Disqus sample in ../shared/corpora, ingested by the binary with auto-detection, and
// its stored tree compared with the one its ids describe (read here by plain string search,
// independently of the reader). Also: broken exports store nothing.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::DbRows;
using threadlens::testing::markup::kStoredLinksSql;
using threadlens::testing::ReadFile;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SharedDir;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

namespace {

// The value of attribute-ish text `key"VALUE"` after `from` in `s`, or "".
std::string After(const std::string& s, const std::string& key, size_t from = 0,
                  size_t to = std::string::npos) {
  size_t p = s.find(key, from);
  if (p == std::string::npos || p >= to) return "";
  p += key.size();
  return s.substr(p, s.find('"', p) - p);
}

struct Post {
  std::string id, thread, parent;
  bool deleted;
};

// Every <post> of an export, by string search.
std::vector<Post> NaivePosts(const std::string& xml) {
  std::vector<Post> out;
  size_t p = 0;
  while ((p = xml.find("<post dsq:id=\"", p)) != std::string::npos) {
    size_t end = xml.find("</post>", p);
    Post post;
    post.id = After(xml, "<post dsq:id=\"", p, end);
    post.thread = After(xml, "<thread dsq:id=\"", p, end);
    post.parent = After(xml, "<parent dsq:id=\"", p, end);
    size_t del = xml.find("<isDeleted>true</isDeleted>", p);
    post.deleted = del != std::string::npos && del < end;
    out.push_back(post);
    p = end;
  }
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("disqus: the shared sample's stored tree is the one its ids describe", "[shared]") {
  const std::string shared = SharedDir();
  if (shared.empty()) return;
  const std::string file = shared + "/corpora/disqus/disqus.xml";
  TempDir dir;
  const std::string db = dir.File("d.db");
  auto run = RunThreadlens("ingest --db '" + db + "' '" + file + "'");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(DbRows(db, "SELECT format FROM sources") == std::vector<std::string>{"disqus"});

  // Expected: every post under its thread with its parent, except deleted posts nobody
  // answered. A parent that is not a post of the same thread would be made top level.
  std::vector<Post> posts = NaivePosts(ReadFile(file));
  REQUIRE(posts.size() == 6);
  std::set<std::string> replied;
  for (const auto& p : posts)
    if (!p.parent.empty()) replied.insert(p.parent);
  std::vector<std::string> want;
  for (const auto& p : posts) {
    if (p.deleted && !replied.count(p.id)) continue;
    bool parent_here = std::any_of(posts.begin(), posts.end(), [&](const Post& q) {
      return q.id == p.parent && q.thread == p.thread;
    });
    want.push_back(p.thread + "|" + p.id + "|" + (parent_here ? p.parent : ""));
  }
  std::vector<std::string> got;
  for (const auto& row : DbRows(db, kStoredLinksSql))
    got.push_back(row.substr(0, row.rfind('|')));  // drop the flags column
  CHECK(Sorted(got) == Sorted(want));

  // The deleted post 9 that post 11 answers is kept as an empty placeholder.
  CHECK(DbRows(db, "SELECT flags, body FROM comments WHERE ext_id = '9'") ==
        std::vector<std::string>{"deleted,placeholder|"});
  // Thread 1337 does not exist but its post forms a thread; thread 3 has no posts.
  CHECK(DbRows(db, "SELECT ext_id, coalesce(title, '') FROM threads ORDER BY id") ==
        std::vector<std::string>{"2|Hello, World!", "7|", "1337|"});
  CHECK(DbRows(db, "SELECT notes LIKE '%not defined%' FROM threads WHERE ext_id = '1337'") ==
        std::vector<std::string>{"1"});
  CHECK(DbRows(db, "SELECT created_at FROM comments WHERE ext_id = '5'") ==
        std::vector<std::string>{"2013-10-11T06:51:33Z"});
  CHECK(DbRows(db, "SELECT count(*) FROM comments WHERE body LIKE '%<p>%'") ==
        std::vector<std::string>{"0"});  // HTML bodies were turned into text
}

TEST_CASE("disqus: a broken export stores nothing and the error names file and line", "[e2e]") {
  TempDir dir;
  const std::string db = dir.File("d.db");
  std::string whole = ReadFile(SourceDir() + "/fixtures/formats/disqus-small.xml");
  const std::string cut = dir.File("cut.xml");
  WriteFile(cut, whole.substr(0, whole.size() * 2 / 3));
  auto run = RunThreadlens("ingest --db '" + db + "' '" + cut + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.err.find(cut + ":") != std::string::npos);
  CHECK(run.err.find("XML error") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});
  CHECK(DbRows(db, "SELECT count(*) FROM comments") == std::vector<std::string>{"0"});

  // A record with a wrong field under --strict: refused, nothing stored.
  std::string bad = whole;
  bad.replace(bad.find("<isSpam>true</isSpam>"), 21, "<isSpam>perhaps</isSpam>");
  const std::string typed = dir.File("typed.xml");
  WriteFile(typed, bad);
  auto strict = RunThreadlens("ingest --strict --db '" + db + "' '" + typed + "'");
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("isSpam is 'perhaps'") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});
  // Without --strict the same file is stored, with a warning naming the line.
  auto lenient = RunThreadlens("ingest --db '" + db + "' '" + typed + "'");
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.err.find("typed.xml:") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM comments") == std::vector<std::string>{"8"});
}
