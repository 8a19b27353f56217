// StanceStage on a whole Thread: document order, parents before replies, Thread::quotes.
#include <catch2/catch.hpp>

#include "stance/stance_stage.h"
#include "stance_testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using namespace threadlens::stance::testing;

namespace {

std::shared_ptr<const RuleSet> Rules() {
  auto rs = RuleSet::Load(rules::BuiltinRuleSource());
  REQUIRE(rs.ok());
  return *rs;
}

Comment C(const std::string& body, int parent) {
  Comment c;
  c.body = body;
  c.parent = parent;
  return c;
}

const StanceResult* Of(const Thread& t, const RuleSet& rs, int comment, const std::string& topic) {
  for (const auto& s : t.stances)
    if (s.comment == comment && rs.topics()[s.topic].name == topic) return &s;
  return nullptr;
}

}  // namespace

TEST_CASE("StanceStage classifies every comment, replies inheriting from parents", "[stance]") {
  auto rs = Rules();
  StanceStage stage(rs);
  Thread t;
  t.comments.push_back(C("The AI boom is a bubble and Nvidia is overvalued.", -1));  // 0
  t.comments.push_back(C("Exactly.", 0));                                          // 1
  t.comments.push_back(C("Nonsense.", 0));                                         // 2
  t.comments.push_back(C("Lovely weather today.", -1));                            // 3
  t.comments.push_back(C("Agreed.", 3));                                           // 4
  t.comments.push_back(C("AI is a bubble. Not really, it is transformative.", -1));  // 5
  Quote q;
  q.comment = 5;
  q.quoted_comment = 0;
  q.start = 0;
  q.end = 15;  // "AI is a bubble."
  t.quotes.push_back(q);
  REQUIRE(stage.Process(&t).ok());
  REQUIRE(Of(t, *rs, 0, "hype"));
  CHECK(Of(t, *rs, 0, "hype")->stance == "overhyped");
  REQUIRE(Of(t, *rs, 1, "hype"));
  CHECK(Of(t, *rs, 1, "hype")->stance == "overhyped");
  CHECK(Of(t, *rs, 1, "hype")->evidence.at(0).flags == "inherited");
  CHECK(Of(t, *rs, 2, "hype")->stance == "justified");
  CHECK(Of(t, *rs, 3, "hype") == nullptr);
  CHECK(Of(t, *rs, 4, "hype") == nullptr);  // agreeing with an off-topic parent: off topic
  REQUIRE(Of(t, *rs, 5, "hype"));
  CHECK(Of(t, *rs, 5, "hype")->stance == "justified");  // the quoted bubble has no weight
  for (const auto& s : t.stances) CHECK((s.comment >= 0 && s.comment < 6));

  // Running it again replaces the results rather than adding to them.
  size_t n = t.stances.size();
  REQUIRE(stage.Process(&t).ok());
  CHECK(t.stances.size() == n);
}

TEST_CASE("a reply whose parent comes later (a broken link) is classified on its own", "[stance]") {
  auto rs = Rules();
  StanceStage stage(rs);
  Thread t;
  t.comments.push_back(C("Exactly.", 1));
  t.comments.push_back(C("The AI boom is a bubble.", -1));
  REQUIRE(stage.Process(&t).ok());
  CHECK(Of(t, *rs, 0, "hype") == nullptr);
  CHECK(Of(t, *rs, 1, "hype") != nullptr);
}
