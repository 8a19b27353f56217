#include "thread/infer.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "thread/tree.h"

using namespace threadlens;

namespace {

Thread Make(const std::string& article, const std::vector<std::string>& bodies) {
  Thread t;
  t.body = article;
  for (const auto& b : bodies) {
    Comment c;
    c.body = c.raw = b;
    t.comments.push_back(std::move(c));
  }
  return t;
}

std::vector<int> Parents(const Thread& t) {
  std::vector<int> out;
  for (const auto& c : t.comments) out.push_back(c.parent);
  return out;
}

// A synthetic page of n comments: chains of replies ("you"), quotes and top-level remarks.
Thread Synthetic(int n) {
  Thread t;
  t.body = "An article about rail fares, bus routes and the city budget for next year.";
  const char* words[] = {"fares", "routes", "budget", "trams", "parking", "cycling", "depots", "tolls"};
  for (int i = 0; i < n; ++i) {
    Comment c;
    std::string w = words[i % 8], v = words[(i / 8) % 8];
    switch (i % 5) {
      case 0: c.body = "I think the " + w + " plan ignores " + v + " entirely, as usual here."; break;
      case 1: c.body = "You are wrong about " + w + ", the " + v + " numbers say otherwise."; break;
      case 2: c.body = "Exactly. And the " + w + " office never answers about " + v + "."; break;
      case 3: c.body = "Does anyone know when the " + w + " consultation closes?"; break;
      default: c.body = "Next month, I believe. The " + w + " page lists " + v + " too."; break;
    }
    c.raw = c.body;
    t.comments.push_back(std::move(c));
  }
  return t;
}

}  // namespace

TEST_CASE("no evidence: a comment is top level", "[thread][infer]") {
  Thread t = Make("Fares are rising across the region this spring.",
                  {"Fares always rise in spring.", "The buses were late again today."});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, -1});
  CHECK(std::string(t.comments[1].parent_method) == "none");
}

TEST_CASE("addressing, openers and answers attach to the comment above", "[thread][infer]") {
  Thread t = Make("Fares are rising across the region this spring, the council says, because the "
                  "tram depot costs more than planned and the new timetable needs more drivers.",
                  {"Is anyone else going to stop commuting by tram because of this? I have done the "
                   "sums twice now and a monthly pass costs more than the running costs of a small "
                   "second-hand car, which is absurd for a city that says it wants fewer cars.",
                   "Yes, I will cycle from April and keep the money. The new lanes along the river "
                   "are good enough for most of the year, and the winter months are the only real "
                   "problem for anyone who commutes more than five miles each way.",
                   "There are two ways to read your last sentence. Either the lanes are good or the "
                   "winters are short, and in this city neither is true for long, so I would not "
                   "count on the bike as a plan for the whole year.",
                   "The depot budget was approved without any public consultation at all, and the "
                   "overspend was known to the committee months before the fare rise was announced "
                   "in the spring, which is the part of the story nobody has reported properly."});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, -1});
  CHECK(std::string(t.comments[2].parent_method) == "address");
  for (const auto& c : t.comments) {
    CHECK(c.parent_confidence > 0);
    CHECK(c.parent_confidence <= 1);
  }
}

TEST_CASE("a quote of an earlier comment on the spine wins, and is recorded", "[thread][infer]") {
  Thread t = Make("A long article about housing.",
                  {"The new estate will have four hundred homes and no school for the children who live there.",
                   "You forget that councils never build schools first, it is always homes and then a decade of waiting.",
                   "\"four hundred homes and no school for the children\" is the whole problem in one line."});
  InferParents(&t);
  CHECK(t.comments[1].parent == 0);
  CHECK(t.comments[2].parent == 0);
  CHECK(std::string(t.comments[2].parent_method) == "quote");
  bool found = false;
  for (const Quote& q : t.quotes)
    if (q.comment == 2 && q.quoted_comment == 0) {
      found = true;
      CHECK(q.start >= 0);
      CHECK(q.end > q.start);
      CHECK(q.similarity > 0.5);
    }
  CHECK(found);
}

TEST_CASE("Twitter-style @mention prefixes rebuild the tree", "[thread][infer]") {
  Thread t = Make("Root tweet about the rail strike.",
                  {"@rootuser that is not what the union said", "@amy @rootuser it is, read the letter",
                   "@rootuser totally agree, the trains are a mess", "@bob @rootuser agreed with you"});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, -1, 2});
}

TEST_CASE("page depth hints decide when most comments have them", "[thread][infer]") {
  Thread t = Make("x", {"a", "b", "c", "d"});
  int depth[] = {0, 1, 2, 1};
  for (size_t i = 0; i < 4; ++i) t.comments[i].depth_hint = depth[i];
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, 0});
  CHECK(std::string(t.comments[1].parent_method) == "indent");
}

TEST_CASE("a 100,000-deep reply chain does not recurse", "[thread][infer]") {
  Thread t;
  t.body = "Article.";
  for (int i = 0; i < 100000; ++i) {
    Comment c;
    c.body = c.raw = "You are right about point " + std::to_string(i) + ", and your point stands.";
    t.comments.push_back(std::move(c));
  }
  REQUIRE(TreeStage().Process(&t).ok());
  CHECK(t.comments.back().depth == 99999);
  CHECK(t.comments[5].parent == 4);
}

TEST_CASE("inference is near-linear: 100k comments in bounded time", "[thread][infer][slow]") {
  using Clock = std::chrono::steady_clock;
  auto time = [](int n) {
    Thread t = Synthetic(n);
    auto t0 = Clock::now();
    InferParents(&t);
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  double small = time(10000), big = time(100000);
  WARN("InferParents: 10k comments " << small << " s, 100k comments " << big << " s, ratio "
                                      << big / small);
  CHECK(big < 30.0);
  // Quadratic would be ~100x; allow generous noise above linear (10x).
  CHECK(big / small < 25.0);
}
