#include "thread/page_rules.h"

#include <catch2/catch.hpp>

using namespace threadlens;

namespace {
std::shared_ptr<const PageRules> Builtin() {
  auto r = PageRules::Load(rules::BuiltinRuleSource());
  REQUIRE(r.ok());
  return *r;
}
rules::RuleSource One(const std::string& text) {
  rules::RuleSource src;
  src.files.push_back({"page/test.rules", "/x/page/test.rules", text});
  return src;
}
}  // namespace

TEST_CASE("every built-in page rule passes its own examples", "[thread][rules]") {
  auto rules = Builtin();
  auto failures = rules->TestExamples();
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
  CHECK_FALSE(rules->OfKind(kind::kHeader).empty());
  CHECK_FALSE(rules->OfKind(kind::kContinue).empty());
}

TEST_CASE("headers give their named groups", "[thread][rules]") {
  auto rules = Builtin();
  PageMatch m;
  REQUIRE(rules->Find(kind::kHeader, "superfrankyesterday at 8:17 AM1 reply", &m));
  CHECK(m.Get("author") == "superfrank");
  CHECK(m.Get("time") == "yesterday at 8:17 AM");
  CHECK(m.Get("replies") == "1");
  REQUIRE(rules->Find(kind::kHeader, "[–]compost_carl 41 points 7 hours ago", &m));
  CHECK(m.Get("author") == "compost_carl");
  CHECK(m.Get("score") == "41");
  REQUIRE(rules->Find(kind::kReplyTo, "Replying to @superfrank", &m));
  CHECK(m.Get("name") == "superfrank");
}

TEST_CASE("a rule file with an unknown kind or a bad weight names file and line", "[thread][rules]") {
  auto bad = PageRules::Load(One("[dropp typo]\nre: ^x$\n"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("/x/page/test.rules:1") != std::string::npos);
  CHECK(bad.status().message().find("dropp") != std::string::npos);
  auto weight = PageRules::Load(One("[continue x]\nweight: lots\nre: ^So\\b\n"));
  REQUIRE_FALSE(weight.ok());
  CHECK(weight.status().message().find("test.rules:2") != std::string::npos);
}

TEST_CASE("weights add up per kind", "[thread][rules]") {
  auto r = PageRules::Load(One("[continue a]\nweight: 2\nre: ^So\\b\n[continue b]\nweight: 0.5\nre: also\n"));
  REQUIRE(r.ok());
  CHECK((*r)->Weigh(kind::kContinue, "So it goes, also") == Approx(2.5));
  CHECK((*r)->Weigh(kind::kContinue, "Nothing here") == Approx(0));
}
