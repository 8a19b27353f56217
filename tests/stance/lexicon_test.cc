// The lexical fallback (topics/NAME.lexicon): loading, refusing bad files with file:line, and
// deciding only where the rules found the topic but no side.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

#include "rules/rule_source.h"
#include "stance/lexicon.h"
#include "stance/ruleset.h"
#include "stance_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using threadlens::stance::testing::Source;

namespace {

// A topic about widgets with one cue each way, and a lexicon that knows "shiny" and "junk".
const char* kTopic =
    "topic: t\nquestion: q?\npole_a: yes\npole_b: no\n"
    "[anchor a]\nwords: widget\nexample+: a widget\nexample-: a gadget\n"
    "[cue yes.great]\nwords: great\nexample+: the widget is great\nexample-: the widget\n"
    "[cue no.awful]\nwords: awful\nexample+: the widget is awful\nexample-: the widget\n"
    "[cue yes.nice]\nweight: 0.5\nwords: nice\nexample+: the widget is nice\nexample-: a widget\n";
const char* kLexicon =
    "# made by hand for this test\n"
    "topic: t\n"
    "bias_a: -0.1\n"
    "bias_b: -0.1\n"
    "threshold: 0.8\n"
    "\n"
    "shiny 1.0 -1.0\n"
    "junk -1.0 1.0\n"
    "dont buy -0.5 0.5\n"
    "dot com -2 2\n";

std::shared_ptr<const RuleSet> Load(const std::string& lexicon) {
  auto rs = RuleSet::Load(Source({{"topics/t.rules", kTopic}, {"topics/t.lexicon", lexicon}}));
  INFO(rs.status().message());
  REQUIRE(rs.ok());
  return *rs;
}

std::string LexiconError(const std::string& lexicon) {
  auto rs = RuleSet::Load(Source({{"topics/t.rules", kTopic}, {"topics/t.lexicon", lexicon}}));
  return rs.ok() ? "" : rs.status().message();
}

const StanceResult* Topic0(const std::vector<StanceResult>& res) {
  return res.empty() ? nullptr : &res[0];
}

const Evidence* LexiconRow(const StanceResult& r) {
  for (const auto& e : r.evidence)
    if (e.rule_id == "t.lexicon") return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("the shipped lexicons load: one per topic", "[stance]") {
  const RuleSet& rs = stance::testing::Shipped();
  for (const char* name : {"hype", "fraud", "labour"}) {
    INFO(name);
    int t = rs.FindTopic(name);
    REQUIRE(t >= 0);
    REQUIRE(rs.topics()[t].lexicon);
    CHECK(rs.topics()[t].lexicon->size() > 100);
    CHECK(rs.topics()[t].lexicon->threshold() >= 0);
    CHECK(rs.topics()[t].lexicon->where() == std::string("<built-in>/topics/") + name + ".lexicon");
  }
}

TEST_CASE("a malformed lexicon is refused with file:line", "[stance]") {
  CHECK(LexiconError(kLexicon) == "");
  std::string head = "topic: t\n";
  CHECK(LexiconError(head + "shiny 1 0\nshiny 1 abc\n") ==
        "t/topics/t.lexicon:3: bad weight 'abc' (a number in [-100, 100])");
  CHECK(LexiconError(head + "shiny 1 1e9\n") ==
        "t/topics/t.lexicon:2: bad weight '1e9' (a number in [-100, 100])");
  CHECK(LexiconError(head + "shiny 1\n")
            .rfind("t/topics/t.lexicon:2: expected 'term weight_a weight_b'", 0) == 0);
  CHECK(LexiconError(head + "a b c 1 2\n").rfind("t/topics/t.lexicon:2: expected", 0) == 0);
  CHECK(LexiconError(head + "Shiny 1 2\n")
            .rfind("t/topics/t.lexicon:2: term 'Shiny' is not", 0) == 0);
  CHECK(LexiconError(head + "don't 1 2\n").find(":2: term 'don't' is not one lower-case") !=
        std::string::npos);
  CHECK(LexiconError(head + "shiny 1 2\n\nshiny 2 1\n") ==
        "t/topics/t.lexicon:4: term 'shiny' is listed twice (first on line 2)");
  CHECK(LexiconError(head + "shiny 1 2\nthreshold: 2\n")
            .rfind("t/topics/t.lexicon:3: header key 'threshold' after the first term", 0) == 0);
  CHECK(LexiconError(head + "rule_weight: -1\n")
            .rfind("t/topics/t.lexicon:2: rule_weight must be a number in [0, 10]", 0) == 0);
  CHECK(LexiconError(head + "colour: red\n")
            .rfind("t/topics/t.lexicon:2: unknown header key 'colour'", 0) == 0);
  CHECK(LexiconError("shiny 1 2\n") ==
        "t/topics/t.lexicon:1: a lexicon needs a 'topic:' header line");
  CHECK(LexiconError("topic: other\n") == "t/topics/t.lexicon: lexicon for unknown topic 'other'");
}

TEST_CASE("the tokenizer: case, apostrophes, bigrams within a sentence", "[stance]") {
  auto rs = Load(kLexicon);
  const Lexicon& lex = *rs->topics()[0].lexicon;
  // The pole_a score less its bias: the sum of the pole_a weights of the distinct terms found.
  auto score = [&](std::string_view text) {
    return lex.Score(text, {{0, static_cast<int>(text.size())}}).score[0] - lex.bias(0);
  };
  CHECK(score("SHINY") == 1.0);
  CHECK(score("shiny, Shiny and SHINY") == 1.0);       // a term counts once
  CHECK(score("shinyish") == 0.0);
  CHECK(score("Don't buy") == -0.5);
  CHECK(score("Don\xE2\x80\x99t  buy") == -0.5);      // ’ and two spaces
  CHECK(score("the Dot-com era") == -2.0);             // a hyphen separates, the bigram holds
  CHECK(score("a dot. Com") == 0.0);                   // a full stop ends the bigram run
  // Spans: only the words inside count, and a bigram does not cross a span's edge.
  std::string_view t = "junk dot com shiny";
  auto in = [&](std::vector<Span> spans) { return lex.Score(t, spans).score[0] - lex.bias(0); };
  CHECK(in({{5, 12}}) == -2.0);
  CHECK(in({{5, 8}, {9, 12}}) == 0.0);
  CHECK(in({{13, 18}}) == 1.0);
  LexiconVote v = lex.Score(t, {{0, 18}});
  CHECK(v.tokens == 4);
  CHECK(v.terms == 3);
  CHECK(t.substr(v.best_start[0], v.best_end[0] - v.best_start[0]) == "shiny");
  CHECK(t.substr(v.best_start[1], v.best_end[1] - v.best_start[1]) == "dot com");
}

TEST_CASE("the lexicon decides a topic the rules found without a side, with its own row",
          "[stance]") {
  auto rs = Load(kLexicon);
  auto res = Classify(*rs, "The widget arrived. So shiny.", {});
  const StanceResult* r = Topic0(res);
  REQUIRE(r);
  CHECK(r->stance == "yes");
  CHECK(r->confidence <= kLexiconMaxConfidence);
  const Evidence* e = LexiconRow(*r);
  REQUIRE(e);
  CHECK(e->pole == "yes");
  CHECK(e->flags == "lexicon");
  CHECK(e->snippet == "shiny");
  CHECK(e->weight == Approx(0.9));  // bias -0.1 + shiny 1

  // Below the threshold: neutral as before, no row.
  auto weak = Classify(*Load("topic: t\nthreshold: 1.5\nshiny 1 0\n"), "The widget. So shiny.", {});
  REQUIRE(Topic0(weak));
  CHECK(Topic0(weak)->stance == "neutral");
  CHECK(!LexiconRow(*Topic0(weak)));

  // Off topic stays off topic: the lexicon never makes a topic.
  CHECK(Classify(*rs, "So shiny, so shiny.", {}).empty());

  // Quoted words are not the commenter's.
  auto quoted = Classify(*rs, "The widget. They call it \"shiny and shiny\".", {});
  REQUIRE(Topic0(quoted));
  CHECK(Topic0(quoted)->stance == "neutral");
}

TEST_CASE("the lexicon never overrides a side the rules took", "[stance]") {
  auto rs = Load(kLexicon);
  auto res = Classify(*rs, "The widget is great. Junk junk junk junk, dot com.", {});
  const StanceResult* r = Topic0(res);
  REQUIRE(r);
  CHECK(r->stance == "yes");
  CHECK(!LexiconRow(*r));
  // A weak lean of the rules (0.5, below the threshold) counts against the lexicon's score
  // (rule_weight 1): junk + dot com give "no" 3 - 0.1 bias - 0.5 = 2.4.
  auto weak = Classify(*rs, "The widget is nice. Junk, dot com.", {});
  REQUIRE(Topic0(weak));
  CHECK(Topic0(weak)->stance == "no");
  CHECK(Topic0(weak)->score == Approx(-2.4));
  REQUIRE(LexiconRow(*Topic0(weak)));
  CHECK(LexiconRow(*Topic0(weak))->snippet == "dot com");
  // The same lean keeps one "junk" (-0.1 + 1 - 0.5 = 0.4) below the threshold 0.8.
  auto held = Classify(*rs, "The widget is nice. Junk.", {});
  REQUIRE(Topic0(held));
  CHECK(Topic0(held)->stance == "neutral");
  // And max_rule_score leaves such a lean alone altogether.
  auto strict = Load("topic: t\nthreshold: 0.9\nmax_rule_score: 0.1\njunk -1 1\n");
  auto kept = Classify(*strict, "The widget is nice. Junk junk.", {});
  REQUIRE(Topic0(kept));
  CHECK(Topic0(kept)->stance == "neutral");
  CHECK(!LexiconRow(*Topic0(kept)));
}

TEST_CASE("classifying on many threads gives the same results, lexicon rows included",
          "[stance]") {
  const RuleSet& rs = stance::testing::Shipped();
  std::vector<std::string> texts = {
      "AI is going to change how we work, my team already uses it every day.",
      "DeepSeek. Interesting numbers, we'll see what the labs find.",
      "Companies keep talking about AI while they quietly cut staff.",
      "The AI stocks. Everyone's cousin is buying them.",
      "DeepSeek published the weights and the paper; people ran it at home.",
      // No rule cue; the shipped lexicons lean these ways (`classify --explain` shows how).
      "AI at work: the junior designers were let go in spring, the seniors are next.",
      "DeepSeek trained it for a few million, they say. The chips in their cluster came from "
      "somewhere.",
  };
  auto run = [&](std::vector<std::vector<StanceResult>>* out) {
    for (int rep = 0; rep < 50; ++rep)
      for (const auto& t : texts) out->push_back(Classify(rs, t, {}));
  };
  std::vector<std::vector<StanceResult>> one;
  run(&one);
  std::vector<std::vector<std::vector<StanceResult>>> many(4);
  std::vector<std::thread> threads;
  for (auto& m : many) threads.emplace_back(run, &m);
  for (auto& th : threads) th.join();
  int lexicon_rows = 0;
  for (const auto& r : one)
    for (const auto& s : r)
      for (const auto& e : s.evidence) lexicon_rows += e.flags == "lexicon";
  CHECK(lexicon_rows > 0);  // the fallback is exercised
  for (const auto& m : many) {
    REQUIRE(m.size() == one.size());
    for (size_t i = 0; i < one.size(); ++i) {
      REQUIRE(m[i].size() == one[i].size());
      for (size_t j = 0; j < one[i].size(); ++j) {
        CHECK(m[i][j].stance == one[i][j].stance);
        CHECK(m[i][j].score == one[i][j].score);
        CHECK(m[i][j].evidence.size() == one[i][j].evidence.size());
      }
    }
  }
}

TEST_CASE("rules check/list show the lexicons, and a bad lexicon line fails with file:line",
          "[e2e]") {
  const std::string shipped = " --rules '" + threadlens::testing::SourceDir() + "/rules'";
  auto check = threadlens::testing::RunThreadlens("rules check" + shipped);
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find(", 3 lexicons (") != std::string::npos);
  auto list = threadlens::testing::RunThreadlens("rules list" + shipped);
  CHECK(list.out.find("fraud.lexicon") != std::string::npos);
  CHECK(list.out.find("topics/hype.lexicon") != std::string::npos);
  CHECK(list.out.find("topics/labour.lexicon") != std::string::npos);

  threadlens::testing::TempDir dir;
  std::string topics = dir.path() + "/topics";
  REQUIRE(std::system(("mkdir -p '" + topics + "'").c_str()) == 0);
  threadlens::testing::WriteFile(topics + "/t.rules", kTopic);
  threadlens::testing::WriteFile(topics + "/t.lexicon", "topic: t\nshiny 1 0\nshiny, 2 0\n");
  for (const char* cmd : {"rules check", "classify x"}) {
    auto r = threadlens::testing::RunThreadlens(std::string(cmd) + " --rules '" + dir.path() + "'");
    INFO(cmd);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("/topics/t.lexicon:3: term 'shiny,' is not one lower-case token") !=
          std::string::npos);
  }
}

