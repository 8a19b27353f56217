// StanceStage: classifies every comment of a thread on every topic of a RuleSet and appends the
// results (with their evidence) to Thread::stances. Parents are classified before replies, so a
// reply that only agrees or disagrees can inherit. Safe to call concurrently.
#pragma once

#include <memory>

#include "core/pipeline.h"
#include "stance/ruleset.h"

namespace threadlens::stance {

class StanceStage : public Stage {
 public:
  explicit StanceStage(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}
  const char* name() const override { return "stance"; }
  Status Process(Thread* thread) const override;

 private:
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace threadlens::stance
