// The engine's semantics, one mechanism at a time, on the shipped rules.
#include <catch2/catch.hpp>

#include "stance_testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using namespace threadlens::stance::testing;

TEST_CASE("a cue counts only on topic -- off-topic texts get no result", "[stance]") {
  CHECK(StanceOf("The AI boom is a bubble.", "hype") == "overhyped");
  CHECK(StanceOf("The housing market is a bubble.", "hype") == "");
  CHECK(StanceOf("Lovely weather in Lisbon this week.", "hype") == "");
  // On topic without a position: neutral.
  CHECK(StanceOf("What does everyone think about the new Gemini release?", "hype") == "neutral");
  // The anchor may sit a sentence away.
  CHECK(StanceOf("Nvidia just hit another record. It's a bubble.", "hype") == "overhyped");
}

TEST_CASE("negation turns a cue around and weakens it, within its clause", "[stance]") {
  const RuleSet& rs = Shipped();
  auto plain = Classify(rs, "The AI boom is a bubble.", {});
  auto negated = Classify(rs, "The AI boom is not a bubble.", {});
  const Evidence* p = EvidenceOf(rs, plain, "hype", "overhyped.bubble");
  const Evidence* n = EvidenceOf(rs, negated, "hype", "overhyped.bubble");
  REQUIRE(p);
  REQUIRE(n);
  CHECK(p->weight > 0);
  CHECK(n->weight < 0);
  CHECK(std::abs(n->weight) < std::abs(p->weight));
  CHECK(n->flags.find("negated") != std::string::npos);
  CHECK(Find(rs, negated, "hype")->stance == "justified");
  CHECK(Find(rs, negated, "hype")->confidence < Find(rs, plain, "hype")->confidence);
  // Out of scope: too many words between, or another clause.
  CHECK(StanceOf("It's not that I follow markets closely or anything, AI is a bubble.", "hype") ==
        "overhyped");
  CHECK(StanceOf("AI won't replace programmers.", "labour") == "adaptation");
  CHECK(StanceOf("AI will replace programmers.", "labour") == "displacement");
  CHECK(StanceOf("I don't think AI is a bubble.", "hype") == "justified");
  // A negator inside a longer phrase is not a negation.
  auto sure = Classify(rs, "No doubt about it, the AI boom is a bubble.", {});
  CHECK(Find(rs, sure, "hype")->stance == "overhyped");
}

TEST_CASE("hedges weaken weight and confidence -- 'maybe X, maybe not' takes no side", "[stance]") {
  const RuleSet& rs = Shipped();
  auto plain = Classify(rs, "The AI boom is overvalued.", {});
  auto hedged = Classify(rs, "The AI boom is perhaps overvalued.", {});
  const Evidence* p = EvidenceOf(rs, plain, "hype", "overhyped.overvalued");
  const Evidence* h = EvidenceOf(rs, hedged, "hype", "overhyped.overvalued");
  REQUIRE(p);
  REQUIRE(h);
  CHECK(h->weight > 0);
  CHECK(h->weight < p->weight);
  CHECK(h->flags.find("hedged") != std::string::npos);
  CHECK(Find(rs, hedged, "hype")->confidence < Find(rs, plain, "hype")->confidence);
  CHECK(StanceOf("Maybe the AI trade is a bubble, maybe not.", "hype") == "neutral");
  // "I'm on the fence" holds for the whole comment.
  CHECK(StanceOf("The AI trade is a bubble. I'm on the fence though.", "hype") == "neutral");
  CHECK(StanceOf("The AI trade is a bubble.", "hype") == "overhyped");
}

