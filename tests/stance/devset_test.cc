// F_avg on hand-labelled comments written for this purpose (tests/stance/*.jsonl): HN, Reddit
// and X styles on AI hype, DeepSeek's claims and AI and jobs, labelled with the seed's guideline
// before the rules were written. devset.jsonl was used while writing rules. holdout.jsonl was
// scored once, after the rules were done (hype 0.662, fraud 0.647, labour 0.822 — the honest
// estimate of generalisation); its errors then led to more general rules, so it is no longer
// held out. blind.jsonl (240 items) was written by a separate helper who never saw the rules;
// scored once with the rules of commit dfad88f (hype 0.404, fraud 0.384, labour 0.321 — the
// honest estimate), then its errors led to more general rules (now 0.652, 0.626, 0.702),
// so it too is now a seen set. devset3.jsonl (312 items, four rounds) was written one argument
// kind at a time, each round before the rules were changed for it (see rules/README.md 3.5).
// The floors sit a little under the figures measured when they were set, so that a rule change
// that loses generality fails here.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <map>

#include "stance_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::stance;
using namespace threadlens::stance::testing;

namespace {

struct Labelled {
  std::string id, text, parent_text;
  std::map<std::string, std::string> gold;
};

std::vector<Labelled> LoadJsonl(const std::string& path) {
  std::vector<Labelled> out;
  simdjson::dom::parser parser;
  simdjson::dom::document_stream docs;
  std::string data = threadlens::testing::ReadFile(path);
  REQUIRE(!data.empty());
  REQUIRE(parser.parse_many(data).get(docs) == simdjson::SUCCESS);
  for (auto doc : docs) {
    simdjson::dom::object o;
    REQUIRE(doc.get_object().get(o) == simdjson::SUCCESS);
    Labelled l;
    std::string_view s;
    REQUIRE(o["id"].get_string().get(s) == simdjson::SUCCESS);
    l.id = s;
    REQUIRE(o["text"].get_string().get(s) == simdjson::SUCCESS);
    l.text = s;
    if (o["parent_text"].get_string().get(s) == simdjson::SUCCESS) l.parent_text = s;
    simdjson::dom::object gold;
    REQUIRE(o["gold"].get_object().get(gold) == simdjson::SUCCESS);
    for (auto [k, v] : gold) l.gold[std::string(k)] = std::string(v.get_string().value());
    out.push_back(std::move(l));
  }
  return out;
}

// Each item's stances by topic, as `classify --jsonl` gives them: the parent's text classified
// first, its results and topic context passed to the reply.
std::vector<std::map<std::string, std::string>> Predict(const std::vector<Labelled>& items) {
  const RuleSet& rs = Shipped();
  std::vector<std::map<std::string, std::string>> pred;
  for (const auto& l : items) {
    std::vector<StanceResult> parent;
    ClassifyContext ctx;
    if (!l.parent_text.empty()) {
      ClassifyContext pctx;
      pctx.context_out = &ctx.context;
      parent = Classify(rs, l.parent_text, pctx);
      ctx.parent = &parent;
    }
    std::map<std::string, std::string> p;
    for (const auto& r : Classify(rs, l.text, ctx)) p[rs.topics()[r.topic].name] = r.stance;
    pred.push_back(std::move(p));
  }
  return pred;
}

// SemEval-2016 Task 6: per topic, the mean F1 of the two poles; neutral/absent are "none".
std::map<std::string, double> FAvg(const std::vector<Labelled>& items) {
  const RuleSet& rs = Shipped();
  std::vector<std::map<std::string, std::string>> pred = Predict(items);
  std::map<std::string, double> out;
  for (const auto& t : rs.topics()) {
    double sum = 0;
    for (const std::string& pole : {t.pole_a, t.pole_b}) {
      int tp = 0, fp = 0, fn = 0;
      for (size_t i = 0; i < items.size(); ++i) {
        auto g = items[i].gold.find(t.name);
        auto p = pred[i].find(t.name);
        bool gi = g != items[i].gold.end() && g->second == pole;
        bool pi = p != pred[i].end() && p->second == pole;
        tp += gi && pi;
        fp += pi && !gi;
        fn += gi && !pi;
      }
      double prec = tp + fp ? double(tp) / (tp + fp) : 0,
             rec = tp + fn ? double(tp) / (tp + fn) : 0;
      sum += prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    }
    out[t.name] = sum / 2;
  }
  return out;
}

// Per topic, of the items whose gold has no label for it, the share left with no result (the
// figure favg.py prints as "offtopic"): F_avg cannot see a false "on topic".
std::map<std::string, double> OffTopicShare(const std::vector<Labelled>& items) {
  const RuleSet& rs = Shipped();
  std::vector<std::map<std::string, std::string>> pred = Predict(items);
  std::map<std::string, double> out;
  for (const auto& t : rs.topics()) {
    int unlabelled = 0, absent = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].gold.count(t.name)) continue;
      ++unlabelled;
      absent += !pred[i].count(t.name);
    }
    out[t.name] = unlabelled ? double(absent) / unlabelled : 1.0;
  }
  return out;
}

