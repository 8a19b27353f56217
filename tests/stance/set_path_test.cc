// The fast path (one RE2::Set pass, then only the patterns that occur) against the slow,
// obviously-correct one (every pattern's own RE2), on random text built from the rules' own
// vocabulary so that many patterns fire, overlap and nest.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "stance_testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using namespace threadlens::stance::testing;

namespace {

// Words drawn from rule examples (so cues, anchors and markers fire) and plain filler.
std::vector<std::string> Vocabulary(const RuleSet& rs) {
  std::vector<std::string> words = {"the", "a", "and", "it", "is", ",", ".", "?", "!", "\n",
                                    "“", "”", "\"", "'", "’", ">", "/s", "-", "—", "$6M", "AI",
                                    "DeepSeek", "jobs", "😂", "é", "\xff"};
  for (const auto& r : rs.rules())
    for (const auto& ex : r.examples) {
      size_t pos = 0;
      while (pos < ex.text.size()) {
        size_t sp = ex.text.find(' ', pos);
        if (sp == std::string::npos) sp = ex.text.size();
        if (sp > pos) words.push_back(ex.text.substr(pos, sp - pos));
        pos = sp + 1;
      }
    }
  return words;
}

std::string RandomText(std::mt19937* rng, const std::vector<std::string>& words, int n) {
  std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += words[pick(*rng)];
  }
  return out;
}

}  // namespace

TEST_CASE("the RE2::Set pass finds exactly the patterns one RE2 per pattern finds", "[stance]") {
  const RuleSet& rs = Shipped();
  std::vector<std::string> words = Vocabulary(rs);
  std::mt19937 rng(20250127);
  int with_hits = 0;
  for (int iter = 0; iter < 400; ++iter) {
    std::string text = RandomText(&rng, words, 5 + iter % 60);
    std::vector<int> fast, slow;
    rs.bank().Occurring(text, PatternBank::kSet, &fast);
    rs.bank().Occurring(text, PatternBank::kReference, &slow);
    INFO(text);
    REQUIRE(fast == slow);
    with_hits += !fast.empty();
  }
  CHECK(with_hits > 300);  // the text is not trivially empty of matches
}

TEST_CASE("Classify gives the same results on both paths", "[stance]") {
  const RuleSet& rs = Shipped();
  std::vector<std::string> words = Vocabulary(rs);
  std::mt19937 rng(7);
  int decided = 0;
  for (int iter = 0; iter < 200; ++iter) {
    std::string text = RandomText(&rng, words, 10 + iter % 40);
    ClassifyContext fast_ctx, slow_ctx;
    slow_ctx.mode = PatternBank::kReference;
    auto fast = Classify(rs, text, fast_ctx);
    auto slow = Classify(rs, text, slow_ctx);
    INFO(text);
    REQUIRE(fast.size() == slow.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].topic == slow[i].topic);
      CHECK(fast[i].stance == slow[i].stance);
      CHECK(fast[i].score == slow[i].score);
      CHECK(fast[i].confidence == slow[i].confidence);
      REQUIRE(fast[i].evidence.size() == slow[i].evidence.size());
      decided += fast[i].stance != "neutral";
    }
  }
  CHECK(decided > 50);
}

// Patterns are split into their top-level alternatives on the fast path (a group around the
// whole pattern opened), with word gaps or without. These are written to trip a careless split:
// "|" escaped, in a class or nested; a flag group that reaches past "|"; anchors and a branch
// with no word to prefilter on; groups that look whole but are not ("(?:a|b)c", "(?:a)|(?:b)",
// "(?:a|b)+") or are twice over.
TEST_CASE("split alternations find exactly what the whole patterns find", "[stance]") {
  const std::vector<std::string> patterns = {
      R"((?-i)Foo[^.?!]*Bar|qux)",
      R"((?i)foo\s+(?:\w+\s+){0,2}bar|baz)",
      R"([|]x(?:\w+\s+){0,2}yy|zzz)",
      R"(a\|b[^.]*c|ddd)",
      R"((?:one|two)\s+(?:\w+\s+){0,3}three|\bfour\b)",
      R"(^start\s+(?:\w+\s+){0,2}end|\bmid\b[^.?!]*$)",
      R"(\bp/?e\s+of\s+\d{2,}\b|\bvaluation\b[^.?!]*\bcrazy\b)",
      R"((?P<n>alpha)[^.]*beta|gamma)",
      R"([]q]x[^]y]*w|\bvee\b)",
      R"(\bsix\b|seven\s+(?:\w+\s+){1,2}eight|nine)",
      R"((?:\bqux\b|\bfour\s+five\b|a\|b))",
      R"((?:\bthree|two)\s+end)",
      R"((?:\bnine\b)|(?:\bmid\b))",
      R"((?:ee|yy)+\b)",
      R"((?:(?:\bgamma\b|\bbeta\b)))",
      R"((?i:Alpha|omega)|zzz)",
      R"((?:^end|start$))",
  };
  PatternBank bank;
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string error;
    INFO(patterns[i]);
    REQUIRE(bank.Add(patterns[i], static_cast<int>(i), &error) >= 0);
  }
  std::string error;
  REQUIRE(bank.Compile(&error));
  const std::vector<std::string> words = {
      "Foo", "foo", "Bar", "bar", "qux", "QUX", "baz", "BAZ", "|x", "yy", "zzz", "a|b", "a", "b",
      "c", "ddd", "one", "two", "three", "four", "start", "end", "mid", "P/E", "pe", "of", "42",
      "valuation", "crazy", "alpha", "beta", "gamma", "]x", "qx", "w", "vee", "six", "seven",
      "eight", "nine", "the", ".", "?", ",", "\n", "five", "ee", "eey", "omega"};
  std::mt19937 rng(42);
  int with_hits = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text = RandomText(&rng, words, 2 + iter % 12);
    std::vector<int> fast, slow;
    bank.Occurring(text, PatternBank::kSet, &fast);
    bank.Occurring(text, PatternBank::kReference, &slow);
    INFO(text);
    REQUIRE(fast == slow);
    with_hits += !fast.empty();
  }
  CHECK(with_hits > 1000);
}

