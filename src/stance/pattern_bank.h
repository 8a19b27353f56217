// PatternBank: every pattern of a rule set, matched in one pass.
//
//   PatternBank bank;
//   bank.Add("\\bbubble\\b", /*rule=*/7, &error);   // per pattern; error names what is wrong
//   bank.Compile(&error);
//   std::vector<int> hits;
//   bank.Occurring(sentence, PatternBank::kSet, &hits);    // which patterns occur
//   bank.FindOne(sentence, hits[0], base, &matches);       // where one of them occurs
//
// The fast path learns which patterns occur in a text in two ways. A pattern is split into its
// top-level alternatives ("a|b|c"; it occurs iff one of them does). Alternatives without word
// gaps (word lists, fixed phrases) go into an RE2::Set: one pass over the text for all of them.
// Alternatives with gaps ("(?:\w+\s+){0,3}", "[^.?!]*") would multiply that Set's DFA states (it
// kept building states on every new text), so each is asked with its own RE2, and only when the
// words it requires occur in the text. Its required words come from re2::FilteredRE2's atoms of
// that alternative alone, reduced at Compile() to a few clauses "one of these words occurs" that
// every text it matches satisfies; the atoms (literal words) are in the same RE2::Set, so the one
// pass also says which of them occur. Callers then locate just the patterns they need with the
// pattern's own RE2. The reference path (kReference) asks every pattern's own RE2 instead; tests,
// and `threadlens_stance_bench --check`, check that both give the same answer. FindOne reports
// leftmost-first, non-overlapping, non-empty matches. All patterns are compiled case-insensitive
// (a pattern may say `(?-i)`); matching is linear in the text whatever the patterns are (RE2),
// and memory per pattern is bounded (kPatternMaxMem).
//
// Immutable after Compile(); Occurring and FindOne are const and safe to call from many threads
// at once (RE2 objects are thread-safe; their DFA caches are shared and locked internally).
#pragma once

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace threadlens::stance {

struct PatternMatch {
  int pattern = 0;  // index in the bank
  int rule = 0;     // as given to Add
  int start = 0, end = 0;  // byte span in the text
};

class PatternBank {
 public:
  enum Mode { kSet, kReference };

  PatternBank();
  PatternBank(const PatternBank&) = delete;
  PatternBank& operator=(const PatternBank&) = delete;

  // Adds one pattern for `rule`; returns its index, or -1 with *error set (bad syntax, too
  // big, matches the empty text). REQUIRES: Compile() not called yet.
  int Add(const std::string& pattern, int rule, std::string* error);
  // Builds the RE2::Set. Returns false with *error set when the set does not fit in memory.
  bool Compile(std::string* error);

  // Replaces *out with the indices of the patterns that have a non-empty match in `text`,
  // ascending. REQUIRES: Compile() succeeded.
  // With `asked`, also replaces *asked with the gapped alternatives (see gapped_pattern) that
  // the text made it ask alone: what `rules check` counts to find the costly ones.
  void Occurring(std::string_view text, Mode mode, std::vector<int>* out,
                 std::vector<int>* asked = nullptr) const;
  // Appends the matches of pattern `index` in `text` to *out, with `base` added to the offsets
  // (for a sentence of a larger text).
  void FindOne(std::string_view text, int index, int base, std::vector<PatternMatch>* out) const;

  int size() const { return static_cast<int>(patterns_.size()); }
  const RE2& pattern(int i) const { return *patterns_[i].re; }
  int rule_of(int i) const { return patterns_[i].rule; }
  // Alternatives with word gaps, each asked alone where its words occur.
  int asked_alone() const { return static_cast<int>(gapped_.size()); }
  // Gapped alternative g (0 <= g < asked_alone()): its pattern, its text, and the words it
  // waits for (one list per clause: it is asked when every clause has a word that occurs; none:
  // asked on every text).
  int gapped_pattern(int g) const { return gapped_[g].pattern; }
  const std::string& gapped_text(int g) const { return gapped_[g].filter->GetRE2(0).pattern(); }
  std::vector<std::vector<std::string>> gapped_clauses(int g) const;

 private:
  struct Entry {
    std::unique_ptr<RE2> re;
    int rule;
  };
  // Some of the gap-free alternatives and atoms in one RE2::Set; members[h] is the pattern of Set
  // entry h, or -1 - the atom's index for an atom.
  struct Shard {
    std::unique_ptr<RE2::Set> set;
    std::vector<int> members;
  };
  // An alternative with word gaps: its own RE2 (held by `filter`, its FilteredRE2 of one
  // pattern), the pattern it belongs to, and what it requires of a text it matches: every clause
  // (atom indices) has an atom that occurs; no clauses: asked everywhere.
  struct Gapped {
    std::unique_ptr<re2::FilteredRE2> filter;
    int pattern = 0;
    std::vector<std::vector<int>> clauses;
  };
  // Appends to *out the patterns `members` that occur in `text`, asked one by one.
  void OccurringOneByOne(std::string_view text, const std::vector<int>& members,
                         std::vector<int>* out) const;
  // Adds a gapped alternative of `pattern`; its clauses' atoms join *atoms (*ids: their indices).
  bool AddGapped(int pattern, const std::string& alternative, std::vector<std::string>* atoms,
                 std::unordered_map<std::string, int>* ids, std::string* error);

  RE2::Options options_;
  std::vector<Entry> patterns_;
  std::vector<Shard> shards_;
  std::vector<Gapped> gapped_;
  int atom_count_ = 0;
  std::vector<std::string> atoms_;  // the atoms' words, for gapped_clauses
  // Gapped alternatives without clauses; and by atom, those whose first clause holds it.
  std::vector<int> always_;
  std::vector<std::vector<int>> by_atom_;
};

}  // namespace threadlens::stance
