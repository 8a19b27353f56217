// RuleSet: the stance topics of rules/topics/*.rules plus the shared cue lists of
// rules/shared/*.rules, compiled (rules/README.md documents the format).
//
// Immutable once loaded; share it between threads freely.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "rules/rule_source.h"

namespace threadlens::stance {

struct Topic {
  std::string name, question, pole_a, pole_b;
  std::string where;  // file of the topic
};

class RuleSet {
 public:
  // Error names file:line and the rule.
  static Result<std::shared_ptr<const RuleSet>> Load(const rules::RuleSource& src);

  const std::vector<Topic>& topics() const { return topics_; }
  const std::string& sha256() const { return sha256_; }

 private:
  std::vector<Topic> topics_;
  std::string sha256_;
};

}  // namespace threadlens::stance
