#include <catch2/catch.hpp>

#include "rules/rule_file.h"

using namespace threadlens::rules;

TEST_CASE("rule files split into header, sections and entries with line numbers", "[rules]") {
  auto f = ParseRuleFile("t.rules",
                         "# comment\n"
                         "topic: hype\n"
                         "\n"
                         "[cue overhyped.bubble]\n"
                         "weight: 2\n"
                         "re: \\bbubble\\b\n"
                         "re:   (?i)tulip  \n"
                         "[anchor]\n"
                         "words: AI, LLM , ,model\n");
  REQUIRE(f.ok());
  CHECK(f->Header("topic") == "hype");
  REQUIRE(f->sections.size() == 2);
  const Section& s = f->sections[0];
  CHECK(s.kind == "cue");
  CHECK(s.name == "overhyped.bubble");
  CHECK(s.line == 4);
  CHECK(s.Get("weight") == "2");
  auto res = s.All("re");
  REQUIRE(res.size() == 2);
  CHECK(res[1]->value == "(?i)tulip");
  CHECK(res[1]->Where() == "t.rules:7");
  CHECK(f->sections[1].name.empty());
  CHECK(SplitList(f->sections[1].Get("words")) == std::vector<std::string>{"AI", "LLM", "model"});
}

TEST_CASE("a malformed rule line is refused with file:line", "[rules]") {
  auto f = ParseRuleFile("bad.rules", "topic: x\n[cue a]\nthis line has no colon\n");
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().message().find("bad.rules:3") != std::string::npos);
  auto g = ParseRuleFile("bad.rules", "[unclosed\n");
  REQUIRE_FALSE(g.ok());
  CHECK(g.status().message().find("bad.rules:1") != std::string::npos);
}
