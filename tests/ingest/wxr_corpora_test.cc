// The real WXR samples in ../shared/corpora, ingested by the binary with auto-detection, and
// their stored trees compared with the ones their ids describe (read here by plain string
// search, independently of the reader). Also: broken exports store nothing.
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

// Text between <tag> and </tag> after `from` and before `to`, CDATA markers and spaces removed.
std::string Field(const std::string& s, const std::string& tag, size_t from, size_t to) {
  size_t p = s.find("<" + tag + ">", from);
  if (p == std::string::npos || p >= to) return "";
  p += tag.size() + 2;
  std::string v = s.substr(p, s.find("</" + tag + ">", p) - p);
  if (v.rfind("<![CDATA[", 0) == 0) v = v.substr(9, v.size() - 12);
  v.erase(0, v.find_first_not_of(" \t\r\n"));
  v.erase(v.find_last_not_of(" \t\r\n") + 1);
  return v;
}

// "thread|comment|parent" per comment as the ids say: parent 0, or one that is not in the same
// item, means top level. Items without comments make no thread. *orphans gets the comments
// whose parent is missing.
std::vector<std::string> NaiveLinks(const std::string& xml, std::vector<std::string>* orphans) {
  std::vector<std::string> out;
  size_t p = 0;
  while ((p = xml.find("<item>", p)) != std::string::npos) {
    size_t end = xml.find("</item>", p);
    // The item's own fields come before its first comment.
    size_t first = std::min(end, xml.find("<wp:comment>", p));
    std::string thread = Field(xml, "wp:post_id", p, first);
    if (thread.empty()) thread = Field(xml, "link", p, first);
    std::vector<std::pair<std::string, std::string>> comments;
    for (size_t c = xml.find("<wp:comment>", p); c < end; c = xml.find("<wp:comment>", c + 1)) {
      size_t cend = xml.find("</wp:comment>", c);
      comments.push_back(
          {Field(xml, "wp:comment_id", c, cend), Field(xml, "wp:comment_parent", c, cend)});
    }
    std::set<std::string> ids;
    for (const auto& [id, parent] : comments) ids.insert(id);
    for (const auto& [id, parent] : comments) {
      bool top = parent.empty() || parent == "0";
      bool known = !top && ids.count(parent);
      if (!top && !known) orphans->push_back(id);
      out.push_back(thread + "|" + id + "|" + (known ? parent : ""));
    }
    p = end;
  }
  return out;
}

std::vector<std::string> StoredLinks(const std::string& db) {
  std::vector<std::string> got;
  for (const auto& row : DbRows(db, kStoredLinksSql)) got.push_back(row.substr(0, row.rfind('|')));
  return got;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string Ingest(const std::string& file, const std::string& db) {
  auto run = RunThreadlens("ingest --db '" + db + "' '" + file + "'");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return run.err;
}

}  // namespace

TEST_CASE("wxr: isso's sample: tree as its ids say, duplicate id 11, comment 7's dates",
          "[shared]") {
  const std::string shared = SharedDir();
  if (shared.empty()) return;
  const std::string file = shared + "/corpora/wordpress/wordpress.xml";
  TempDir dir;
  const std::string db = dir.File("w.db");
  Ingest(file, db);
  CHECK(DbRows(db, "SELECT format FROM sources") == std::vector<std::string>{"wxr"});
  std::vector<std::string> orphans;
  std::vector<std::string> want = NaiveLinks(ReadFile(file), &orphans);
  REQUIRE(want.size() == 8);
  CHECK(orphans.empty());
  CHECK(Sorted(StoredLinks(db)) == Sorted(want));
  // Comment id 11 in two items: two comments in two threads, neither a duplicate.
  CHECK(DbRows(db,
               "SELECT t.ext_id, coalesce(c.flags, '') FROM comments c JOIN threads t ON "
               "t.id = c.thread_id WHERE c.ext_id = '11' ORDER BY c.id") ==
        std::vector<std::string>{"18|", "http://example.tld/?p=4|"});
  // Comment 7 has only comment_date_gmt and no comment_type: its GMT date, no flag.
  CHECK(DbRows(db, "SELECT created_at, coalesce(flags, '') FROM comments WHERE ext_id = '7'") ==
        std::vector<std::string>{"2014-04-29T15:21:35Z|"});
  // Comment 10's local date is 10 h ahead; the GMT one is stored.
  CHECK(DbRows(db, "SELECT created_at FROM comments WHERE ext_id = '10'") ==
        std::vector<std::string>{"2022-06-06T02:13:14Z"});
  CHECK(DbRows(db, "SELECT max(depth) FROM comments") == std::vector<std::string>{"2"});
}