TEST_CASE("only patterns that skip words are asked alone, not a counted run of digits",
          "[stance][set]") {
  auto alone = [](const std::vector<std::string>& patterns) {
    PatternBank bank;
    std::string error;
    for (const std::string& p : patterns) REQUIRE(bank.Add(p, 0, &error) >= 0);
    REQUIRE(bank.Compile(&error));
    return bank.asked_alone();
  };
  // "p/e" and "of" are too short to prefilter on: asked alone, this would run on every sentence.
  CHECK(alone({R"(\bp/?e\s+of\s+\d{2,}\b)", R"(\$\d{1,3}(?:,\d{3})*\b)", R"(\d{2}\s+jobs)"}) == 0);
  CHECK(alone({R"(one\s+(?:\w+\s+){0,3}two)"}) == 1);
  CHECK(alone({R"(one[^.?!]{0,40}two)"}) == 1);
  CHECK(alone({R"(one[a-z]{2,}two)"}) == 1);  // a class repeated: treated as a gap (broad)
  CHECK(alone({R"(one\S+two|three\s+four)"}) == 1);  // only the gapped alternative
}

TEST_CASE("a gapped pattern waits for each group of words, also when they share a word",
          "[stance][set]") {
  auto clauses = [](const std::string& p) {
    PatternBank bank;
    std::string error;
    REQUIRE(bank.Add(p, 0, &error) >= 0);
    REQUIRE(bank.Compile(&error));
    REQUIRE(bank.asked_alone() == 1);
    std::vector<std::set<std::string>> out;
    for (const auto& c : bank.gapped_clauses(0)) out.emplace_back(c.begin(), c.end());
    return out;
  };
  using Words = std::set<std::string>;
  // Two groups apart: a clause each.
  CHECK(clauses(R"(\b(?:valuation|multiple)\s+(?:\w+\s+)?(?:implies|assumes)\b)") ==
        std::vector<Words>{Words{"valuation", "multiple"}, Words{"implies", "assumes"}});
  // "price" in both groups: the second clause holds it too, and is still found.
  auto shared = clauses(R"(\b(?:valuation|price)\s+(?:\w+\s+)?(?:implies|price\s+in)\b)");
  REQUIRE(shared.size() == 2);
  CHECK(shared[0] == Words{"valuation", "price"});
  CHECK(shared[1] == Words{"implies", "price"});
  // Asked only when each clause has a word in the sentence ("price" serves both), with the same
  // answers as the pattern itself.
  PatternBank bank;
  std::string error;
  REQUIRE(bank.Add(R"(\b(?:valuation|price)\s+(?:\w+\s+)?(?:implies|price\s+in)\b)", 0, &error) >= 0);
  REQUIRE(bank.Compile(&error));
  for (const char* text : {"the price is high", "the valuation implies growth",
                           "price price in", "implies nothing", "the valuation is high",
                           "price that price in"}) {
    std::vector<int> fast, slow, asked;
    bank.Occurring(text, PatternBank::kSet, &fast, &asked);
    bank.Occurring(text, PatternBank::kReference, &slow);
    INFO(text);
    CHECK(fast == slow);
    const std::string t = text;
    const bool both = (t.find("valuation") != t.npos || t.find("price") != t.npos) &&
                      (t.find("implies") != t.npos || t.find("price") != t.npos);
    CHECK(asked.size() == (both ? 1u : 0u));
  }
}