TEST_CASE("contrast shifts weight to the clause after 'but', within one topic", "[stance]") {
  const RuleSet& rs = Shipped();
  CHECK(StanceOf("The AI hype is annoying, but the productivity gains are real.", "hype") ==
        "justified");
  CHECK(StanceOf("AI is genuinely useful, but the valuations are insane.", "hype") == "overhyped");
  CHECK(StanceOf("Although AI is useful, the valuations are a bubble.", "hype") == "overhyped");
  // "But" opening the next sentence concedes the previous one.
  CHECK(StanceOf("AI is transformative. But AI stocks are a bubble.", "hype") == "overhyped");
  // A "but" that moves to another topic concedes nothing.
  auto res = Classify(rs, "The DeepSeek cost figure is fake, but the AI bubble will pop anyway.", {});
  const StanceResult* fraud = Find(rs, res, "fraud");
  REQUIRE(fraud);
  CHECK(fraud->stance == "suspicious");
  REQUIRE_FALSE(fraud->evidence.empty());
  for (const Evidence& e : fraud->evidence) CHECK(e.flags.find("contrast") == std::string::npos);
}

TEST_CASE("quoted text keeps its evidence, flagged quoted, with no weight", "[stance]") {
  const RuleSet& rs = Shipped();
  // Quotation marks.
  auto q = Classify(rs, "Someone wrote “AI is just a bubble and a fad” here. I use ChatGPT daily.", {});
  const Evidence* e = EvidenceOf(rs, q, "hype", "overhyped.bubble");
  REQUIRE(e);
  CHECK(e->weight == 0);
  CHECK(e->flags.find("quoted") != std::string::npos);
  CHECK(Find(rs, q, "hype")->stance == "justified");
  // "> " lines.
  auto gt = Classify(rs, "> AI is a bubble and a fad\nGenerative AI is here to stay.", {});
  CHECK(Find(rs, gt, "hype")->stance == "justified");
  // Spans given by the tree stage (Thread::quotes).
  std::string text = "AI is a bubble. I disagree with that, it's transformative.";
  ClassifyContext ctx;
  ctx.quotes.push_back({0, 15});
  CHECK(StanceOf(text, "hype", ctx) == "justified");
  // Without the span the first sentence is the commenter's: its cue counts.
  auto given = Classify(rs, text, ctx), plain = Classify(rs, text, {});
  REQUIRE(EvidenceOf(rs, given, "hype", "overhyped.bubble"));
  REQUIRE(EvidenceOf(rs, plain, "hype", "overhyped.bubble"));
  CHECK(EvidenceOf(rs, given, "hype", "overhyped.bubble")->weight == 0);
  CHECK(EvidenceOf(rs, plain, "hype", "overhyped.bubble")->weight > 0);
  // A short scare-quoted term is not a quotation.
  CHECK(StanceOf("The AI boom is a “bubble” all right.", "hype") == "overhyped");
  // An apostrophe is not a quotation mark.
  CHECK(StanceOf("It’s a bubble and AI’s valuations aren’t sane.", "hype") == "overhyped");
}

TEST_CASE("reported speech is not the commenter's view unless rebutted or endorsed", "[stance]") {
  const RuleSet& rs = Shipped();
  auto rep = Classify(rs, "Critics say AI is a bubble.", {});
  const Evidence* e = EvidenceOf(rs, rep, "hype", "overhyped.bubble");
  REQUIRE(e);
  CHECK(e->weight == 0);
  CHECK(e->flags.find("reported") != std::string::npos);
  CHECK(Find(rs, rep, "hype")->stance == "neutral");
  CHECK(StanceOf("Critics say AI is a bubble, but they're wrong.", "hype") == "justified");
  CHECK(StanceOf("Critics say AI is a bubble, and they're right.", "hype") == "overhyped");
  CHECK(StanceOf("People who call AI fancy autocomplete have clearly never used it.", "hype") ==
        "justified");
  CHECK(StanceOf("DeepSeek claims it cost $6M to train. That's a lie.", "fraud") == "suspicious");
}

