#include "stance/ruleset.h"

#include "rules/rule_file.h"

namespace threadlens::stance {

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const rules::RuleSource& src) {
  auto rs = std::make_shared<RuleSet>();
  rs->sha256_ = src.sha256;
  for (const rules::SourceFile* f : src.Under("topics/")) {
    auto parsed = rules::ParseRuleFile(f->location, f->text);
    if (!parsed.ok()) return parsed.status();
    Topic t;
    t.name = parsed->Header("topic");
    t.question = parsed->Header("question");
    t.pole_a = parsed->Header("pole_a");
    t.pole_b = parsed->Header("pole_b");
    t.where = f->location;
    if (t.name.empty() || t.pole_a.empty() || t.pole_b.empty())
      return Status::Error(f->location + ":1: a topic file needs 'topic:', 'pole_a:' and 'pole_b:'");
    rs->topics_.push_back(std::move(t));
  }
  return std::shared_ptr<const RuleSet>(std::move(rs));
}

}  // namespace threadlens::stance
