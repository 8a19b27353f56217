// PatternBank: every pattern of a rule set, matched in one pass.
//
//   PatternBank bank;
//   bank.Add("\\bbubble\\b", /*rule=*/7, &error);   // per pattern; error names what is wrong
//   bank.Compile(&error);
//   std::vector<int> hits;
//   bank.Occurring(sentence, PatternBank::kSet, &hits);    // which patterns occur: one pass
//   bank.FindOne(sentence, hits[0], base, &matches);       // where one of them occurs
//
// The fast path runs RE2::Sets over the text to learn which patterns occur in it (the patterns
// are split into sets of kShardSize: one set of hundreds of patterns with word gaps has a DFA
// whose states multiply until it runs out of memory on every call); callers
// then locate just the ones they need with the pattern's own RE2. The reference path (kReference)
// asks every pattern's own RE2 instead; tests check that both give the same answer. FindOne
// reports leftmost-first, non-overlapping, non-empty matches. All patterns are compiled
// case-insensitive (a pattern may say `(?-i)`); matching is linear in the text whatever the
// patterns are (RE2), and memory per pattern is bounded (kPatternMaxMem).
//
// Immutable after Compile(); Occurring and FindOne are const and safe to call from many threads
// at once (RE2 objects are thread-safe; their DFA caches are shared and locked internally).
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

  // Replaces *out with the indices of the patterns that have a non-empty match in `text`,
  // ascending. REQUIRES: Compile() succeeded.
  void Occurring(std::string_view text, Mode mode, std::vector<int>* out) const;
  // Appends the matches of pattern `index` in `text` to *out, with `base` added to the offsets
  // (for a sentence of a larger text).
  void FindOne(std::string_view text, int index, int base, std::vector<PatternMatch>* out) const;

  int size() const { return static_cast<int>(patterns_.size()); }
  const RE2& pattern(int i) const { return *patterns_[i].re; }
  int rule_of(int i) const { return patterns_[i].rule; }

 private:
  struct Entry {
    std::unique_ptr<RE2> re;
    int rule;
  };
  // Patterns [first, first + count) in one RE2::Set.
  struct Shard {
    std::unique_ptr<RE2::Set> set;
    int first = 0, count = 0;
  };
  // Appends to *out the patterns of `shard` that occur in `text`, asked one by one.
  void OccurringOneByOne(std::string_view text, int first, int count, std::vector<int>* out) const;

  RE2::Options options_;
  std::vector<Entry> patterns_;
  std::vector<Shard> shards_;
};

}  // namespace threadlens::stance
