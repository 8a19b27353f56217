#include "report/summary_md.h"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "fixture.h"
#include "report/text_excerpt.h"
#include "testing.h"

namespace threadlens::report {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

std::string Render(const std::string& db, int64_t thread) {
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  Summary s;
  REQUIRE(LoadSummary(&st.db(), thread, {}, &s).ok());
  return RenderMarkdown(s);
}

// The SQL of each /*qN*/ in the Queries section, joined back from its wrapped lines.
std::map<int, std::string> QueriesOf(const std::string& md) {
  std::map<int, std::string> out;
  size_t at = md.find("## Queries");
  REQUIRE(at != std::string::npos);
  std::regex tag(R"(/\*q(\d+)\*/ )");
  std::string rest = md.substr(at);
  auto begin = std::sregex_iterator(rest.begin(), rest.end(), tag);
  std::vector<std::pair<int, size_t>> marks;
  for (auto it = begin; it != std::sregex_iterator(); ++it)
    marks.push_back({std::stoi((*it)[1]), static_cast<size_t>(it->position() + it->length())});
  for (size_t i = 0; i < marks.size(); ++i) {
    size_t end = i + 1 < marks.size() ? rest.rfind("/*q", marks[i + 1].second - 1)
                                      : rest.find("```", marks[i].second);
    out[marks[i].first] = Squash(rest.substr(marks[i].second, end - marks[i].second));
  }
  return out;
}

TEST_CASE("Markdown briefing: width, references and queries", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  std::string md = Render(db, 1);
  auto lines = Lines(md);
  CHECK(lines.size() <= 100);
  for (const auto& l : lines) {
    INFO(l);
    CHECK(Columns(l) <= 100);
  }
  // It reads as a briefing: headed sections, the sides, the argument, the methods.
  CHECK(lines[0] == "# DeepSeek & the \"AI bubble\" (thread 1)");
  for (const char* h : {"## Where people stood", "## Where it turned into an argument",
                        "## Who answers whom", "## Methods", "## Queries"})
    CHECK(md.find(h) != std::string::npos);
  CHECK(md.find("- Back-and-forth on labour: #7 displacement → #8 adaptation → #9 displacement"
                " → #10") != std::string::npos);
  CHECK(md.find("> #1 alice (0.90): \"This is a bubble and it will burst soon.\"") !=
        std::string::npos);
  CHECK(md.find("14 comments by 6 authors") != std::string::npos);
  CHECK(md.find("7 replies took the opposite side") != std::string::npos);

  // Every [qN] used is defined, every query defined is used, and every query runs.
  std::set<int> used;
  std::regex ref(R"(\[q(\d+)\])");
  std::string body = md.substr(0, md.find("## Queries"));
  for (auto it = std::sregex_iterator(body.begin(), body.end(), ref);
       it != std::sregex_iterator(); ++it)
    used.insert(std::stoi((*it)[1]));
  auto queries = QueriesOf(md);
  std::set<int> defined;
  for (const auto& [n, sql] : queries) defined.insert(n);
  CHECK(used == defined);
  for (const auto& [n, sql] : queries) {
    store::Db ro;
    REQUIRE(store::Db::Open(db, store::Db::kReadOnly, &ro).ok());
    store::Stmt st;
    Status s = ro.Prepare(sql, &st);
    INFO("q" << n << ": " << sql << "\n" << s.message());
    CHECK(s.ok());
  }
  // The first query recomputes the first number of the briefing.
  CHECK(testing::SqlInt(db, queries.at(1)) == 14);
}

TEST_CASE("Markdown briefing of the whole store and of an empty store", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  std::string md = Render(db, 0);
  CHECK(md.rfind("# Summary of the store: 2 threads", 0) == 0);
  CHECK(md.find("Largest threads: thread 1") != std::string::npos);

  store::Store empty;
  REQUIRE(store::Store::Open(dir.File("e.db"), store::Db::kReadWrite, &empty).ok());
  Summary s;
  REQUIRE(LoadSummary(&empty.db(), 0, {}, &s).ok());
  std::string e = RenderMarkdown(s);
  CHECK(e.find("No comments are stored yet") != std::string::npos);
  CHECK(e.find("## Queries") != std::string::npos);
}

TEST_CASE("Markdown summary of the seed fits on two terminal screens", "[report][shared][e2e]") {
  std::string shared = testing::SharedDir();
  REQUIRE(!shared.empty());
  testing::TempDir dir;
  std::string db = dir.File("seed.db");
  auto in = testing::RunThreadlens("ingest --db '" + db + "' '" + shared +
                                   "/seed/unherd-deepseek-comments.txt'");
  INFO(in.err);
  REQUIRE(in.exit_code == 0);
  auto r = testing::RunThreadlens("summary --db '" + db + "'");
  REQUIRE(r.exit_code == 0);
  auto lines = Lines(r.out);
  INFO(r.out);
  CHECK(lines.size() <= 100);
  for (const auto& l : lines) CHECK(Columns(l) <= 100);
  CHECK(r.out.find("## Where people stood") != std::string::npos);
}

}  // namespace
}  // namespace threadlens::report
