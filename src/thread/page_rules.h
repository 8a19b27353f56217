// PageRules: the page-furniture patterns of rules/page/*.rules, compiled.
//
// Furniture is what a site prints around comments (paywall prompts, buttons, section headers);
// SegmentStage uses these rules to drop it and to find where the comment section starts. Keeping
// them as data lets a user teach threadlens a new site without recompiling. All patterns are RE2:
// matching is linear in the line, whatever a rule file contains. Immutable after Load; safe to
// share between threads.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "rules/rule_source.h"

namespace threadlens {

struct PageRule {
  std::string kind;  // "drop", "strip", "comments-start", ...
  std::string name;
  std::string where;  // file:line of the section
  std::vector<std::unique_ptr<RE2>> patterns;
  std::vector<std::unique_ptr<RE2>> unless;  // a line matching one of these never matches
  std::vector<std::string> examples_pos, examples_neg;

  // Index of the first pattern matching `line` (and no `unless`), or -1.
  int Match(std::string_view line) const;
};

class PageRules {
 public:
  // Parses every file under "page/" in `src`. Error names file:line and the rule.
  static Result<std::shared_ptr<const PageRules>> Load(const rules::RuleSource& src);

  const std::vector<PageRule>& rules() const { return rules_; }
  // Rules of one kind.
  std::vector<const PageRule*> OfKind(std::string_view kind) const;

  bool IsDrop(std::string_view line) const;
  bool IsCommentsStart(std::string_view line) const;
  // Length of a glued button label at the start of `line` (0 if none).
  size_t StripPrefix(std::string_view line) const;

  // Runs every rule's examples; returns one message per failure ("file:line: rule: ...").
  std::vector<std::string> TestExamples() const;

 private:
  std::vector<PageRule> rules_;
};

}  // namespace threadlens
