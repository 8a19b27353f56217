// The rule files: shipped ones load and pass their own examples; broken ones are refused with
// file:line and the rule.
#include <catch2/catch.hpp>

#include "rules/rule_source.h"
#include "stance/ruleset.h"
#include "stance_testing.h"
#include "thread/page_rules.h"

using namespace threadlens;
using namespace threadlens::stance;
using threadlens::stance::testing::Source;

namespace {

const char* kTopicHead =
    "topic: t\nquestion: q?\npole_a: yes\npole_b: no\n"
    "[anchor a]\nwords: widget\nexample+: a widget\nexample-: a gadget\n";

// Loads a topic file made of kTopicHead + `body`; returns the error message ("" when it loads).
std::string LoadError(const std::string& body) {
  auto rs = RuleSet::Load(Source({{"topics/t.rules", kTopicHead + body}}));
  return rs.ok() ? "" : rs.status().message();
}

}  // namespace

TEST_CASE("the shipped rules load, and every rule has and passes its examples", "[stance]") {
  auto rs = RuleSet::Load(rules::BuiltinRuleSource());
  REQUIRE(rs.ok());
  REQUIRE((*rs)->topics().size() >= 3);
  CHECK((*rs)->FindTopic("hype") >= 0);
  CHECK((*rs)->FindTopic("fraud") >= 0);
  CHECK((*rs)->FindTopic("labour") >= 0);
  CHECK((*rs)->MissingExamples().empty());
  std::vector<std::string> failures = (*rs)->TestExamples();
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
  int examples = 0;
  for (const auto& r : (*rs)->rules()) examples += static_cast<int>(r.examples.size());
  CHECK(examples > 200);
}

TEST_CASE("the shipped page rules pass their examples too", "[stance]") {
  auto page = PageRules::Load(rules::BuiltinRuleSource());
  REQUIRE(page.ok());
  std::vector<std::string> failures = (*page)->TestExamples();
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
}

TEST_CASE("a broken rule file is refused with file:line and the rule", "[stance]") {
  CHECK(LoadError("") == "");
  CHECK_THAT(LoadError("[cue yes.x]\nre: (unclosed\n"),
             Catch::StartsWith("t/topics/t.rules:10: rule 'yes.x': bad pattern:"));
  CHECK_THAT(LoadError("[cue maybe.x]\nwords: w\n"),
             Catch::StartsWith("t/topics/t.rules:9: rule 'maybe.x': unknown pole 'maybe'"));
  CHECK_THAT(LoadError("[cue yes.x]\nwords: w\nweight: lots\n"),
             Catch::StartsWith("t/topics/t.rules:11: rule 'yes.x': weight must be"));
  CHECK_THAT(LoadError("[cue yes.x]\nwords: w\nflavour: sweet\n"),
             Catch::StartsWith("t/topics/t.rules:11: rule 'yes.x': unknown key 'flavour'"));
  CHECK_THAT(LoadError("[cue yes.x]\nexample+: w\n"),
             Catch::StartsWith("t/topics/t.rules:9: rule 'yes.x' has no 're:' or 'words:'"));
  CHECK_THAT(LoadError("[cue yes.x]\nwords: w\n[cue yes.x]\nwords: v\n"),
             Catch::StartsWith("t/topics/t.rules:11: rule 'yes.x' is defined twice"));
  CHECK_THAT(LoadError("[rule yes.x]\nwords: w\n"),
             Catch::StartsWith("t/topics/t.rules:9: unknown section kind 'rule'"));
  CHECK_THAT(LoadError("[cue yes.x]\nre: a*\n"),
             Catch::StartsWith("t/topics/t.rules:10: rule 'yes.x': pattern can match the empty"));
  // Empty somewhere, not only on empty text: refused too (the Set would report it, FindOne not).
  CHECK_THAT(LoadError("[cue yes.x]\nre: \\bx?\n"), Catch::Contains("can match the empty text"));
  CHECK_THAT(LoadError("[cue yes.x]\nre: \\b\n"), Catch::Contains("can match the empty text"));
  CHECK_THAT(LoadError("[cue yes.x]\nwords: 2,048 GPUs\n"),
             Catch::StartsWith("t/topics/t.rules:10: rule 'yes.x': 'words:' holds a number with a "
                               "thousands comma"));
  CHECK_THAT(LoadError("[cue yes.x]\nthis line is not a rule\n"),
             Catch::StartsWith("t/topics/t.rules:10: expected 'key: value'"));

  auto missing_pole = RuleSet::Load(Source({{"topics/t.rules", "topic: t\npole_a: yes\n"}}));
  REQUIRE(!missing_pole.ok());
  CHECK_THAT(missing_pole.status().message(), Catch::StartsWith("t/topics/t.rules:1: "));

  auto twice = RuleSet::Load(Source({{"topics/a.rules", kTopicHead}, {"topics/b.rules", kTopicHead}}));
  REQUIRE(!twice.ok());
  CHECK_THAT(twice.status().message(), Catch::Contains("topic 't' is already defined"));

  auto shared = RuleSet::Load(Source({{"shared/s.rules", "[negator x]\nwords: not\nscope: far\n"}}));
  REQUIRE(!shared.ok());
  CHECK_THAT(shared.status().message(),
             Catch::StartsWith("t/shared/s.rules:3: rule 'negator.x': scope must be"));
  auto kind = RuleSet::Load(Source({{"shared/s.rules", "[negater x]\nwords: not\n"}}));
  REQUIRE(!kind.ok());
  CHECK_THAT(kind.status().message(), Catch::StartsWith("t/shared/s.rules:1: unknown section kind"));
}

