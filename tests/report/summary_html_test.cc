#include "report/summary_html.h"

#include <catch2/catch.hpp>

#include <regex>

#include "fixture.h"
#include "testing.h"

namespace threadlens::report {
namespace {

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

std::string Render(const std::string& db, int64_t thread, int tree_nodes = 2000) {
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  SummaryLimits lim;
  lim.load_tree = true;
  lim.tree_nodes = tree_nodes;
  Summary s;
  REQUIRE(LoadSummary(&st.db(), thread, lim, &s).ok());
  return RenderHtml(s);
}

// Anything that would make a browser fetch: src/href to a URL or protocol-relative address,
// stylesheets or scripts from elsewhere, CSS url()/@import, web fonts.
void CheckSelfContained(const std::string& html) {
  std::regex fetch(R"((src|href|srcset|data|poster)\s*=\s*["']?\s*(https?:|//|ftp:|file:))",
                   std::regex::icase);
  CHECK_FALSE(std::regex_search(html, fetch));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("@font-face") == std::string::npos);
}

TEST_CASE("HTML summary is self-contained, escaped, and has charts and the tree", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  std::string html = Render(db, 1);
  CheckSelfContained(html);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  // The comment body holding a script tag is shown, never run.
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; nothing") !=
        std::string::npos);
  CHECK(html.find("frank &lt;f@x&gt;") != std::string::npos);
  CHECK(html.find("DeepSeek &amp; the &quot;AI bubble&quot;") != std::string::npos);
  // One tree node per comment, with the comment id as anchor; stance bars and depth chart.
  CHECK(Count(html, "<details class=\"node") == 14);
  for (int id = 1; id <= 14; ++id)
    CHECK(html.find("id=\"c" + std::to_string(id) + "\"") != std::string::npos);
  CHECK(Count(html, "<svg class=\"chart bar\"") == 3);
  CHECK(Count(html, "<svg class=\"chart columns\"") == 1);
  // Tags balance (a cheap well-formedness check of the iterative tree walk).
  CHECK(Count(html, "<details") == Count(html, "</details>"));
  CHECK(Count(html, "<summary") == Count(html, "</summary>"));
  CHECK(Count(html, "<svg") == Count(html, "</svg>"));
  // Figures name their SQL on hover, and the Queries block lists it.
  CHECK(html.find("title=\"q1 — Size and shape:") != std::string::npos);
  CHECK(html.find("<li id=\"q1\">") != std::string::npos);
  // Sides: who argued what, linked to the tree.
  CHECK(html.find("data-pole=\"suspicious\"") != std::string::npos);
  CHECK(html.find("<a class=\"cid\" href=\"#c5\">#5</a>") != std::string::npos);
  CHECK(html.find("Back-and-forth on labour") != std::string::npos);
}

TEST_CASE("HTML tree of the whole store is capped with a note", "[report]") {
  testing::TempDir dir;
  std::string db = dir.File("r.db");
  testing::CreateRandomStore(db, 1500, 3);
  std::string html = Render(db, 0, 300);
  CheckSelfContained(html);
  CHECK(Count(html, "<details class=\"node") == 300);
  CHECK(html.find("Only the first 300 comments are drawn.") != std::string::npos);
  CHECK(Count(html, "<details") == Count(html, "</details>"));
}

TEST_CASE("summary --format html writes the page", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  auto r = testing::RunThreadlens("summary --db '" + db + "' --thread 1 --format html -o '" +
                                  dir.File("s.html") + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string html = testing::ReadFile(dir.File("s.html"));
  CheckSelfContained(html);
  CHECK(Count(html, "<details class=\"node") == 14);
}

}  // namespace
}  // namespace threadlens::report
