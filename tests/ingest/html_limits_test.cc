// HtmlReader on bad and hostile pages: nothing found, truncated, too big, nested to make the
// parser crawl, deep enough to overflow a recursive walk.
#include <catch2/catch.hpp>
#include <chrono>

#include "ingest/readers/html_dom.h"
#include "ingest/readers/html_prescan.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/placeholders.h"
#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::Links;
using threadlens::testing::markup::ReadAllThreads;
using threadlens::testing::ReadFile;
using threadlens::testing::SourceDir;

namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("html: a page without comment markup is an error naming the file and what was tried",
          "[ingest][html]") {
  auto r = ReadAllThreads("html", "plain.html",
                          "<!DOCTYPE html><html><body><p>Just an article.</p></body></html>");
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().rfind("plain.html: no comments found", 0) == 0);
  CHECK(r.status.message().find("wpDiscuz") != std::string::npos);
  CHECK(r.threads.empty());
}

TEST_CASE("html: a truncated page keeps what is there and warns -- strict refuses it",
          "[ingest][html]") {
  std::string whole = ReadFile(SourceDir() + "/fixtures/formats/html-wordpress.html");
  size_t cut = whole.find("<li id=\"comment-313\"");
  REQUIRE(cut != std::string::npos);
  std::string head = whole.substr(0, cut);
  auto r = ReadAllThreads("html", "cut.html", head);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK(Links(r.threads[0]) == std::vector<std::string>{"311<-", "312<-311", "315<-312"});
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].rfind("cut.html:", 0) == 0);
  CHECK(r.warnings[0].find("truncated") != std::string::npos);
  auto strict = ReadAllThreads("html", "cut.html", head, BadRecordPolicy::kStrict);
  CHECK_FALSE(strict.status.ok());
  CHECK(strict.status.message().find("truncated") != std::string::npos);
  CHECK(strict.threads.empty());
}

TEST_CASE("html: sniffing", "[ingest][html]") {
  CHECK(SniffHtml("p.html", "<!DOCTYPE html>\n<html>").empty());
  CHECK(SniffHtml("p.html", "\xEF\xBB\xBF  <!-- saved --><HTML lang=en>").empty());
  CHECK(SniffHtml("p.html", "<ol class=\"commentlist\"><li id=\"comment-1\">").empty());
  CHECK(SniffHtml("p.html", "Plain words, no markup.").find("not markup") != std::string::npos);
  CHECK(SniffHtml("p.xml", "<?xml version=\"1.0\"?><rss>").find("XML") != std::string::npos);
  CHECK_FALSE(SniffHtml("p.html", "<note><to>x</to></note>").empty());
  for (const char* name : {"html-wordpress.html", "html-wpdiscuz.html", "html-hn.html",
                           "html-oldreddit.html", "html-generic.html"}) {
    std::string page = ReadFile(SourceDir() + "/fixtures/formats/" + name);
    auto f = DetectFormat(name, page);
    INFO(name);
    REQUIRE(f.ok());
    CHECK(std::string((*f)->name) == "html");
  }
}

TEST_CASE("html: pages that would make the parser crawl are refused quickly", "[ingest][html]") {
  // Each of these takes gumbo tens of seconds to minutes (quadratic in the nesting); refused
  // by the pre-scan in well under a second (the bound is loose for sanitizer builds).
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"nested divs", Repeat("<div>", 200000)},
      {"bold and divs", Repeat("<b><div>", 100000)},
      {"misnested formatting", Repeat("<i><b><u><s>x</b>", 100000)},
  };
  for (const auto& [what, body] : hostile) {
    INFO(what);
    auto start = std::chrono::steady_clock::now();
    auto r = ReadAllThreads("html", "evil.html", "<!DOCTYPE html><html><body>" + body);
    CHECK(Seconds(start) < 10.0);  // gumbo alone would take minutes
    CHECK_FALSE(r.status.ok());
    CHECK(r.status.message().find("nested too deeply") != std::string::npos);
    CHECK(r.status.message().rfind("evil.html:", 0) == 0);
  }
  auto start = std::chrono::steady_clock::now();
  auto many = ReadAllThreads("html", "many.html", Repeat("<a>x</a>", 1100000));
  CHECK(Seconds(start) < 10.0);  // gumbo alone would take minutes
  CHECK(many.status.message().find("more than 1000000 HTML elements") != std::string::npos);
}