TEST_CASE("a reply that only agrees or disagrees inherits or opposes its parent", "[stance]") {
  const RuleSet& rs = Shipped();
  auto parent = Classify(rs, "The AI boom is a bubble, plain and simple.", {});
  REQUIRE(Find(rs, parent, "hype")->stance == "overhyped");
  ClassifyContext ctx;
  ctx.parent = &parent;
  for (const char* agree : {"Exactly.", "I totally agree.", "This.", "+1"}) {
    auto res = Classify(rs, agree, ctx);
    const StanceResult* r = Find(rs, res, "hype");
    INFO(agree);
    REQUIRE(r);
    CHECK(r->stance == "overhyped");
    CHECK(r->confidence < Find(rs, parent, "hype")->confidence);
    REQUIRE(r->evidence.size() == 1);
    CHECK(r->evidence[0].flags == "inherited");
  }
  for (const char* disagree : {"Nonsense.", "Not really.", "I disagree.", "Or, you know, not."}) {
    INFO(disagree);
    CHECK(StanceOf(disagree, "hype", ctx) == "justified");
  }
  // Without a parent there is nothing to inherit; a reply with its own cue speaks for itself.
  CHECK(StanceOf("Exactly.", "hype") == "");
  CHECK(StanceOf("Exactly, and AI is transformative.", "hype", ctx) == "justified");
  // An opener further in is not an opener.
  CHECK(StanceOf("Well I think, exactly.", "hype", ctx) == "");
  // A weak parent stance is still a side: the reply takes it (or the other), less surely.
  auto weak = Classify(rs, "AI is a fad.", {});
  REQUIRE(Find(rs, weak, "hype")->stance == "overhyped");
  ClassifyContext wctx;
  wctx.parent = &weak;
  CHECK(StanceOf("Nah.", "hype", wctx) == "justified");
  // "I agree that X" agrees with X: it passes on only the topics X is about.
  auto both = Classify(rs, "DeepSeek's cost claims are fake. Also AI stocks are a bubble.", {});
  REQUIRE(Find(rs, both, "fraud")->stance == "suspicious");
  ClassifyContext bctx;
  bctx.parent = &both;
  CHECK(StanceOf("I agree that the AI stocks look silly.", "fraud", bctx) == "");
  CHECK(StanceOf("I agree.", "fraud", bctx) == "suspicious");
  // A neutral parent passes on nothing but the topic.
  auto neutral = Classify(rs, "What do you make of the AI boom?", {});
  ClassifyContext nctx;
  nctx.parent = &neutral;
  CHECK(StanceOf("Exactly.", "hype", nctx) == "neutral");
}

TEST_CASE("questions and sarcasm lower confidence -- '/s' turns the sentence around", "[stance]") {
  const RuleSet& rs = Shipped();
  auto claim = Classify(rs, "AI is a bubble.", {});
  auto asked = Classify(rs, "Is AI a bubble?", {});
  CHECK(Find(rs, asked, "hype")->stance == "neutral");
  CHECK(EvidenceOf(rs, asked, "hype", "overhyped.bubble")->flags.find("question") !=
        std::string::npos);
  CHECK(StanceOf("Do you really think AI will replace programmers?", "labour") == "adaptation");
  CHECK(StanceOf("Sure, AI will cure cancer by Tuesday. /s", "hype") == "overhyped");
  auto sarcastic = Classify(rs, "AI is a bubble, lol.", {});
  CHECK(Find(rs, sarcastic, "hype")->stance == "overhyped");
  CHECK(Find(rs, sarcastic, "hype")->confidence < Find(rs, claim, "hype")->confidence);
}

TEST_CASE("scores add up per sentence, capped per sentence, without saturating", "[stance]") {
  const RuleSet& rs = Shipped();
  auto one = Classify(rs, "AI is a bubble.", {});
  auto piled =
      Classify(rs, "AI is an overhyped, overvalued bubble, a mania, a fad, pure snake oil.", {});
  std::string many;
  for (int i = 0; i < 8; ++i) many += "AI is a bubble. ";
  auto spread = Classify(rs, many, {});
  double s1 = Find(rs, one, "hype")->score, sp = Find(rs, piled, "hype")->score,
         sm = Find(rs, spread, "hype")->score;
  CHECK(sp <= Shipped().topics()[Shipped().FindTopic("hype")].sentence_cap + 1e-9);
  CHECK(sm == Approx(8 * s1));
  CHECK(Find(rs, spread, "hype")->confidence > Find(rs, one, "hype")->confidence);
  CHECK(Find(rs, spread, "hype")->confidence <= 1.0);
}

