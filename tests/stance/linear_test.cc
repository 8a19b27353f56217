// A user's pattern cannot make matching slow: RE2 is linear in the text whatever the pattern.
// The bound below is generous (a backtracking engine needs longer than the universe's age on
// this input; RE2 takes milliseconds): this is a guard, not a benchmark.
#include <catch2/catch.hpp>

#include <chrono>

#include "stance/classify.h"
#include "stance/ruleset.h"

using namespace threadlens;
using namespace threadlens::stance;

TEST_CASE("a catastrophic-backtracking pattern stays linear", "[stance]") {
  rules::RuleSource src;
  src.origin = "test";
  src.files.push_back({"topics/evil.rules", "t/topics/evil.rules",
                       "topic: evil\npole_a: yes\npole_b: no\n"
                       "[anchor a]\nre: (a+)+$\n"
                       "[cue yes.nested]\nre: (a|aa)+b\n"
                       "[cue no.star]\nre: (x*)*y\n"});
  auto rs = RuleSet::Load(src);
  REQUIRE(rs.ok());
  std::string text(200000, 'a');
  text += '!';
  text += std::string(100000, 'x');
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    for (auto mode : {PatternBank::kSet, PatternBank::kReference}) {
      ClassifyContext ctx;
      ctx.mode = mode;
      auto res = Classify(**rs, text, ctx);
      CHECK(res.empty());  // "(a+)+$" needs the a's at the end; nothing else matches
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(secs < 30.0);
}

TEST_CASE("many markers in one long sentence stay fast (bounded lookups)", "[stance]") {
  auto rs = RuleSet::Load(rules::BuiltinRuleSource());
  REQUIRE(rs.ok());
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "not but maybe AI bubble they say ";
  auto start = std::chrono::steady_clock::now();
  auto res = Classify(**rs, text, ClassifyContext());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(!res.empty());
  CHECK(secs < 30.0);
}
