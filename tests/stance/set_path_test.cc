// The fast path (one RE2::Set pass, then only the patterns that occur) against the slow,
// obviously-correct one (every pattern's own RE2), on random text built from the rules' own
// vocabulary so that many patterns fire, overlap and nest.
#include <catch2/catch.hpp>

#include <random>

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