TEST_CASE("confidence drops when cues conflict", "[stance]") {
  const RuleSet& rs = Shipped();
  auto clean = Classify(rs, "The AI boom is an overvalued bubble.", {});
  auto mixed = Classify(rs, "The AI boom is an overvalued bubble. AI is useful.", {});
  REQUIRE(Find(rs, mixed, "hype")->stance == "overhyped");
  CHECK(Find(rs, mixed, "hype")->confidence < Find(rs, clean, "hype")->confidence);
}

TEST_CASE("evidence spans point into the text", "[stance]") {
  const RuleSet& rs = Shipped();
  std::string text = "Honestly? DeepSeek's numbers are fake and the weights prove nothing.";
  auto res = Classify(rs, text, {});
  const StanceResult* r = Find(rs, res, "fraud");
  REQUIRE(r);
  REQUIRE(!r->evidence.empty());
  for (const auto& e : r->evidence) {
    REQUIRE(e.start >= 0);
    REQUIRE(e.end <= static_cast<int>(text.size()));
    CHECK(text.substr(e.start, e.end - e.start) == e.snippet);
  }
}

TEST_CASE("empty, blank and binary-ish texts are handled", "[stance]") {
  const RuleSet& rs = Shipped();
  CHECK(Classify(rs, "", {}).empty());
  CHECK(Classify(rs, "   \n\n  ", {}).empty());
  static const char kOdd[] = "AI \xff\xfe bubble \0 \x01";  // a NUL inside: sizeof, not strlen
  std::string odd(kOdd, sizeof kOdd - 1);
  CHECK_NOTHROW(Classify(rs, odd, {}));
  ClassifyContext ctx;
  ctx.quotes.push_back({-5, 1000});  // out of range spans from a caller are clipped
  CHECK_NOTHROW(Classify(rs, "AI is a bubble.", ctx));
}

TEST_CASE("a marker governs only cues it precedes and does not overlap", "[stance]") {
  const RuleSet& rs = Shipped();
  // The rhetorical "where is all the" is the cue's own words: it does not turn the cue round.
  auto own = Classify(rs, "Where is all the revenue from this AI spending", {});
  const Evidence* e = EvidenceOf(rs, own, "hype", "overhyped.no-returns");
  REQUIRE(e);
  CHECK(e->weight > 0);
  CHECK(e->flags.find("question") == std::string::npos);
  CHECK(Find(rs, own, "hype")->stance == "overhyped");
  // A cue written as a question: the "?" closing it is its own, and does not weaken it either.
  CHECK(StanceOf("Where is all the revenue from this AI spending?", "hype") == "overhyped");
  // A cue inside a question it does not ask is still weakened by it.
  CHECK(StanceOf("Is AI a bubble?", "hype") == "neutral");
  // The "not" of "not profitable" is that cue's; it does not negate "overvalued" after it.
  CHECK(StanceOf("OpenAI is not profitable and overvalued.", "hype") == "overhyped");
  CHECK(StanceOf("OpenAI is unprofitable and overvalued.", "hype") == "overhyped");
  auto np = Classify(rs, "OpenAI is not profitable and overvalued.", {});
  REQUIRE(EvidenceOf(rs, np, "hype", "overhyped.overvalued"));
  CHECK(EvidenceOf(rs, np, "hype", "overhyped.overvalued")->flags.find("negated") ==
        std::string::npos);
  // A negator outside every cue still governs the cue after it.
  CHECK(StanceOf("OpenAI is not overvalued.", "hype") == "justified");
  // A cue that holds the question's own phrase is that question: "why would" neither turns nor
  // lets the "?" weaken "why would they publish" (a rhetorical question in the cue's weight).
  CHECK(StanceOf("Why would they publish exactly how they trained DeepSeek if it were stolen?",
                 "fraud") == "credible");
  // A phrase reaching `after` that shares words with the cue ("tell me how" / "how much you
  // trust") does not govern it; a whole-sentence marker that does ("gains my ass") still does.
  CHECK(StanceOf("Ask DeepSeek about Tiananmen and then tell me how much you trust their numbers",
                 "fraud") == "suspicious");
  CHECK(StanceOf("AI productivity gains my ass.", "hype") == "overhyped");
}

