// Topic context (rules/README.md 3.1, `needs: context` and [context]): words like "team" or
// "hired" put a comment on a topic only in a thread, parent or comment that is about the topic.
#include <catch2/catch.hpp>

#include "stance/stance_stage.h"
#include "stance_testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using namespace threadlens::stance::testing;

namespace {

constexpr const char* kTopic =
    "topic: t\npole_a: up\npole_b: down\n"
    "[anchor plain]\nwords: robot\n"
    "[anchor weak]\nneeds: context\nwords: team\n"
    "[context c]\nwords: software\n"
    "[cue up.grow]\nwords: grew\n"
    "[cue up.hired]\nneeds: context\nwords: hired\n";

std::shared_ptr<const RuleSet> Rules() {
  auto rs = RuleSet::Load(Source({{"topics/t.rules", kTopic}}));
  REQUIRE(rs.ok());
  return *rs;
}

std::string Stance(const RuleSet& rs, std::string_view text, const ClassifyContext& ctx = {}) {
  auto res = Classify(rs, text, ctx);
  const StanceResult* r = Find(rs, res, "t");
  return r ? r->stance : "";
}

}  // namespace

TEST_CASE("an anchor that needs context gives no bare neutral outside it", "[stance]") {
  auto rs = Rules();
  CHECK(Stance(*rs, "The team met.") == "");
  CHECK(Stance(*rs, "The team met. The software is new.") == "neutral");  // [context] here
  CHECK(Stance(*rs, "The team met. The robot is new.") == "neutral");     // a plain anchor
  CHECK(Stance(*rs, "The team grew.") == "up");  // a cue of the topic still counts
  ClassifyContext given;
  given.context = {1};
  CHECK(Stance(*rs, "The team met.", given) == "neutral");
}

TEST_CASE("a cue that needs context counts only in it: comment, thread, parent", "[stance]") {
  auto rs = Rules();
  CHECK(Stance(*rs, "We hired people for the team.") == "");
  CHECK(Stance(*rs, "We hired people for the software team.") == "up");
  ClassifyContext thread;
  thread.context = {1};
  CHECK(Stance(*rs, "We hired people for the team.", thread) == "up");
  std::vector<StanceResult> parent = Classify(*rs, "The robot is here.", {});
  REQUIRE(parent.size() == 1);
  ClassifyContext reply;
  reply.parent = &parent;
  CHECK(Stance(*rs, "We hired people for the team.", reply) == "up");
}

TEST_CASE("context_out and ContextOf say what a reply inherits", "[stance]") {
  auto rs = Rules();
  std::vector<char> out;
  ClassifyContext ctx;
  ctx.context_out = &out;
  Classify(*rs, "New software.", ctx);
  CHECK(out == std::vector<char>{1});
  Classify(*rs, "The team met.", ctx);
  CHECK(out == std::vector<char>{0});
  Classify(*rs, "The team grew.", ctx);  // on the topic: its replies are in context
  CHECK(out == std::vector<char>{1});
  CHECK(ContextOf(*rs, "A robot story") == std::vector<char>{1});
  CHECK(ContextOf(*rs, "A team story") == std::vector<char>{0});
}

TEST_CASE("'needs: context' without a [context] section is refused with file:line", "[stance]") {
  auto rs = RuleSet::Load(Source({{"topics/t.rules",
                                   "topic: t\npole_a: up\npole_b: down\n[anchor weak]\n"
                                   "needs: context\nwords: team\n"}}));
  REQUIRE(!rs.ok());
  CHECK_THAT(rs.status().message(), Catch::StartsWith("t/topics/t.rules:4: rule 'anchor.weak'"));
  auto bad = RuleSet::Load(Source({{"topics/t.rules",
                                    "topic: t\npole_a: up\npole_b: down\n[anchor weak]\n"
                                    "needs: thread\nwords: team\n[context c]\nwords: x\n"}}));
  REQUIRE(!bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("t/topics/t.rules:5:"));
}

TEST_CASE("shipped rules: workplace, market and product talk without AI is off topic",
          "[stance]") {
  CHECK(StanceOf("Our QA department found three bugs in the release.", "labour") == "");
  CHECK(StanceOf("Our QA department found three bugs in the release.", "fraud") == "");
  CHECK(StanceOf("The central bank kept its benchmark rate at 4.5% for now.", "fraud") == "");
  CHECK(StanceOf("Ford's new model looks great.", "hype") == "");
  // First-hand hiring news is an argument about AI only in an AI conversation.
  const RuleSet& rs = Shipped();
  const char* hired = "We hired two new people for the support team.";
  CHECK(EvidenceOf(rs, Classify(rs, hired, {}), "labour", "adaptation.hired-more") == nullptr);
  ClassifyContext thread;
  thread.context.assign(rs.topics().size(), 1);
  CHECK(EvidenceOf(rs, Classify(rs, hired, thread), "labour", "adaptation.hired-more") != nullptr);
  CHECK(StanceOf(hired, "labour", thread) == "adaptation");
  CHECK(StanceOf("We hired two new people for the support team because the AI tools freed "
                 "up budget.", "labour") == "adaptation");
  // In an AI thread the same words are on topic: "the model", "the team", a bare neutral.
  CHECK(StanceOf("Our QA department found three bugs in the release.", "labour", thread) ==
        "neutral");
  // An argument of the topic's own still counts without any AI word (implicit comments).
  CHECK(StanceOf("Entry-level jobs are evaporating.", "labour") == "displacement");
}

TEST_CASE("StanceStage: the thread's title and article and the ancestors give the context",
          "[stance]") {
  std::shared_ptr<const RuleSet> rs(&Shipped(), [](const RuleSet*) {});
  StanceStage stage(rs);
  auto labour = [&](const Thread& t, int comment) -> std::string {
    for (const auto& r : t.stances)
      if (r.comment == comment && rs->topics()[r.topic].name == "labour") return r.stance;
    return "";
  };
  auto make = [](const std::string& title) {
    Thread t;
    t.title = title;
    Comment root, reply, deeper;
    root.body = "Our QA department found three bugs in the release.";
    reply.body = "Same here, the whole team is swamped.";
    reply.parent = 0;
    deeper.body = "Our team too.";
    deeper.parent = 1;
    t.comments = {root, reply, deeper};
    return t;
  };
  Thread ai = make("Will AI coding tools replace QA engineers?");
  REQUIRE(stage.Process(&ai).ok());
  CHECK(labour(ai, 0) == "neutral");
  CHECK(labour(ai, 2) == "neutral");  // context passed down the reply chain
  Thread football = make("Match thread: United 2-1 City");
  REQUIRE(stage.Process(&football).ok());
  CHECK(labour(football, 0) == "");
  CHECK(labour(football, 1) == "");
  CHECK(labour(football, 2) == "");
}

TEST_CASE("shipped rules: round 11's arguments that name no AI count only in an AI conversation",
          "[stance]") {
  // Each is a hype argument in an AI thread and about houses, stocks or a team outside one.
  ClassifyContext thread;
  thread.context.assign(Shipped().topics().size(), 1);
  for (const char* text : {"Nobody knows what these houses are actually worth.",
                           "They have the customer data, so they know what sells.",
                           "The fundamentals are there for this stock.",
                           "The big players are a different story."}) {
    INFO(text);
    CHECK(StanceOf(text, "hype") == "");
    CHECK(StanceOf(text, "hype", thread) != "");
  }
}