struct Floors {
  double hype, fraud, labour;
};

// Each topic's figure in `got` (printed when a check fails) against its floor.
void CheckEach(std::map<std::string, double> got, Floors floor, const char* what) {
  for (const auto& [topic, v] : got) UNSCOPED_INFO(topic << " " << what << " " << v);
  CHECK(got["hype"] >= floor.hype);
  CHECK(got["fraud"] >= floor.fraud);
  CHECK(got["labour"] >= floor.labour);
}

std::vector<Labelled> LoadSet(const std::string& file, size_t min_items) {
  auto items = LoadJsonl(threadlens::testing::SourceDir() + "/tests/stance/" + file);
  REQUIRE(items.size() >= min_items);
  return items;
}

// Loads tests/stance/FILE (at least `min_items` items) and checks each topic's F_avg against
// its floor.
void CheckFloors(const std::string& file, size_t min_items, Floors floor) {
  CheckEach(FAvg(LoadSet(file, min_items)), floor, "F_avg");
}

// CheckFloors, and each topic's off-topic share (OffTopicShare) against its own floor.
void CheckFloorsAndOffTopic(const std::string& file, size_t min_items, Floors floor,
                            Floors off_floor) {
  auto items = LoadSet(file, min_items);
  CheckEach(OffTopicShare(items), off_floor, "off-topic share");
  CheckEach(FAvg(items), floor, "F_avg");
}

}  // namespace

TEST_CASE("dev set: F_avg per topic stays above its floor", "[stance]") {
  CheckFloors("devset.jsonl", 120, {0.90, 0.85, 0.90});
}

TEST_CASE("holdout set (seen once, then used): F_avg per topic stays above its floor", "[stance]") {
  CheckFloors("holdout.jsonl", 50, {0.85, 0.82, 0.90});
}

TEST_CASE("blind set (written without the rules, seen once, then used): F_avg floors", "[stance]") {
  CheckFloors("blind.jsonl", 200, {0.60, 0.58, 0.65});
}

TEST_CASE("dev set 2 (fresh items per round, each scored before the rules grew): F_avg floors",
          "[stance]") {
  CheckFloors("devset2.jsonl", 300, {0.85, 0.85, 0.85});
}

TEST_CASE("blind set 2 (written without the rules, with parent texts, seen once, then used)",
          "[stance]") {
  CheckFloors("blind2.jsonl", 200, {0.78, 0.82, 0.82});
}

TEST_CASE("blind set 3 (written without the rules: 258 items scored once with them frozen)",
          "[stance]") {
  // Written by someone who had not seen the rules, the tests or the earlier sets, and scored
  // once with the rules of 0f0c0bc frozen: hype 0.632, fraud 0.679, labour 0.667 (the rules of
  // 9634e81, before this set's session: 0.619, 0.673, 0.605). Not used to change a rule since:
  // these floors only catch a regression, a little under the scores.
  CheckFloors("blind3.jsonl", 250, {0.62, 0.66, 0.65});
}

TEST_CASE("dev set 3 (per argument kind, four rounds, each scored before the rules changed)",
          "[stance]") {
  // Round 1 (D3-001..152) scored with the rules of 9634e81: hype 0.671, fraud 0.728, labour
  // 0.567. Round 2 (D3-153..231, fresh wordings) scored with the rules of c054dda, which had
  // been generalised on round 1: 0.485, 0.528, 0.421. Round 3 (D3-232..282) scored with the
  // rules of aa1363b, generalised on rounds 1 and 2: 0.292, 0.473, 0.236 — the same as with
  // the rules before either round; it was then used for per-kind vocabulary cues. Round 4
  // (D3-283..312) scored with those: 0.365, 0.452, 0.542 — byte-identical output to the rules
  // of 9634e81. Round 4 is unused, but it is in the floor, so it is no longer held out.
  CheckFloors("devset3.jsonl", 310, {0.85, 0.83, 0.89});
}