TEST_CASE("rules without examples are reported by MissingExamples", "[stance]") {
  auto rs = RuleSet::Load(Source({{"topics/t.rules", std::string(kTopicHead) +
                                                         "[cue yes.x]\nwords: shiny\n"}}));
  REQUIRE(rs.ok());
  auto missing = (*rs)->MissingExamples();
  REQUIRE(missing.size() == 2);
  CHECK(missing[0] == "t/topics/t.rules:9: rule 'yes.x': no example+ (text it must match)");
}

TEST_CASE("a failing example names its file, line and rule", "[stance]") {
  auto rs = RuleSet::Load(Source({{"topics/t.rules",
                                   std::string(kTopicHead) +
                                       "[cue yes.shiny]\nwords: shiny\n"
                                       "example+: the widget is shiny\n"
                                       "example+: the widget is dull\n"
                                       "example-: the widget is not shiny\n"}}));
  REQUIRE(rs.ok());
  auto failures = (*rs)->TestExamples();
  // "dull" does not fire; "not shiny" fires because no shared negators are loaded here.
  REQUIRE(failures.size() == 2);
  CHECK(failures[0] == "t/topics/t.rules:12: rule 'yes.shiny' should fire on: the widget is dull");
  CHECK(failures[1] ==
        "t/topics/t.rules:13: rule 'yes.shiny' should not fire on: the widget is not shiny");
}

TEST_CASE("rules check names a gapped pattern that waits only for a common word", "[stance]") {
  // 'costly' is searched alone in every sentence holding "the", its only word of 3+ bytes;
  // 'cheap' waits for both "widget" and "gleams".
  auto rs = RuleSet::Load(Source(
      {{"topics/t.rules", std::string(kTopicHead) +
                              "[cue yes.costly]\nre: \\bthe\\s+(?:\\w+\\s+){0,3}is\\b\n"
                              "example+: the old widget is shiny\n"
                              "example-: a widget is dull\n"
                              "[cue yes.cheap]\nre: \\bwidget\\s+(?:\\w+\\s+){0,3}gleams\\b\n"
                              "example+: a widget that gleams\n"
                              "example-: the chair gleams\n"}}));
  REQUIRE(rs.ok());
  // Six example texts of one sentence each: "the" in two, "widget" and "gleams" together in one.
  RuleSet::Cost cost = (*rs)->MeasureCost(0.25);
  CHECK(cost.sentences == 6);
  CHECK(cost.searches_per_sentence == Approx(0.5));
  REQUIRE(cost.warnings.size() == 1);
  CHECK(cost.warnings[0] ==
        "t/topics/t.rules:9: rule 'yes.costly': a gapped alternative is searched alone in 33% "
        "of the examples' sentences (it waits for: the): \\bthe\\s+(?:\\w+\\s+){0,3}is\\b");
  CHECK((*rs)->MeasureCost(0.4).warnings.empty());
}