TEST_CASE("html: deep but affordable nesting parses, walks and frees without recursion",
          "[ingest][html]") {
  // 5,000 nested comments in generic markup: deeper than a recursive walk of gumbo's tree can
  // afford on small thread stacks, cheap enough for the parse budget.
  const int kDepth = 5000;
  std::string html = "<!DOCTYPE html><html><body>";
  for (int i = 0; i < kDepth; ++i)
    html += "<div class=\"note\" id=\"n" + std::to_string(i) + "\"><p>comment number " +
            std::to_string(i) + " says something</p>";
  html += Repeat("</div>", kDepth) + "</body></html>";
  HtmlCost cost = EstimateHtmlCost(html, kHtmlMaxElements, kHtmlMaxParseWork);
  CHECK_FALSE(cost.over_budget);
  CHECK(cost.max_depth >= static_cast<uint64_t>(kDepth));
  auto r = ReadAllThreads("html", "deep.html", html);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  const auto& cs = r.threads[0].comments;
  REQUIRE(cs.size() == static_cast<size_t>(kDepth));
  CHECK(cs.back().parent_ext_id == "n" + std::to_string(kDepth - 2));
  CHECK(cs.back().raw == "<p>comment number 4999 says something</p>");
}

TEST_CASE("html: the cost estimate follows the parser's stack", "[ingest][html]") {
  // Closed siblings stay shallow; implied ends (p, li) do not pile up; stray end tags are
  // ignored; script text is not markup.
  CHECK(EstimateHtmlCost(Repeat("<div>x</div>", 1000), 1u << 30, 1u << 30).max_depth == 1);
  CHECK(
      EstimateHtmlCost("<ul>" + Repeat("<li><p>x", 1000) + "</ul>", 1u << 30, 1u << 30).max_depth ==
      1);
  CHECK(EstimateHtmlCost(Repeat("</span>", 100) + "<div><div>", 1u << 30, 1u << 30).max_depth == 2);
  CHECK(EstimateHtmlCost("<script>" + Repeat("<div>", 1000) + "</script><div>", 1u << 30, 1u << 30)
            .max_depth == 1);
  HtmlCost c = EstimateHtmlCost("a\nb\n" + Repeat("<div>", 100), 1u << 30, 1000);
  CHECK(c.over_budget);
  CHECK(c.stop_line == 3);
}

TEST_CASE("placeholders: textless comments stay only above a comment with text",
          "[ingest][html][disqus]") {
  Thread t;
  auto add = [&](const std::string& id, const std::string& parent) {
    Comment c;
    c.ext_id = id;
    c.parent_ext_id = parent;
    c.raw = "text of " + id;
    t.comments.push_back(c);
  };
  add("a", "");  // textless, child b has text -> kept
  add("b", "a");
  add("c", "");  // textless, child d textless, grandchild e has text -> both kept
  add("d", "c");
  add("e", "d");
  add("f", "");   // textless leaf -> dropped
  add("g", "f");  // textless child of textless -> both dropped
  add("x", "y");  // cycle of textless x <-> y, nothing with text -> both dropped
  add("y", "x");
  add("z", "missing");  // text, parent missing: kept, tree stage repairs
  std::vector<bool> textless = {true, false, true, true, false, true, true, true, true, false};
  CHECK(KeepRepliedPlaceholders(&t, textless) == 4);
  CHECK(Links(t) == std::vector<std::string>{"a<-", "b<-a", "c<-", "d<-c", "e<-d", "z<-missing"});
  CHECK(t.comments[0].HasFlag("placeholder"));
  CHECK(t.comments[0].raw.empty());
  CHECK_FALSE(t.comments[1].HasFlag("placeholder"));
  CHECK(t.comments[3].HasFlag("placeholder"));
}