TEST_CASE("blind set 4 (written without the rules or any labelled set, stance through examples)",
          "[stance]") {
  // 260 comments by someone who saw neither the rules nor the other sets, arguing mostly through
  // examples and implications rather than keywords. Scored once per configuration: rules only
  // 0.411 / 0.544 / 0.527; with the fraud and labour lexicons 0.411 / 0.634 / 0.691; with the
  // hype lexicon too (shipped on this evidence, the one decision the set was used for) 0.465 /
  // 0.634 / 0.691. Since then it is a seen set: its misses were read to find argument kinds the
  // rules lacked (branch stance-hype), and the lexicons are learnt from it with the other seven.
  // Measured then: rules only 0.783 / 0.586 / 0.610, shipped (rules + lexicons) 0.865 / 0.778 /
  // 0.842; the floors sit about 0.06 under the shipped figures. Round 6 (branch stance-6) read its
  // misses again with blind 5's, for argument kinds: rules + 9-set lexicons 0.863 / 0.808 / 0.914;
  // the fraud and labour floors rose to about 0.06 under that.
  CheckFloors("blind4.jsonl", 255, {0.80, 0.75, 0.85});
}

TEST_CASE("blind set 5 (HN, X and Reddit voices, written without the rules or any labelled set)",
          "[stance]") {
  // 281 comments by someone who saw neither the rules nor the other sets (11.2026), scored once
  // per candidate before anything was changed for them: the rules and lexicons of 6c2b0e1
  // 0.647 / 0.636 / 0.595; with the argument kinds and 8-set lexicons of branch stance-hype
  // (shipped) 0.647 / 0.645 / 0.611. Two mixes were scored too and not shipped, so as not to
  // choose on this set: new rules with the old lexicons 0.667 / 0.636 / 0.595, old rules with
  // the new lexicons 0.626 / 0.645 / 0.611. Since round 6 (branch stance-6) it is a seen set:
  // its misses (with blind 4's) were sorted into argument kinds the rules lacked, and the
  // lexicons are learnt from all nine sets. Measured then (rules + lexicons, in-sample, so not an
  // estimate for new comments): 0.922 / 0.909 / 0.965 (merged branch); the floors sit about
  // 0.06 under.
  CheckFloors("blind5.jsonl", 275, {0.84, 0.84, 0.89});
}

TEST_CASE("blind set 6 (HN, X and Reddit voices on more themes, written without the rules)",
          "[stance]") {
  // 287 comments by someone who saw neither the rules nor any labelled set (11.2026), with
  // themes the earlier sets lacked (coding agents, call centres, capex and power, export
  // controls, radiologists, paralegals), long comments whose stance is one sentence among
  // several, and concessions. Scored twice, nothing chosen on it: the rules and lexicons of
  // 6843a4c 0.589 / 0.657 / 0.648; after round 6 (branch stance-6, written from blind4/blind5
  // misses without this set) 0.634 / 0.682 / 0.684. Read in round 7 (branch stance-7): its hype
  // misses were sorted into kinds and hype cues written for the kinds (our own examples), so it
  // is a seen set for hype from then on: 0.810 with the round 7 rules, 0.870 once the hype
  // lexicon was relearnt from all ten sets (this one included). Hype floor about 0.06 under.
  CheckFloors("blind6.jsonl", 280, {0.81, 0.63, 0.63});
}

TEST_CASE("blind set 7 (hype-heavy: 135 hype items, written without the rules)", "[stance]") {
  // 286 comments by someone who saw neither the rules nor any labelled set (11.2026), half of
  // them on hype (valuations, capex, adoption, productivity anecdotes, benchmark doubts, past
  // bubbles and real revolutions). Scored per candidate, nothing chosen on it: the rules of
  // 6843a4c 0.606 / 0.709 / 0.756; round 6 (branch stance-6) 0.628 / 0.710 / 0.772; round 7
  // (branch stance-7, hype cues from blind6's misses) 0.641 / 0.710 / 0.772. Read in round 8
  // (branch stance-8): its hype misses were sorted into kinds and hype cues written for the
  // kinds (our own examples), so it is a seen set for hype from then on: 0.879 with the round 8
  // rules and the ten-set lexicon (not relearnt). Hype floor about 0.06 under; fraud and labour
  // not read, floors about 0.05 under. Round 9 (branch stance-9) relearnt the hype lexicon from
  // all fourteen sets, this one included: hype 0.917; the hype floor rose to about 0.06 under.
  CheckFloors("blind7.jsonl", 280, {0.86, 0.66, 0.72});
}

