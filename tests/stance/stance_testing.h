// Helpers shared by the stance tests: the shipped rules, and short ways to ask for a stance.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_source.h"
#include "stance/classify.h"
#include "stance/ruleset.h"

namespace threadlens::stance::testing {

// The rules built into the binary, loaded once (they must load: rules_test checks why not).
inline const RuleSet& Shipped() {
  static std::shared_ptr<const RuleSet> rs = [] {
    auto r = RuleSet::Load(rules::BuiltinRuleSource());
    return r.ok() ? *r : nullptr;
  }();
  return *rs;
}

// The result for topic `name`, or nullptr when the text is off that topic.
inline const StanceResult* Find(const RuleSet& rs, const std::vector<StanceResult>& results,
                                std::string_view name) {
  for (const auto& r : results)
    if (rs.topics()[r.topic].name == name) return &r;
  return nullptr;
}

// A rule source made of the given files (path relative to the rules root, text), each shown in
// messages as "t/<path>".
inline rules::RuleSource Source(std::vector<std::pair<std::string, std::string>> files) {
  rules::RuleSource src;
  src.origin = "test";
  for (auto& [path, text] : files) src.files.push_back({path, "t/" + path, text});
  return src;
}

// "overhyped", "justified", "neutral", or "" (off topic).
inline std::string StanceOf(std::string_view text, std::string_view topic,
                            const ClassifyContext& ctx = ClassifyContext()) {
  const RuleSet& rs = Shipped();
  auto res = Classify(rs, text, ctx);
  const StanceResult* r = Find(rs, res, topic);
  return r ? r->stance : "";
}

// The evidence row of `rule_id` in the result for `topic`, or nullptr.
inline const Evidence* EvidenceOf(const RuleSet& rs, const std::vector<StanceResult>& results,
                                  std::string_view topic, std::string_view rule_id) {
  const StanceResult* r = Find(rs, results, topic);
  if (!r) return nullptr;
  for (const auto& e : r->evidence)
    if (e.rule_id == rule_id) return &e;
  return nullptr;
}

}  // namespace threadlens::stance::testing