TEST_CASE("of each marker kind, the strongest in scope governs a cue", "[stance]") {
  const RuleSet& rs = Shipped();
  // "lol" only doubts, "sure, and this time" turns the sentence round: the turn wins, wherever
  // the two stand.
  CHECK(StanceOf("Lol, sure, and this time AI is transformative.", "hype") == "overhyped");
  CHECK(StanceOf("Sure, and this time AI is transformative. Lol.", "hype") == "overhyped");
  CHECK(StanceOf("Lol, AI is transformative /s", "hype") == "overhyped");
  CHECK(StanceOf("Lol, AI is transformative.", "hype") == "justified");
  // A specific reading of the question ("why would …", reaching after it) wins over the "?".
  auto why = Classify(rs, "Why would anyone buy AI stocks at these insane valuations?", {});
  auto said = Classify(rs, "AI stocks trade at insane valuations.", {});
  REQUIRE(EvidenceOf(rs, why, "hype", "overhyped.wild-valuations"));
  REQUIRE(EvidenceOf(rs, said, "hype", "overhyped.wild-valuations"));
  CHECK(EvidenceOf(rs, why, "hype", "overhyped.wild-valuations")->weight ==
        Approx(EvidenceOf(rs, said, "hype", "overhyped.wild-valuations")->weight));
  // One marker of a kind, not a product of them: two hedges weaken a cue once.
  auto one = Classify(rs, "The AI boom is maybe a bubble.", {});
  auto two = Classify(rs, "The AI boom is maybe a bubble, maybe not.", {});
  const Evidence* h1 = EvidenceOf(rs, one, "hype", "overhyped.bubble");
  const Evidence* h2 = EvidenceOf(rs, two, "hype", "overhyped.bubble");
  REQUIRE(h1);
  REQUIRE(h2);
  CHECK(h2->weight < h1->weight);
  // Both multiplied would leave h1 × 0.3 ("maybe not", hedge both-ways, 0.3): only the
  // stronger counts.
  CHECK(h2->weight > h1->weight * 0.3 + 1e-9);
}

TEST_CASE("a comma or colon between digits is no clause break", "[stance]") {
  // The reported clause runs on past "50,000": the jobs that vanish are the analysts' claim.
  CHECK(StanceOf("Analysts say 50,000 jobs will vanish because of AI.", "labour") == "neutral");
  CHECK(StanceOf("Analysts say 50 jobs will vanish because of AI.", "labour") == "neutral");
  // A comma after a number and a space still ends the clause.
  CHECK(StanceOf("Analysts say it's 2025, jobs will vanish because of AI.", "labour") ==
        "displacement");
}

TEST_CASE("only a cue wholly inside quoted text is quoted", "[stance]") {
  const RuleSet& rs = Shipped();
  // The cue runs from inside the quotation marks out into the commenter's own words.
  auto crowd = Classify(rs, "The \"it's all fake\" crowd has gone very quiet about DeepSeek.", {});
  const Evidence* e = EvidenceOf(rs, crowd, "fraud", "credible.dismiss-doubters");
  REQUIRE(e);
  CHECK(e->weight < 0);
  CHECK(e->flags.find("quoted") == std::string::npos);
  CHECK(Find(rs, crowd, "fraud")->stance == "credible");
  // A cue wholly inside the quotation stays quoted.
  auto inside =
      Classify(rs, "Someone wrote “DeepSeek's cost figure is fake and a lie” here.", {});
  for (const Evidence& ev : Find(rs, inside, "fraud")->evidence) {
    CHECK(ev.weight == 0);
    CHECK(ev.flags.find("quoted") != std::string::npos);
  }
}
