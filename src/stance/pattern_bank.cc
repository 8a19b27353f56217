#include "stance/pattern_bank.h"

#include <algorithm>

namespace threadlens::stance {
namespace {

// One pattern may use this much memory: generous for word lists of a few hundred items, small
// enough that a hostile rule file cannot exhaust memory.
constexpr int64_t kPatternMaxMem = 64 << 20;
// The patterns go into RE2::Sets of at most this many. A Set's DFA state is the set of patterns
// still partly matched, so its states multiply with patterns that have gaps ("(?:\w+\s+){0,3}",
// "[^.?!]*"); one Set of ~1,000 such patterns ran out of DFA memory on most texts (and then every
// pattern was asked alone), where sets of 64 stay small and warm: 4x less CPU on a 200k ingest.
constexpr int kShardSize = 64;
// Each Set's DFA cache is shared by every thread that classifies; when it still runs out, RE2
// reports it and that shard's patterns are asked one by one (the kReference answer).
constexpr int64_t kSetMaxMem = 32 << 20;

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
  for (int first = 0; first < size(); first += kShardSize) {
    Shard shard;
    shard.first = first;
    shard.count = std::min(kShardSize, size() - first);
    shard.set = std::make_unique<RE2::Set>(so, RE2::UNANCHORED);
    for (int i = first; i < first + shard.count; ++i) {
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

void PatternBank::OccurringOneByOne(std::string_view text, int first, int count,
                                    std::vector<int>* out) const {
  std::vector<PatternMatch> m;
  for (int i = first; i < first + count; ++i) {
    m.clear();
    FindOne(text, i, 0, &m);
    if (!m.empty()) out->push_back(i);
  }
}

void PatternBank::Occurring(std::string_view text, Mode mode, std::vector<int>* out) const {
  out->clear();
  if (mode != kSet) {
    OccurringOneByOne(text, 0, size(), out);
    return;
  }
  re2::StringPiece in(text.data(), text.size());
  std::vector<int> hits;
  for (const Shard& shard : shards_) {
    RE2::Set::ErrorInfo info;
    hits.clear();
    if (shard.set->Match(in, &hits, &info)) {  // no pattern can match empty (Add refuses them)
      std::sort(hits.begin(), hits.end());
      for (int h : hits) out->push_back(shard.first + h);
    } else if (info.kind != RE2::Set::kNoError) {
      // DFA out of memory: this shard's patterns one by one give the same answer.
      OccurringOneByOne(text, shard.first, shard.count, out);
    }
  }
}

}  // namespace threadlens::stance