TEST_CASE("wxr: Pelican's WordPress 3.3 export: missing parent 121, trashed pingback", "[shared]") {
  const std::string shared = SharedDir();
  if (shared.empty()) return;
  const std::string file = shared + "/corpora/wordpress/wordpressexport.xml";
  TempDir dir;
  const std::string db = dir.File("w.db");
  Ingest(file, db);
  CHECK(DbRows(db, "SELECT format FROM sources") == std::vector<std::string>{"wxr"});
  std::vector<std::string> orphans;
  std::vector<std::string> want = NaiveLinks(ReadFile(file), &orphans);
  CHECK(want.size() == 4);
  CHECK(orphans == std::vector<std::string>{"122"});
  CHECK(Sorted(StoredLinks(db)) == Sorted(want));
  CHECK(DbRows(db, "SELECT parent_method, flags FROM comments WHERE ext_id = '122'") ==
        std::vector<std::string>{"repaired|orphan"});
  CHECK(DbRows(db, "SELECT flags FROM comments WHERE ext_id = '156'") ==
        std::vector<std::string>{"pingback,trashed"});
  CHECK(DbRows(db, "SELECT ext_id, title FROM threads") ==
        std::vector<std::string>{"422|With comments"});
  // commentmeta (Akismet history) is not comment text.
  CHECK(DbRows(db, "SELECT count(*) FROM comments WHERE raw LIKE '%akismet%'") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("wxr and disqus: the article body is stored as text, the HTML kept as found", "[e2e]") {
  TempDir dir;
  const std::string db = dir.File("w.db");
  Ingest(threadlens::testing::SourceDir() + "/fixtures/formats/wxr-small.xml", db);
  Ingest(threadlens::testing::SourceDir() + "/fixtures/formats/disqus-small.xml", db);
  auto bodies = DbRows(db, "SELECT body FROM threads WHERE body <> '' ORDER BY id");
  CHECK(std::find(bodies.begin(), bodies.end(),
                  "Three seasons in, here is what the raised beds changed.") != bodies.end());
  for (const auto& b : bodies) CHECK(b.find('<') == std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM threads WHERE raw LIKE '<p>%'") !=
        std::vector<std::string>{"0"});
}

TEST_CASE("wxr: a broken export stores nothing and the error names file and line", "[e2e]") {
  TempDir dir;
  const std::string db = dir.File("w.db");
  std::string whole = ReadFile(SourceDir() + "/fixtures/formats/wxr-small.xml");
  // Cut inside the second item: the first item was complete and already handed on.
  const std::string cut = dir.File("cut.xml");
  WriteFile(cut, whole.substr(0, whole.find("<wp:post_id>47")));
  auto run = RunThreadlens("ingest --db '" + db + "' '" + cut + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.err.find(cut + ":") != std::string::npos);
  CHECK(run.err.find("XML error") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});
  CHECK(DbRows(db, "SELECT count(*) FROM threads") == std::vector<std::string>{"0"});

  // A comment without an id under --strict: refused; lenient: stored without it, warned.
  std::string bad = whole;
  bad.replace(bad.find("<wp:comment_id>205</wp:comment_id>"), 34, "");
  const std::string noid = dir.File("noid.xml");
  WriteFile(noid, bad);
  auto strict = RunThreadlens("ingest --strict --db '" + db + "' '" + noid + "'");
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("without comment_id") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});
  auto lenient = RunThreadlens("ingest --db '" + db + "' '" + noid + "'");
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.err.find("noid.xml:") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM comments") == std::vector<std::string>{"7"});
}
