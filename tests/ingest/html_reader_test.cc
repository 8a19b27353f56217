// HtmlReader on one saved page per dialect, each written in the site's real markup.
#include "ingest/readers/html_reader.h"

#include <catch2/catch.hpp>

#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::FindComment;
using threadlens::testing::markup::Links;
using threadlens::testing::markup::ReadAllThreads;
using threadlens::testing::ReadFile;
using threadlens::testing::SourceDir;

namespace {

std::string Fixture(const std::string& name) {
  return ReadFile(SourceDir() + "/fixtures/formats/" + name);
}

// Reads one fixture page (auto-detected) and returns its only thread.
Thread ReadPage(const std::string& name) {
  std::string html = Fixture(name);
  auto f = DetectFormat(name, html);
  REQUIRE(f.ok());
  REQUIRE(std::string((*f)->name) == "html");
  auto r = ReadAllThreads("html", name, html);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.warnings.empty());
  REQUIRE(r.threads.size() == 1);
  CHECK(r.threads[0].parents_explicit);
  return std::move(r.threads[0]);
}

}  // namespace

TEST_CASE("html: WordPress comment list", "[ingest][html]") {
  Thread t = ReadPage("html-wordpress.html");
  CHECK(t.platform == "html");
  CHECK(t.title == "Should the library open on Sundays? \xe2\x80\x93 Town Notes");
  CHECK(t.url == "https://townnotes.example/2023/09/library-sundays/");
  CHECK(t.ext_id == t.url);
  CHECK(t.created_at == "2023-09-04T07:30:00Z");
  CHECK(Links(t) == std::vector<std::string>{"311<-", "312<-311", "315<-312", "313<-", "314<-"});
  const Comment* c = FindComment(t, "311");
  CHECK(c->author == "Harriet Cole");
  CHECK(c->created_at == "2023-09-04T09:12:45Z");
  CHECK(c->raw_is_html);
  CHECK(c->raw.find("<p>Yes please.") != std::string::npos);
  CHECK(c->raw.find("Even a half day") != std::string::npos);
  CHECK(c->raw.find("says:") == std::string::npos);  // furniture stays out
  CHECK(c->raw.find("Reply") == std::string::npos);
  CHECK(c->raw.find("Noted") == std::string::npos);  // the reply is its own comment
  CHECK(FindComment(t, "312")->author == "Town Notes");
  CHECK(FindComment(t, "312")->created_at == "2023-09-04T09:00:00Z");  // +01:00
  CHECK(FindComment(t, "315")->HasFlag("unapproved"));
  CHECK(FindComment(t, "315")->raw.find("awaiting") == std::string::npos);
  const Comment* ping = FindComment(t, "314");
  CHECK(ping->HasFlag("pingback"));
  CHECK(ping->raw.find("Libraries on the weekend") != std::string::npos);
}

TEST_CASE("html: wpDiscuz", "[ingest][html]") {
  Thread t = ReadPage("html-wpdiscuz.html");
  CHECK(t.platform == "html");
  CHECK(t.url == "https://workplace.example/four-day-week-results/");
  CHECK(Links(t) == std::vector<std::string>{"501<-", "502<-501", "504<-502", "503<-"});
  CHECK(FindComment(t, "502")->author == "Ravi");
  CHECK(FindComment(t, "501")->created_at == "2024-03-03T09:15:00Z");
  CHECK(FindComment(t, "502")->created_at.empty());  // only a localized title, not parsed
  CHECK(FindComment(t, "501")->raw ==
        "<p>Our team tried it. Output held up, sick days dropped by half.</p>");
}

TEST_CASE("html: Hacker News item page", "[ingest][html]") {
  Thread t = ReadPage("html-hn.html");
  CHECK(t.platform == "hn");
  CHECK(t.ext_id == "40100000");
  CHECK(t.title == "Ask HN: Do you still use a paper notebook?");
  CHECK(t.url == "https://news.ycombinator.com/item?id=40100000");
  CHECK(t.created_at == "2024-04-20T08:00:00Z");
  CHECK(Links(t) == std::vector<std::string>{"40100011<-", "40100022<-40100011",
                                             "40100033<-40100022", "40100034<-40100033",
                                             "40100044<-"});
  const Comment* first = FindComment(t, "40100011");
  CHECK(first->author == "marginalia");
  CHECK(first->created_at == "2024-04-20T08:30:05Z");
  CHECK(first->raw ==
        "Every day. Writing by hand slows me down in a good way.<p>Typing is for output, paper "
        "is for thinking.</p>");
  const Comment* gone = FindComment(t, "40100033");
  CHECK(gone->HasFlag("deleted"));
  CHECK(gone->HasFlag("placeholder"));
  CHECK(gone->raw.empty());
  CHECK(FindComment(t, "40100044")->raw == "No. I can&#x27;t grep paper.");  // as found
}

