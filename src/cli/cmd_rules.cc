// threadlens rules check|test|list: the rule files as a user edits them.
#include <cstdio>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "rules/rule_source.h"
#include "stance/ruleset.h"
#include "thread/page_rules.h"

namespace threadlens::cli {
namespace {

struct Loaded {
  rules::RuleSource src;
  std::shared_ptr<const PageRules> page;
  std::shared_ptr<const stance::RuleSet> stance;
};

// Loads everything; prints the first error (it names file:line and the rule) and returns false.
bool Load(const RulesOptions& o, Loaded* out) {
  auto src = rules::LoadRuleSource(o.rules_dir);
  if (!src.ok()) {
    std::cerr << "error: " << src.status().message() << "\n";
    return false;
  }
  out->src = std::move(*src);
  auto page = PageRules::Load(out->src);
  if (!page.ok()) {
    std::cerr << "error: " << page.status().message() << "\n";
    return false;
  }
  out->page = *page;
  auto rs = stance::RuleSet::Load(out->src);
  if (!rs.ok()) {
    std::cerr << "error: " << rs.status().message() << "\n";
    return false;
  }
  out->stance = *rs;
  return true;
}

int CountExamples(const stance::RuleSet& rs) {
  int n = 0;
  for (const auto& r : rs.rules()) n += static_cast<int>(r.examples.size());
  return n;
}

int Check(const Loaded& l, double warn_share) {
  std::vector<std::string> missing = l.stance->MissingExamples();
  for (const auto& m : missing) std::cerr << m << "\n";
  if (!missing.empty()) {
    std::cerr << "error: " << missing.size() << " rule(s) without examples\n";
    return 1;
  }
  int cues = 0, anchors = 0, contexts = 0, markers = 0;
  for (const auto& r : l.stance->rules()) {
    if (r.kind == stance::Rule::Kind::kCue) ++cues;
    else if (r.kind == stance::Rule::Kind::kAnchor) ++anchors;
    else if (r.kind == stance::Rule::Kind::kContext) ++contexts;
    else ++markers;
  }
  int lexicons = 0;
  size_t terms = 0;
  for (const auto& t : l.stance->topics())
    if (t.lexicon) ++lexicons, terms += t.lexicon->size();
  std::printf("ok: %s: %zu topics, %d cues, %d anchors, %d contexts, %d shared markers, "
              "%zu page rules, %d lexicons (%zu terms)\n",
              l.src.origin.c_str(), l.stance->topics().size(), cues, anchors, contexts, markers,
              l.page->rules().size(), lexicons, terms);
  std::printf("sha256 %s\n", l.src.sha256.c_str());
  stance::RuleSet::Cost cost = l.stance->MeasureCost(warn_share);
  std::printf("cost: %d alternatives with word gaps, searched alone %.2f times a sentence on the "
              "examples' %d sentences\n",
              l.stance->bank().asked_alone(), cost.searches_per_sentence, cost.sentences);
  for (const auto& w : cost.warnings) std::cerr << "warning: " << w << "\n";
  return 0;
}

int Test(const Loaded& l) {
  std::vector<std::string> failures = l.stance->TestExamples();
  std::vector<std::string> page = l.page->TestExamples();
  failures.insert(failures.end(), page.begin(), page.end());
  int page_examples = 0;
  for (const auto& r : l.page->rules())
    page_examples += static_cast<int>(r.examples_pos.size() + r.examples_neg.size());
  for (const auto& f : failures) std::cout << "FAIL " << f << "\n";
  int total = CountExamples(*l.stance) + page_examples;
  std::printf("%d examples (%d stance, %d page), %zu failed\n", total,
              CountExamples(*l.stance), page_examples, failures.size());
  return failures.empty() ? 0 : 1;
}

int List(const Loaded& l) {
  const auto& rs = *l.stance;
  std::printf("rules: %s (sha256 %.12s)\n", l.src.origin.c_str(), l.src.sha256.c_str());
  for (size_t t = 0; t < rs.topics().size(); ++t) {
    const auto& topic = rs.topics()[t];
    int a = 0, b = 0;
    for (int i : topic.cues) (rs.rules()[i].pole > 0 ? a : b)++;
    std::printf("\ntopic %s  (%s)\n  %s\n  poles: %s (%d cues) | %s (%d cues); %zu anchors; "
                "threshold %g, anchor_reach %d\n",
                topic.name.c_str(), topic.where.c_str(), topic.question.c_str(),
                topic.pole_a.c_str(), a, topic.pole_b.c_str(), b, topic.anchors.size(),
                topic.threshold, topic.anchor_reach);
    auto row = [&](const stance::Rule& r) {
      char w[16] = "";
      if (r.kind == stance::Rule::Kind::kCue) std::snprintf(w, sizeof w, "%+g", r.weight * r.pole);
      std::printf("  %-36s %5s  %2zu patterns  %2zu examples  %s\n", r.id.c_str(), w,
                  r.patterns.size(), r.examples.size(), r.where.c_str());
    };
    for (int i : topic.anchors) row(rs.rules()[i]);
    for (int i : topic.contexts) row(rs.rules()[i]);
    for (int i : topic.cues) row(rs.rules()[i]);
    if (topic.lexicon) {
      const auto& lex = *topic.lexicon;
      std::printf("  %-36s %5s  %zu terms, threshold %g, rule_weight %g, length_power %g%s  %s\n",
                  (topic.name + ".lexicon").c_str(), "", lex.size(), lex.threshold(),
                  lex.rule_weight(), lex.length_power(),
                  lex.max_rule_score() < 1e9
                      ? (", max_rule_score " + std::to_string(lex.max_rule_score())).c_str()
                      : "",
                  lex.where().c_str());
    }
  }
  std::printf("\nshared markers\n");
  for (int k = 0; k < stance::kMarkerKinds; ++k)
    for (int i : rs.markers(static_cast<stance::MarkerKind>(k))) {
      const auto& r = rs.rules()[i];
      std::printf("  %-36s ×%-5g %2zu patterns  %2zu examples  %s\n", r.id.c_str(), r.factor,
                  r.patterns.size(), r.examples.size(), r.where.c_str());
    }
  std::map<std::string, int> kinds;
  for (const auto& r : l.page->rules()) kinds[r.kind]++;
  std::printf("\npage rules:");
  for (const auto& [k, n] : kinds) std::printf(" %s %d;", k.c_str(), n);
  std::printf("\n");
  return 0;
}

}  // namespace

int RunRulesCommand(const RulesOptions& o) {
  Loaded l;
  if (!Load(o, &l)) return 1;
  if (o.action == "check") return Check(l, o.warn_share);
  if (o.action == "test") return Test(l);
  if (o.action == "list") return List(l);
  std::cerr << "error: unknown action '" << o.action << "' (check, test or list)\n";
  return 2;
}

}  // namespace threadlens::cli
