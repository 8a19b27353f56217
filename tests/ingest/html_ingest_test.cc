// Saved pages through the binary: auto-detected, stored with their trees; broken pages store
// nothing.
#include <catch2/catch.hpp>

#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::DbRows;
using threadlens::testing::ReadFile;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

TEST_CASE("html: every fixture page ingests by auto-detection", "[e2e]") {
  TempDir dir;
  const std::string db = dir.File("h.db");
  const std::string fx = SourceDir() + "/fixtures/formats/";
  auto run = RunThreadlens("ingest --db '" + db + "' '" + fx + "html-wordpress.html' '" + fx +
                           "html-wpdiscuz.html' '" + fx + "html-hn.html' '" + fx +
                           "html-oldreddit.html' '" + fx + "html-generic.html'");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(DbRows(db, "SELECT format, count(*) FROM sources GROUP BY format") ==
        std::vector<std::string>{"html|5"});
  CHECK(DbRows(db, "SELECT platform, count(*) FROM threads GROUP BY platform ORDER BY 1") ==
        std::vector<std::string>{"hn|1", "html|3", "reddit|1"});
  // Bodies are text after the repair stage; the HN reply chain is four deep.
  CHECK(DbRows(db, "SELECT body FROM comments WHERE ext_id = '40100044'") ==
        std::vector<std::string>{"No. I can't grep paper."});
  CHECK(DbRows(db,
               "SELECT max(depth) FROM comments c JOIN threads t ON t.id = c.thread_id "
               "WHERE t.platform = 'hn'") == std::vector<std::string>{"3"});
  CHECK(DbRows(db, "SELECT count(*) FROM comments WHERE parent_method = 'explicit'") ==
        std::vector<std::string>{"11"});
}

TEST_CASE("html: a page without comments, or a cut page under --strict, stores nothing", "[e2e]") {
  TempDir dir;
  const std::string db = dir.File("h.db");
  const std::string page = dir.File("article.html");
  WriteFile(page,
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>An article with "
            "no comments.</p></body></html>");
  auto none = RunThreadlens("ingest --db '" + db + "' '" + page + "'");
  CHECK(none.exit_code == 1);
  CHECK(none.err.find(page + ": no comments found") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});

  std::string whole = ReadFile(SourceDir() + "/fixtures/formats/html-hn.html");
  const std::string cut = dir.File("cut.html");
  WriteFile(cut, whole.substr(0, whole.find("id='40100044'")));
  auto strict = RunThreadlens("ingest --strict --db '" + db + "' '" + cut + "'");
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("truncated") != std::string::npos);
  CHECK(DbRows(db, "SELECT count(*) FROM sources") == std::vector<std::string>{"0"});
}