TEST_CASE("html: Hacker News, older markup with spacer-width indents", "[ingest][html]") {
  auto row = [](const std::string& id, int width, const std::string& text) {
    return "<tr class='athing comtr ' id='" + id +
           "'><td><table border='0'><tr><td class='ind'>"
           "<img src=\"s.gif\" height=\"1\" width=\"" +
           std::to_string(width) +
           "\"></td><td class=\"default\"><span class=\"comhead\"><a href=\"user?id=u" + id +
           "\" class=\"hnuser\">u" + id + "</a></span><br><span class=\"commtext c00\">" + text +
           "</span></td></tr></table></td></tr>\n";
  };
  std::string html = "<html><body><table class='comment-tree'>\n" + row("1", 0, "top") +
                     row("2", 40, "reply") + row("3", 80, "deeper") + row("4", 40, "second") +
                     row("5", 200, "jump") + "</table></body></html>";
  auto r = ReadAllThreads("html", "old-hn.html", html);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK(Links(r.threads[0]) == std::vector<std::string>{"1<-", "2<-1", "3<-2", "4<-1", "5<-4"});
  // Comment 5 claims depth 5 under a depth-1 comment: attached to the deepest possible, warned.
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].rfind("old-hn.html:6: comment 5 is indented 5 levels", 0) == 0);
}

TEST_CASE("html: old Reddit", "[ingest][html]") {
  Thread t = ReadPage("html-oldreddit.html");
  CHECK(t.platform == "reddit");
  CHECK(t.ext_id == "t3_17abcde");
  CHECK(t.title == "Do cast iron pans really need seasoning?");
  CHECK(
      t.url ==
      "https://www.reddit.com/r/Cooking/comments/17abcde/do_cast_iron_pans_really_need_seasoning/");
  CHECK(t.created_at == "2023-10-20T11:06:40Z");
  CHECK(Links(t) == std::vector<std::string>{"t1_k100aaa<-", "t1_k100bbb<-t1_k100aaa",
                                             "t1_k100ccc<-t1_k100bbb", "t1_k100ddd<-t1_k100ccc",
                                             "t1_k100eee<-"});
  const Comment* a = FindComment(t, "t1_k100aaa");
  CHECK(a->author == "griddle_greg");
  CHECK(a->author_ext_id == "t2_g001");
  CHECK(a->score == 24);
  CHECK(a->created_at == "2023-10-20T12:00:00Z");
  CHECK(a->raw == "<p>Just cook with it. Fat and heat do the seasoning for you.</p>");
  CHECK(FindComment(t, "t1_k100bbb")->created_at == "2023-10-20T12:30:00Z");  // not the edit
  const Comment* gone = FindComment(t, "t1_k100ccc");
  CHECK(gone->HasFlag("deleted"));
  CHECK(gone->HasFlag("placeholder"));
  CHECK(gone->author.empty());
  CHECK(FindComment(t, "t1_k100ddd")->score == -2);
  bool noted_more = false;
  for (const auto& n : t.notes) noted_more |= n.find("load more comments") != std::string::npos;
  CHECK(noted_more);
}

TEST_CASE("html: generic nested blocks", "[ingest][html]") {
  Thread t = ReadPage("html-generic.html");
  CHECK(t.platform == "html");
  CHECK(t.url == "https://reiseblog.example/nachtzug-wien");
  CHECK(Links(t) == std::vector<std::string>{"fb-9a1<-", "fb-9a2<-fb-9a1", "fb-9a3<-"});
  const Comment* c = FindComment(t, "fb-9a1");
  CHECK(c->author == "Lukas");
  CHECK(c->created_at == "2024-06-01T18:15:00Z");
  CHECK(c->raw ==
        "<p>Hast du ein Abteil f\xc3\xbcr dich allein gebucht? Die Preise schwanken "
        "stark.</p>");
  CHECK(FindComment(t, "fb-9a2")->author == "Karla");
  bool noted = false;
  for (const auto& n : t.notes) noted |= n.find("div.fb-entry") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("html: generic heuristic without ids numbers the blocks", "[ingest][html]") {
  std::string html =
      "<!DOCTYPE html><html><body><ul class=\"nav\"><li class=\"item\"><a href=\"/\">Home</a>"
      "</li><li class=\"item\"><a href=\"/a\">About us here</a></li></ul>"
      "<div class=\"c\"><b class=\"nick\">ann</b><p>First comment with enough words.</p>"
      "<div class=\"c\"><b class=\"nick\">bob</b><p>A reply to ann, long enough too.</p></div>"
      "</div><div class=\"c\"><b class=\"nick\">cy</b><p>Another top level remark here.</p>"
      "</div></body></html>";
  auto r = ReadAllThreads("html", "g.html", html);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK(Links(r.threads[0]) == std::vector<std::string>{"#1<-", "#2<-#1", "#3<-"});
  CHECK(FindComment(r.threads[0], "#2")->author == "bob");
  // No body-named element: the block without its author and nested blocks.
  CHECK(FindComment(r.threads[0], "#1")->raw == "<p>First comment with enough words.</p>");
  CHECK(r.threads[0].ext_id == "g.html");  // no url in the page: the file name
}
