// RuleSet: the stance topics of rules/topics/*.rules plus the shared cue lists of
// rules/shared/*.rules, compiled (rules/README.md documents the format).
//
//   auto rs = RuleSet::Load(rules::BuiltinRuleSource());
//   if (!rs.ok()) die(rs.status().message());      // "topics/hype.rules:12: rule '...': ..."
//   auto results = Classify(**rs, "It's a bubble.", {});   // stance/classify.h
//
// Every pattern of every rule (anchors and cues of all topics, shared markers) lives in one
// PatternBank, so a comment is scanned once whatever the number of topics. Loading validates
// everything a user can get wrong and names file:line and the rule. Immutable once loaded;
// share it between threads freely.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "rules/rule_source.h"
#include "stance/lexicon.h"
#include "stance/pattern_bank.h"

namespace threadlens::stance {

struct Topic {
  std::string name, question, pole_a, pole_b;
  std::string where;  // file of the topic
  // Tunables a topic file may set in its header (defaults in ruleset.cc).
  double threshold = 0;     // |score| at or above which a side is taken
  int anchor_reach = 0;     // sentences before/after an anchor that are still on topic
  double sentence_cap = 0;  // |score| one sentence contributes at most
  std::vector<int> anchors, cues;  // indices into RuleSet::rules()
  // [context] sections: what the comment, its ancestors or its thread must mention before an
  // anchor or anchoring cue marked `needs: context` counts (rules/README.md 3.1).
  std::vector<int> contexts;
  // Learnt word weights (topics/NAME.lexicon), the fallback when the rules find no side; or null.
  std::shared_ptr<const Lexicon> lexicon;
};

// What a shared marker does; the section kinds of rules/shared/*.rules.
enum class MarkerKind {
  kNegator,   // flips and scales a cue a few words after it, same clause
  kHedge,     // scales a cue down (maybe, might, I think)
  kBooster,   // scales a cue up (definitely, clearly)
  kContrast,  // but/however (the clause after wins) or although (its own clause loses)
  kAgree,     // a reply opening that adopts the parent's stance
  kDisagree,  // a reply opening that takes the opposite of the parent's stance
  kReported,  // "they say", "X claims that": what follows is someone else's view
  kRebuttal,  // "…, but it's not", "was always a fantasy": rejects the view just reported
  kEndorse,   // "…, and they're right": adopts the view just reported
  kSarcasm,   // "/s", "yeah right": flips or doubts the sentence
  kQuestion,  // "?" or "do you really think": questions weaken or flip what they ask about
};
inline constexpr int kMarkerKinds = 11;
const char* MarkerKindName(MarkerKind k);

// How far a sentence-level marker reaches.
enum class Reach {
  kWords,       // negator, hedge, booster: `scope` words before the cue, same clause
  kSentence,    // the whole sentence (question "?", sarcasm, "maybe not")
  kComment,     // every cue of the comment ("I'm on the fence")
  kAfter,       // from the marker to the end of the sentence (rhetorical openers)
  kClause,      // from the marker to the end of its clause (reported speech)
  kShiftAfter,  // contrast "but": what precedes it in the sentence is discounted
  kConcessive,  // contrast "although": its own clause is discounted
};

struct RuleExample {
  std::string text;
  std::string where;  // file:line
  bool positive = true;  // example+ (must fire) or example- (must not)
};

struct Rule {
  enum class Kind { kAnchor, kCue, kMarker, kContext };
  Kind kind = Kind::kCue;
  // cues: "<pole>.<name>"; anchors: "anchor.<name>"; markers: "<kind>.<name>";
  // contexts: "context.<name>"
  std::string id;
  std::string where;  // file:line of the section
  int topic = -1;     // anchors, cues and contexts
  int pole = 0;       // cues: +1 towards pole_a, -1 towards pole_b
  bool anchors_itself = false;  // cues with "anchor: yes" make their sentence on topic
  // "needs: context". An anchor with it does not establish the topic's context (a [context]
  // section or a plain anchor in the comment, its thread or an ancestor; the parent on the
  // topic): outside that context a comment it anchors is on topic only when a cue counted. A
  // cue with it counts (and anchors) only in the context.
  bool needs_context = false;
  double weight = 1;  // cues: magnitude
  MarkerKind marker = MarkerKind::kNegator;
  double factor = 1;      // markers: multiplies the weight of the cues it governs
  double confidence = 1;  // markers: multiplies the confidence of a result it shaped
  int scope = 0;          // markers with Reach::kWords: words between marker and cue, at most
  Reach reach = Reach::kWords;
  std::vector<int> patterns;  // indices into the PatternBank
  std::vector<int> unless;    // cues: a match overlapping one of these does not count
  std::vector<RuleExample> examples;
};

class RuleSet {
 public:
  // Parses and compiles every file under topics/ and shared/ in `src`. An error names
  // file:line and the rule ("topics/hype.rules:40: rule 'overhyped.bubble': bad pattern: …").
  static Result<std::shared_ptr<const RuleSet>> Load(const rules::RuleSource& src);

  const std::vector<Topic>& topics() const { return topics_; }
  const std::string& sha256() const { return sha256_; }
  const std::string& origin() const { return origin_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const PatternBank& bank() const { return bank_; }
  // Marker rules of one kind, in file order.
  const std::vector<int>& markers(MarkerKind k) const {
    return markers_[static_cast<int>(k)];
  }
  // True when bank pattern `p` is an `unless:` pattern (it vetoes, it does not fire).
  bool is_unless(int p) const { return unless_[p] != 0; }
  // Index of the topic called `name`, or -1.
  int FindTopic(std::string_view name) const;

  // Runs every rule's examples through the classifier (cues) or its patterns (anchors,
  // markers); returns one message per failure: "file:line: rule 'x': should fire: …".
  std::vector<std::string> TestExamples() const;
  // Rules that lack an example+ or an example- ("file:line: rule 'x': no example-").
  std::vector<std::string> MissingExamples() const;
  // Patterns with word gaps are searched alone, on the sentences that hold the words they wait
  // for (PatternBank). One waiting only for common words ("not", "people") is searched on most
  // sentences and slows classification down. Counted on the sentences of all the rules'
  // examples: how many searches a sentence they take on average, and one warning for each
  // gapped alternative searched in more than `max_share` of them, most searched first:
  // "file:line: rule 'x': a gapped alternative is searched alone in 31% of the examples'
  // sentences (it waits for: not | never): ALTERNATIVE".
  struct Cost {
    int sentences = 0;
    double searches_per_sentence = 0;
    std::vector<std::string> warnings;
  };
  Cost MeasureCost(double max_share) const;

  RuleSet() = default;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

 private:
  friend class RuleSetLoader;
  std::vector<Topic> topics_;
  std::vector<Rule> rules_;
  std::vector<int> markers_[kMarkerKinds];
  PatternBank bank_;
  std::vector<char> unless_;  // by bank pattern index
  std::string sha256_, origin_;
};

}  // namespace threadlens::stance
