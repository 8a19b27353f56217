// RuleSet::TestExamples: every rule's own examples, run the way the rule is used; and
// RuleSet::MeasureCost: how often those examples' sentences make gapped patterns be searched.
#include <algorithm>
#include <cstdio>
#include <set>

#include "stance/classify.h"
#include "stance/ruleset.h"
#include "stance/text_units.h"

namespace threadlens::stance {
namespace {

// A cue fires when classifying the example yields its evidence with weight towards its pole.
// Examples show a cue at work in a thread about its topic: every topic's context is given
// (the [context] sections and anchors have examples of their own).
bool CueFires(const RuleSet& rs, const Rule& r, const std::string& text) {
  ClassifyContext ctx;
  ctx.context.assign(rs.topics().size(), 1);
  for (const StanceResult& res : Classify(rs, text, ctx)) {
    if (res.topic != r.topic) continue;
    for (const Evidence& e : res.evidence)
      if (e.rule_id == r.id && e.weight * r.pole > 0) return true;
  }
  return false;
}

// Anchors, contexts and markers fire when one of their patterns matches.
bool PatternFires(const RuleSet& rs, const Rule& r, const std::string& text) {
  std::vector<PatternMatch> m;
  for (int p : r.patterns) {
    rs.bank().FindOne(text, p, 0, &m);
    if (!m.empty()) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> RuleSet::TestExamples() const {
  std::vector<std::string> failures;
  for (const Rule& r : rules_) {
    for (const RuleExample& ex : r.examples) {
      bool fired = r.kind == Rule::Kind::kCue ? CueFires(*this, r, ex.text)
                                              : PatternFires(*this, r, ex.text);
      if (fired != ex.positive)
        failures.push_back(ex.where + ": rule '" + r.id + "' should " +
                           (ex.positive ? "fire" : "not fire") + " on: " + ex.text);
    }
  }
  return failures;
}

RuleSet::Cost RuleSet::MeasureCost(double max_share) const {
  std::set<std::string_view> texts;
  for (const Rule& r : rules_)
    for (const RuleExample& ex : r.examples) texts.insert(ex.text);
  std::vector<int> asks(bank_.asked_alone(), 0), hits, asked;
  std::vector<Span> spans;
  int sentences = 0;
  long total = 0;
  for (std::string_view text : texts) {
    SplitSentences(text, &spans);
    for (const Span& sp : spans) {
      std::string_view sentence = text.substr(sp.start, sp.end - sp.start);
      bank_.Occurring(sentence, PatternBank::kSet, &hits, &asked);
      for (int g : asked) ++asks[g];
      total += static_cast<long>(asked.size());
      ++sentences;
    }
  }
  std::vector<int> order;
  for (int g = 0; g < bank_.asked_alone(); ++g)
    if (sentences > 0 && asks[g] > max_share * sentences) order.push_back(g);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return asks[a] > asks[b]; });
  Cost out;
  out.sentences = sentences;
  out.searches_per_sentence = sentences ? static_cast<double>(total) / sentences : 0;
  for (int g : order) {
    const Rule& r = rules_[bank_.rule_of(bank_.gapped_pattern(g))];
    std::string words;
    for (const auto& clause : bank_.gapped_clauses(g)) {
      words += words.empty() ? "" : " and ";
      for (size_t k = 0; k < clause.size(); ++k) words += (k ? " | " : "") + clause[k];
    }
    char share[32];
    std::snprintf(share, sizeof share, "%.0f%%", 100.0 * asks[g] / sentences);
    out.warnings.push_back(r.where + ": rule '" + r.id +
                           "': a gapped alternative is searched alone in " + share +
                           " of the examples' sentences (it waits for: " +
                           (words.empty() ? std::string("nothing, so every sentence") : words) +
                           "): " + bank_.gapped_text(g));
  }
  return out;
}

}  // namespace threadlens::stance
