// RuleSet::TestExamples: every rule's own examples, run the way the rule is used.
#include "stance/classify.h"
#include "stance/ruleset.h"

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

}  // namespace threadlens::stance
