// PageRules: the page-furniture and reply-cue patterns of rules/page/*.rules, compiled.
//
//   auto rules = PageRules::Load(src);            // every file under page/
//   PageMatch m;
//   if ((*rules)->Find(kind::kHeader, line, &m)) use(m.Get("author"), m.Get("time"));
//
// Furniture is what a site prints around comments (paywall prompts, buttons, author and date
// lines, vote counts); SegmentStage drops it, uses it as comment boundaries and keeps what it
// says (author, time, score, depth) as metadata. Reply cues (continuation openers, agreement
// openers, addressing) are the words people use when they go on or answer; SegmentStage and
// InferParents weigh them. Keeping both as data lets a user teach threadlens a new site or a
// new language without recompiling. The kinds are listed in namespace `kind` below and
// documented at the top of rules/page/common.rules.
//
// All patterns are RE2: matching is linear in the line, whatever a rule file contains.
// Immutable after Load; safe to share between threads.
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "rules/rule_source.h"

namespace threadlens {

// Section kinds understood in rules/page/*.rules. Any other kind is a load error.
namespace kind {
// --- page furniture ---------------------------------------------------------------------------
inline constexpr const char* kDrop = "drop";    // whole line is furniture, dropped
inline constexpr const char* kStrip = "strip";  // capture group 1 is cut from the line's start
inline constexpr const char* kCommentsStart = "comments-start";  // the comment section begins
inline constexpr const char* kHeader = "header";  // a comment's metadata line (starts a comment);
                                                  // named groups: author, time, score, replies,
                                                  // depth, name (replied-to)
inline constexpr const char* kTime = "time";      // a line that is only a date/time (a boundary)
inline constexpr const char* kMeta = "meta";      // buttons and counts printed under or beside a
                                                  // comment; dropped; may capture score/replies
inline constexpr const char* kReplyTo = "reply-to";  // "Replying to @x": group `name`
// --- reply cues (weighted; `weight:` default 1) -----------------------------------------------
inline constexpr const char* kContinue = "continue";  // a paragraph that goes on with the same
                                                      // comment ("So ...", "This means ..."),
                                                      // where lines are paragraphs
inline constexpr const char* kContinueOwn = "continue-own";  // goes on with the writer's own
                                                             // argument ("Also, ...", "Secondly"),
                                                             // in any dump
inline constexpr const char* kClosing = "closing";    // closes a quoted passage ("From The X")
inline constexpr const char* kOpener = "opener";      // agreement or rebuttal opener: a reply
inline constexpr const char* kAddress = "address";    // talks to another commenter ("your point")
inline constexpr const char* kFresh = "fresh";        // opens a new point for everyone ("I think
                                                      // ...", "Is anyone ...?"): top level
inline constexpr const char* kQuoteLine = "quote-line";    // a quoted line ("> text"): group 1
}  // namespace kind

struct PageRule {
  std::string kind;
  std::string name;
  std::string where;  // file:line of the section
  double weight = 1.0;
  std::vector<std::unique_ptr<RE2>> patterns;
  std::vector<std::unique_ptr<RE2>> unless;  // a line matching one of these never matches
  std::vector<std::string> examples_pos, examples_neg;

  // Index of the first pattern matching `line` (and no `unless`), or -1.
  int Match(std::string_view line) const;
};

// The named groups of the pattern that matched, by name ("author" -> "superfrank").
struct PageMatch {
  const PageRule* rule = nullptr;
  std::vector<std::pair<std::string, std::string>> groups;
  std::string_view Get(std::string_view name) const {
    for (const auto& [k, v] : groups)
      if (k == name) return v;
    return {};
  }
};

class PageRules {
 public:
  // Parses every file under "page/" in `src`. Error names file:line and the rule.
  static Result<std::shared_ptr<const PageRules>> Load(const rules::RuleSource& src);

  const std::vector<PageRule>& rules() const { return rules_; }
  // Rules of one kind, in file order.
  const std::vector<const PageRule*>& OfKind(std::string_view kind) const;

  // True when a rule of `kind` matches `line`; fills *m (if given) from the first that does,
  // with its named groups (empty groups left out).
  bool Find(std::string_view kind, std::string_view line, PageMatch* m = nullptr) const;
  // Sum of the weights of the rules of `kind` that match `line` (each rule counts once).
  double Weigh(std::string_view kind, std::string_view line) const;

  bool IsDrop(std::string_view line) const { return Find(kind::kDrop, line); }
  bool IsCommentsStart(std::string_view line) const { return Find(kind::kCommentsStart, line); }
  // Length of a glued button label at the start of `line` (0 if none).
  size_t StripPrefix(std::string_view line) const;

  // Runs every rule's examples; returns one message per failure ("file:line: rule: ...").
  std::vector<std::string> TestExamples() const;

 private:
  std::vector<PageRule> rules_;
  std::map<std::string, std::vector<const PageRule*>, std::less<>> by_kind_;
};

}  // namespace threadlens
