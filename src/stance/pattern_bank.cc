#include "stance/pattern_bank.h"

#include <algorithm>

namespace threadlens::stance {
namespace {

// One pattern may use this much memory: generous for word lists of a few hundred items, small
// enough that a hostile rule file cannot exhaust memory.
constexpr int64_t kPatternMaxMem = 64 << 20;
// A Set's DFA state is the set of patterns still partly matched. For patterns without gaps
// (word lists, fixed phrases) that is bounded like a trie's nodes, so hundreds share one Set.
// Patterns with gaps ("(?:\w+\s+){0,3}", "[^.?!]*") multiply the states: in one Set with the
// others they kept the DFA building states on every new text (a third of the speed on 200k
// distinct comments as on 20k seen twice), so they are asked alone, and only when the words
// they require occur (re2::FilteredRE2's prefilter).
constexpr int kShardSize = 1024;
// Each Set's DFA cache is shared by every thread that classifies; when it still runs out, RE2
// reports it and that shard's patterns are asked one by one (the kReference answer).
constexpr int64_t kSetMaxMem = 32 << 20;
// Words shorter than this are not prefilter atoms (a gapped pattern that requires only such
// words is asked everywhere). On 40k generated comments: 2 leaves ~62 atoms and 2 candidates a
// comment, 3 ~22 atoms and 4 candidates (fastest), 4 ~14 atoms and 22 candidates.
constexpr int kMinAtomLen = 3;

// True when `pattern` can skip over an unknown stretch of text — "(?:\w+\s+){0,3}", "[^.?!]*",
// ".*", "\S+". A syntactic test, deliberately broad: a pattern wrongly called gapped is only
// prefiltered instead of joining a Set, with the same answer.
bool HasGap(const std::string& p) {
  static const RE2 kGap(R"(\{\d*,\d*\}|\[\^|\.[*+?{]|\\w[+*]\\s|\\S[+*])");
  return RE2::PartialMatch(p, kGap);
}

// True when `re` can match the empty string somewhere. Whether it can depends only on the
// context of the position (text start or end, word or non-word bytes either side), and these
// probes hold every such context. Refusing such patterns keeps "the Set says it occurs" and
// "FindOne finds a non-empty match" the same statement.
bool CanMatchEmpty(const RE2& re) {
  static const char* kProbes[] = {"", "a", " ", "aa", "a a", " a ", ".", "a.", "\n", "a\nb"};
  for (const char* probe : kProbes) {
    re2::StringPiece text(probe);
    for (size_t pos = 0; pos <= text.size(); ++pos)
      if (re.Match(text, pos, pos, RE2::ANCHOR_BOTH, nullptr, 0)) return true;
  }
  return false;
}

}  // namespace

PatternBank::PatternBank() {
  options_.set_case_sensitive(false);
  options_.set_log_errors(false);
  options_.set_max_mem(kPatternMaxMem);
}

int PatternBank::Add(const std::string& pattern, int rule, std::string* error) {
  auto re = std::make_unique<RE2>(pattern, options_);
  if (!re->ok()) {
    *error = "bad pattern: " + re->error();
    return -1;
  }
  if (CanMatchEmpty(*re)) {
    *error = "pattern can match the empty text: " + pattern;
    return -1;
  }
  patterns_.push_back({std::move(re), rule});
  return static_cast<int>(patterns_.size()) - 1;
}

bool PatternBank::Compile(std::string* error) {
  RE2::Options so = options_;
  so.set_max_mem(kSetMaxMem);
  shards_.clear();
  gapped_.clear();
  filter_ = std::make_unique<re2::FilteredRE2>(kMinAtomLen);
  atoms_.reset();
  // Gap-free patterns share RE2::Sets; patterns with word gaps go through the prefilter.
  std::vector<int> gap_free;
  for (int i = 0; i < size(); ++i) {
    if (!HasGap(patterns_[i].re->pattern())) {
      gap_free.push_back(i);
      continue;
    }
    int id = -1;
    if (filter_->Add(patterns_[i].re->pattern(), options_, &id) != RE2::NoError) {
      *error = "pattern prefilter: cannot add " + patterns_[i].re->pattern();
      return false;
    }
    gapped_.push_back(i);  // FilteredRE2 numbers its patterns 0, 1, … in the order added
  }
  for (size_t first = 0; first < gap_free.size(); first += kShardSize) {
    Shard shard;
    size_t last = std::min(gap_free.size(), first + kShardSize);
    shard.members.assign(gap_free.begin() + first, gap_free.begin() + last);
    shard.set = std::make_unique<RE2::Set>(so, RE2::UNANCHORED);
    for (int i : shard.members) {
      std::string err;
      if (shard.set->Add(patterns_[i].re->pattern(), &err) < 0) {  // each RE2 parsed already
        *error = "pattern set: " + err;
        return false;
      }
    }
    if (!shard.set->Compile()) {
      *error = "the rules' patterns together are too large to compile (RE2 memory limit)";
      return false;
    }
    shards_.push_back(std::move(shard));
  }
  if (gapped_.empty()) return true;
  std::vector<std::string> atoms;
  filter_->Compile(&atoms);
  if (atoms.empty()) return true;  // every gapped pattern is then a candidate everywhere
  atoms_ = std::make_unique<RE2::Set>(so, RE2::UNANCHORED);
  for (const std::string& atom : atoms) {
    std::string err;
    if (atoms_->Add(RE2::QuoteMeta(atom), &err) < 0) {
      *error = "pattern prefilter: " + err;
      return false;
    }
  }
  if (!atoms_->Compile()) {
    *error = "the rules' patterns together are too large to compile (RE2 memory limit)";
    return false;
  }
  return true;
}

void PatternBank::FindOne(std::string_view text, int index, int base,
                          std::vector<PatternMatch>* out) const {
  const RE2& re = *patterns_[index].re;
  re2::StringPiece in(text.data(), text.size()), m;
  size_t pos = 0;
  while (pos <= text.size() && re.Match(in, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t s = static_cast<size_t>(m.data() - text.data());
    size_t e = s + m.size();
    if (e == s) {  // an empty match (e.g. "\bx?"): step over one byte and look again
      pos = s + 1;
      continue;
    }
    out->push_back({index, patterns_[index].rule, base + static_cast<int>(s),
                    base + static_cast<int>(e)});
    pos = e;
  }
}

void PatternBank::OccurringOneByOne(std::string_view text, const std::vector<int>& members,
                                    std::vector<int>* out) const {
  std::vector<PatternMatch> m;
  for (int i : members) {
    m.clear();
    FindOne(text, i, 0, &m);
    if (!m.empty()) out->push_back(i);
  }
}

void PatternBank::Prefilter(std::string_view text, std::vector<int>* candidates) const {
  candidates->clear();
  if (gapped_.empty()) return;
  // The prefilter's atoms are lower case: matching them case-insensitively finds at least what
  // a search of the lowercased text (FilteredRE2's contract) would find.
  thread_local std::vector<int> atoms;
  atoms.clear();
  RE2::Set::ErrorInfo info;
  re2::StringPiece in(text.data(), text.size());
  if (atoms_ && !atoms_->Match(in, &atoms, &info) && info.kind != RE2::Set::kNoError) {
    *candidates = gapped_;  // DFA out of memory: every gapped pattern is a candidate
    return;
  }
  filter_->AllPotentials(atoms, candidates);
  for (int& c : *candidates) c = gapped_[c];
  std::sort(candidates->begin(), candidates->end());
}

void PatternBank::Occurring(std::string_view text, Mode mode, const std::vector<int>* candidates,
                            std::vector<int>* out) const {
  out->clear();
  if (mode != kSet) {
    std::vector<int> all(size());
    for (int i = 0; i < size(); ++i) all[i] = i;
    OccurringOneByOne(text, all, out);
    return;
  }
  re2::StringPiece in(text.data(), text.size());
  thread_local std::vector<int> hits;
  for (const Shard& shard : shards_) {
    RE2::Set::ErrorInfo info;
    hits.clear();
    if (shard.set->Match(in, &hits, &info)) {  // no pattern can match empty (Add refuses them)
      for (int h : hits) out->push_back(shard.members[h]);
    } else if (info.kind != RE2::Set::kNoError) {
      // DFA out of memory: this shard's patterns one by one give the same answer.
      OccurringOneByOne(text, shard.members, out);
    }
  }
  thread_local std::vector<int> own;
  if (!candidates) {
    Prefilter(text, &own);
    candidates = &own;
  }
  for (int c : *candidates)
    if (patterns_[c].re->Match(in, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) out->push_back(c);
  std::sort(out->begin(), out->end());
}

}  // namespace threadlens::stance