TEST_CASE("blind set 8 (hype-heavy, a harder writer, written without the rules)", "[stance]") {
  // 304 comments by someone who saw neither the rules nor any labelled set (11.2026), 141 on
  // hype; the lowest-scoring writer so far. Scored per candidate, nothing chosen on it: the rules
  // of 6843a4c 0.509 / 0.626 / 0.562; round 6 0.531 / 0.627 / 0.633; round 7 0.543 / 0.627 /
  // 0.633; round 8 (branch stance-8, hype cues from blind7's misses) 0.559 / 0.627 / 0.633.
  // Not learnt from; floors about 0.05 under. Read in round 9 (branch stance-9): its hype misses
  // were sorted into kinds with blind 9's, kinds both sets showed got cues (our own examples), and
  // the hype lexicon is learnt from it: hype 0.559 -> 0.769 (rules) -> 0.823 (with the fourteen-set
  // lexicon), a seen set for hype from then on. Hype floor about 0.06 under; fraud and labour not
  // read.
  CheckFloors("blind8.jsonl", 300, {0.76, 0.58, 0.58});
}

TEST_CASE("blind set 9 (hype-heavy, with off-topic traps, written without the rules)", "[stance]") {
  // 338 comments by someone who saw neither the rules nor any labelled set (11.2026): 144 on
  // hype, 78 fraud, 80 labour, and 51 off all three topics, 31 of them not about AI at all but in
  // the topics' words (hiring, a bank merger's layoffs, FTX, a housing "bubble", a marathon
  // "model"). Scored per candidate, nothing chosen on it: the rules of b091de4 0.603 / 0.681 /
  // 0.706, off-topic share 0.577 / 0.858 / 0.845; with topic context (branch offtopic) 0.603 /
  // 0.681 / 0.696, off-topic share 0.624 / 0.873 / 0.938. Not learnt from; floors about 0.05
  // under. Read in round 9 (branch stance-9): its hype misses were sorted into kinds (off topic
  // for want of an anchor, neutral for want of a cue, wrong pole) and hype cues written for the
  // kinds with our own examples; the hype lexicon is learnt from it. Hype 0.603 -> 0.829 (rules)
  // -> 0.859 (with the fourteen-set lexicon), off-topic share unchanged (0.624); a seen set for
  // hype from then on. Hype floor about 0.06 under; fraud and labour not read.
  CheckFloorsAndOffTopic("blind9.jsonl", 330, {0.80, 0.63, 0.64}, {0.57, 0.82, 0.88});
}

TEST_CASE("off-topic set: comments that share the topics' words but not AI stay off topic",
          "[stance]") {
  // tests/stance/offtopic.jsonl: 42 workplace, market, crime, software-bug and sport comments
  // with no AI in them (hiring, layoffs for business reasons, QA, bank fraud, scam calls, stock
  // moves, fashion and car models), gold {}; and 16 on-topic controls. Off-topic share (all
  // items without a label for the topic): before topic context 0.804 / 0.830 / 0.571, with it
  // 0.821 / 0.981 / 0.898. F_avg on the controls 0.700 / 0.929 / 0.586 -> 0.700 / 0.929 / 0.667.
  CheckFloorsAndOffTopic("offtopic.jsonl", 55, {0.65, 0.88, 0.62}, {0.80, 0.95, 0.85});
}

