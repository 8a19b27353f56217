// The HTML summary rendered by headless Chromium (Debian package `chromium`): the DOM the
// browser builds has the numbers, the charts and one tree node per comment. Hidden tag: run by
// tests/report/check_html.sh (ctest "report-browser"), which skips when chromium is missing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "fixture.h"
#include "testing.h"

namespace threadlens {
namespace {

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// The DOM after load, as Chromium serialises it; no network, a throwaway profile.
std::string DumpDom(const testing::TempDir& dir, const std::string& html_path) {
  std::string out = dir.File("dom.html");
  std::string cmd =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking"
      " --disable-component-update --disable-sync --no-first-run --user-data-dir='" +
      dir.File("profile") + "' --dump-dom 'file://" + html_path + "' >'" + out +
      "' 2>/dev/null";
  int rc = std::system(cmd.c_str());
  INFO(cmd);
  REQUIRE(rc == 0);
  return testing::ReadFile(out);
}

TEST_CASE("HTML summary renders in headless Chromium", "[.browser]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  std::string page = dir.File("summary.html");
  auto r = testing::RunThreadlens("summary --db '" + db + "' --thread 1 --format html -o '" +
                                  page + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string dom = DumpDom(dir, page);
  REQUIRE(!dom.empty());
  // Numbers: comments, replies, contested; the tree has one node per comment of the thread.
  CHECK(dom.find("<b>14</b><span>comments</span>") != std::string::npos);
  CHECK(dom.find("<b>10 (71%)</b><span>replies</span>") != std::string::npos);
  CHECK(dom.find("<b>7</b><span>contested replies</span>") != std::string::npos);
  CHECK(Count(dom, "<details class=\"node") ==
        static_cast<size_t>(testing::SqlInt(db, "SELECT COUNT(*) FROM comments WHERE thread_id = 1")));
  CHECK(Count(dom, "<svg class=\"chart") == 4);
  // The script text in comment 12 stayed text: the browser built no script element from it.
  CHECK(Count(dom, "<script") == 0);
  CHECK(dom.find("&lt;script&gt;alert('x')&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("HTML summary of a larger thread renders every node", "[.browser]") {
  testing::TempDir dir;
  std::string db = dir.File("r.db");
  testing::CreateRandomStore(db, 3000, 2, 5);
  std::string page = dir.File("summary.html");
  auto r = testing::RunThreadlens("summary --db '" + db + "' --thread 2 --format html -o '" +
                                  page + "'");
  REQUIRE(r.exit_code == 0);
  std::string dom = DumpDom(dir, page);
  int64_t n = testing::SqlInt(db, "SELECT COUNT(*) FROM comments WHERE thread_id = 2");
  CHECK(dom.find("<b>" + std::to_string(n) + "</b><span>comments</span>") != std::string::npos);
  CHECK(Count(dom, "<details class=\"node") == static_cast<size_t>(n));
}

}  // namespace
}  // namespace threadlens