TEST_CASE("ingest --jobs 1 and --jobs 3 store the same stances and lexicon rows", "[e2e]") {
  threadlens::testing::TempDir dir;
  const char* texts[] = {
      "AI at work: the junior designers were let go in spring, the seniors are next.",
      "DeepSeek trained it for a few million, they say. The chips in their cluster came from "
      "somewhere.",
      "DeepSeek released the model and I ran it on my own machine last night.",
      "AI valuations. My barber gives me stock tips now.",
  };
  std::string dump =
      R"({"id":"p1","title":"A post","selftext":"","subreddit":"x","author":"op",)"
      R"("created_utc":1700000000})"
      "\n";
  for (int i = 0; i < 300; ++i) {
    std::string id = "c" + std::to_string(i);
    std::string parent = i % 3 == 0 ? "t3_p1" : "t1_c" + std::to_string(i - 1);
    dump += R"({"id":")" + id + R"(","parent_id":")" + parent +
            R"(","link_id":"t3_p1","author":"u)" + std::to_string(i) + R"(","body":")" +
            texts[i % 4] + " " + std::to_string(i) + R"(","created_utc":)" +
            std::to_string(1700000000 + i) + R"(,"score":1,"subreddit":"x"})" + "\n";
  }
  std::string file = dir.path() + "/d.ndjson";
  threadlens::testing::WriteFile(file, dump);
  const std::string rules = " --rules '" + threadlens::testing::SourceDir() + "/rules' ";
  const std::string sql =
      "\"SELECT c.ext_id, s.stance, round(s.score, 6), round(s.confidence, 6), e.rule_id, "
      "round(e.weight, 6), e.start, e.end, e.flags FROM stances s JOIN comments c ON c.id = "
      "s.comment_id LEFT JOIN evidence e ON e.comment_id = s.comment_id AND e.topic_id = "
      "s.topic_id ORDER BY c.ext_id, s.topic_id, e.start, e.rule_id\"";
  std::string out[2];
  for (int j = 0; j < 2; ++j) {
    std::string db = dir.path() + "/j" + std::to_string(j) + ".db";
    auto in = threadlens::testing::RunThreadlens("ingest -q --jobs " + std::string(j ? "3" : "1") +
                                                 rules + "--db '" + db + "' '" + file + "'");
    INFO(in.err);
    REQUIRE(in.exit_code == 0);
    auto q = threadlens::testing::RunThreadlens("query --db '" + db + "' " + sql);
    REQUIRE(q.exit_code == 0);
    out[j] = q.out;
  }
  CHECK(out[0].find("fraud.lexicon") != std::string::npos);
  CHECK(out[0].find("labour.lexicon") != std::string::npos);
  CHECK(out[0] == out[1]);
}

