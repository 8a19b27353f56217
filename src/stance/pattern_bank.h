// PatternBank: every pattern of a rule set, matched in one pass.
//
//   PatternBank bank;
//   bank.Add("\\bbubble\\b", /*rule=*/7, &error);   // per pattern; error names what is wrong
//   bank.Compile(&error);
//   std::vector<PatternMatch> m;
//   bank.FindAll(text, PatternBank::kSet, &m);     // sorted by (start, pattern)
//
// The fast path runs one RE2::Set over the text to learn which patterns occur, then finds the
// positions of just those with their own RE2. The reference path (kReference) runs every
// pattern's RE2 over the text; tests check that both give the same matches. Each pattern
// reports its leftmost-first, non-overlapping, non-empty matches. All patterns are compiled
// case-insensitive (a pattern may say `(?-i)`); matching is linear in the text whatever the
// patterns are (RE2), and memory per pattern is bounded (kPatternMaxMem).
//
// Immutable after Compile(); FindAll is const and safe to call from many threads at once.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
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

  // Appends the matches of every pattern in `text` to *out, sorted by (start, pattern).
  // REQUIRES: Compile() succeeded.
  void FindAll(std::string_view text, Mode mode, std::vector<PatternMatch>* out) const;
  // Matches of pattern `index` alone (used by rule examples).
  void FindOne(std::string_view text, int index, std::vector<PatternMatch>* out) const;

  int size() const { return static_cast<int>(patterns_.size()); }
  const RE2& pattern(int i) const { return *patterns_[i].re; }
  int rule_of(int i) const { return patterns_[i].rule; }

 private:
  struct Entry {
    std::unique_ptr<RE2> re;
    int rule;
  };
  RE2::Options options_;
  std::vector<Entry> patterns_;
  std::unique_ptr<RE2::Set> set_;
};

}  // namespace threadlens::stance