TEST_CASE("blind set 10 (hype-heavy, beyond DeepSeek, written without the rules)", "[stance]") {
  // 349 comments by someone who saw neither the rules nor any labelled set (11.2026), asked to
  // lean less on DeepSeek and Nvidia: 155 on hype (schools, AI search, Copilot seats, robotaxis,
  // humanoid robots, revenue multiples, GPU depreciation, circular deals), 76 fraud, 82 labour,
  // and 52 off all three topics (31 not about AI at all). Scored per candidate, nothing chosen on
  // it: the rules of cdfcb5b 0.479 / 0.729 / 0.582; round 9's rules (1a91586) 0.495; with round
  // 9's fourteen-set hype lexicon (8db88ef) 0.523 / 0.729 / 0.582, off-topic share 0.603 / 0.912
  // / 0.910. Read in round 10 (branches stance-10, labour-10): its misses sorted into kinds and
  // cues written for the kinds with our own examples, the labour and fraud lexicons learnt from
  // it: 0.783 / 0.911 / 0.926, off-topic share 0.603 / 0.912 / 0.914; a seen set from then on,
  // floors about 0.06 under.
  CheckFloorsAndOffTopic("blind10.jsonl", 340, {0.72, 0.85, 0.86}, {0.55, 0.86, 0.86});
}

TEST_CASE("blind set 11 (balanced topics, labour beyond tech, written without the rules)",
          "[stance]") {
  // 345 comments by someone who saw neither the rules nor any labelled set (11.2026): 117 on
  // hype, 93 fraud, 106 labour (nurses, truckers, voice actors, unions, reskilling, UBI, hiring
  // freezes), and 45 off all three topics (25 not about AI at all). Scored per candidate, nothing
  // chosen on it: the rules of cdfcb5b 0.682 / 0.736 / 0.697; round 9 (9c68617) 0.696 / 0.736 /
  // 0.697; round 10 (blind 10's misses read) 0.715 / 0.759 / 0.721, off-topic share 0.583 / 0.921
  // / 0.900. Read in round 11 (branch rules-11): its misses sorted into kinds and cues written
  // for the kinds with our own examples, hype's non-AI anchor words narrowed to an AI
  // conversation, the hype lexicon learnt from it: 0.927 / 0.841 / 0.847 (0.903 / 0.841 /
  // 0.833 once the cues that name no AI needed context), off-topic share 0.623 / 0.921 / 0.900;
  // a seen set from then on, floors about 0.06 under.
  CheckFloorsAndOffTopic("blind11.jsonl", 340, {0.86, 0.78, 0.78}, {0.56, 0.86, 0.84});
}

TEST_CASE("blind set 12 (implicit stances, written without the rules)", "[stance]") {
  // 350 comments by someone who saw neither the rules nor any labelled set (11.2026): 148 on
  // hype, 87 fraud, 87 labour, 51 off all three topics (31 traps: housing bubble, crypto hype,
  // fraud trials, strikes, layoffs outside AI); stances mostly implicit (anecdotes, analogies,
  // sums, sarcasm). Scored per candidate, nothing chosen on it: the rules of e09be87 0.639 /
  // 0.703 / 0.685, off-topic share 0.678 / 0.947 / 0.970; round 11 (blind 11's misses, 35 cues)
  // 0.639 / 0.703 / 0.685 — two of its answers on a side changed, F_avg not at all — off-topic
  // share 0.733 / 0.947 / 0.970 (hype's non-AI anchor words narrowed). Round 12 read its misses
  // (a seen set from then on): 0.900 / 0.893 / 0.913 (the hype and labour lexicons were
  // relearnt with it), off-topic share 0.772 / 0.947 / 0.970. Floors about 0.06 under.
  CheckFloorsAndOffTopic("blind12.jsonl", 345, {0.84, 0.83, 0.85}, {0.71, 0.88, 0.91});
}

TEST_CASE("blind set 13 (scraper-shaped: long comments and replies, written without the rules)",
          "[stance]") {
  // 347 comments by someone who saw neither the rules nor any labelled set (11.2026), asked for
  // a scraper's shapes: 109 of 40-150 words, 136 of 12-39, 102 shorter; 78 replies with their
  // parent's text; 138 on hype, 89 fraud, 79 labour, 52 off all three (about 30 traps). Scored
  // before anything was changed for it: main's rules before round 12 0.428 / 0.473 / 0.578,
  // round 12's 0.452 / 0.473 / 0.613; with the lexicon deciding ties and conceded points and the
  // hype lexicon at threshold 0.2 (chosen with blind 12, cross-validation and the seed as well)
  // 0.498 / 0.473 / 0.660, off-topic share 0.646 / 0.903 / 0.899. Floors about 0.06 under.
  CheckFloorsAndOffTopic("blind13.jsonl", 340, {0.44, 0.41, 0.60}, {0.58, 0.84, 0.84});
}