TEST_CASE("the lexicon breaks a tie and reads past a concession but not a hedge", "[stance]") {
  const char* shared =
      "[contrast but]\nwords: but\nscope: after\nfactor: 0.4\nconfidence: 0.9\n"
      "example+: nice but dear\nexample-: butter\n"
      "[hedge maybe]\nwords: maybe\nscope: 5\nfactor: 0.6\nconfidence: 0.75\n"
      "example+: maybe great\nexample-: mayday\n";
  auto rs = RuleSet::Load(Source({{"topics/t.rules", kTopic},
                                  {"topics/t.lexicon", kLexicon},
                                  {"shared/markers.rules", shared}}));
  INFO(rs.status().message());
  REQUIRE(rs.ok());
  // One cue each way: the rules tie at 0, and "shiny" decides.
  auto tie = Classify(**rs, "The widget is great. The widget is awful. So shiny.", {});
  REQUIRE(Topic0(tie));
  CHECK(Topic0(tie)->stance == "yes");
  REQUIRE(LexiconRow(*Topic0(tie)));
  CHECK(LexiconRow(*Topic0(tie))->snippet == "shiny");
  // A cue conceded before "but" (0.5 x 0.4, below the bar) and junk after it: "no".
  auto conceded = Classify(**rs, "The widget is nice but junk, dot com.", {});
  REQUIRE(Topic0(conceded));
  CHECK(Topic0(conceded)->stance == "no");
  REQUIRE(LexiconRow(*Topic0(conceded)));
  // A hedged cue is the rules' own neutral: the lexicon stays out.
  auto hedged = Classify(**rs, "Maybe the widget is nice. So shiny, shiny.", {});
  REQUIRE(Topic0(hedged));
  CHECK(Topic0(hedged)->stance == "neutral");
  CHECK(!LexiconRow(*Topic0(hedged)));
}
