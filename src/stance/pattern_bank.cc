#include "stance/pattern_bank.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "stance/call_stamps.h"

namespace threadlens::stance {
namespace {

// One pattern may use this much memory: generous for word lists of a few hundred items, small
// enough that a hostile rule file cannot exhaust memory.
constexpr int64_t kPatternMaxMem = 64 << 20;
// A Set's DFA state is the set of patterns still partly matched. For patterns without gaps
// (word lists, fixed phrases) and the prefilter's literal words that is bounded like a trie's
// nodes, so thousands share one Set (the shipped rules: ~7,000 alternatives and atoms, one Set,
// one pass per sentence).
// Patterns with gaps ("(?:\w+\s+){0,3}", "[^.?!]*") multiply the states: in one Set with the
// others they kept the DFA building states on every new text (a third of the speed on 200k
// distinct comments as on 20k seen twice), so they are asked alone, and only when the words
// they require occur (re2::FilteredRE2's prefilter).
constexpr int kShardSize = 16384;
// Each Set's DFA cache is shared by every thread that classifies; when it still runs out, RE2
// reports it and that shard's patterns are asked one by one (the kReference answer).
constexpr int64_t kSetMaxMem = 32 << 20;
// Words shorter than this are not prefilter atoms (a gapped pattern that requires only such
// words is asked everywhere). On 40k generated comments: 2 leaves ~62 atoms and 2 candidates a
// comment, 3 ~22 atoms and 4 candidates (fastest), 4 ~14 atoms and 22 candidates.
constexpr int kMinAtomLen = 3;
// Clauses kept per gapped alternative ("one of these words occurs"). An alternative that needs
// two words has two single-word clauses; more rarely narrow the candidates further.
constexpr int kMaxClauses = 3;
// Finding clauses takes time quadratic in an alternative's atoms; one with more (a gapped word
// list of thousands, as a hostile rule file may hold) gets none and is asked everywhere.
constexpr size_t kMaxClauseAtoms = 512;

// The top-level alternatives of `p` ("a|b(c|d)" → "a", "b(c|d)"; a group around the whole
// pattern is opened: "(?:a|b)" → "a", "b"), or just `p` when it has one or might not split
// safely (a flag group such as "(?i)" at top level reaches past "|", \Q…\E). A text has a
// match of `p` iff it has a match of one of them.
std::vector<std::string> SplitAlternatives(const std::string& p) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  size_t first_close = std::string::npos;  // where the first top-level group closes
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size() && (p[i + 1] == 'Q' || p[i + 1] == 'E')) return {p};
      ++i;
    } else if (c == '[') {  // a class: "[]a]", "[^]a]", "[\]]", "[[:alpha:]x]"
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      for (; j < p.size() && p[j] != ']'; ++j) {
        if (p[j] == '\\') {
          ++j;
        } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
          size_t e = p.find(":]", j + 2);
          if (e == std::string::npos) return {p};
          j = e + 1;
        }
      }
      if (j >= p.size()) return {p};
      i = j;
    } else if (c == '(') {
      if (depth == 0 && i + 2 < p.size() && p[i + 1] == '?' && p[i + 2] != ':') {
        size_t j = i + 2;  // "(?flags)" or "(?flags:…)"; named groups "(?P<n>…)" are fine
        while (j < p.size() && p[j] != ')' && p[j] != ':' && p[j] != '<') ++j;
        if (j >= p.size() || p[j] == ')') return {p};
      }
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return {p};
      if (depth == 0 && first_close == std::string::npos) first_close = i;
    } else if (c == '|' && depth == 0) {
      out.push_back(p.substr(start, i - start));
      start = i + 1;
    }
  }
  if (depth != 0) return {p};
  if (out.empty()) {
    if (p.size() > 4 && p.compare(0, 3, "(?:") == 0 && first_close == p.size() - 1)
      return SplitAlternatives(p.substr(3, p.size() - 4));
    return {p};
  }
  out.push_back(p.substr(start));
  return out;
}

// Clauses for the one pattern of `f` (compiled; its atoms `atoms`): sets of atom indices such
// that every text the pattern matches holds an atom of each. FilteredRE2 promises that the
// pattern is among AllPotentials(the atoms a text holds) when it matches; that answer only grows
// with more atoms. So a set C with AllPotentials(all atoms but C) empty is such a clause. Each is
// shrunk greedily (shortest atoms dropped first: short words are common). The next is sought
// among the atoms no clause holds yet; when those are no clause, because clauses share a word
// ("(?:valuations?|prices?)\s+(?:\w+\s+)?(?:implies|prices?\s+in)": "price" is in both), it
// is sought among all atoms but one of the first clause's, longest first, and kept when it is
// not a clause already found. Without that second search, a pattern like this one was asked
// on every sentence holding "price" or "market", whatever else it held (47% of the sentences of
// 200k generated comments; 21% after).
std::vector<std::vector<int>> Clauses(const re2::FilteredRE2& f,
                                      const std::vector<std::string>& atoms) {
  const int k = static_cast<int>(atoms.size());
  std::vector<int> order(k), present, out;
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return atoms[a].size() < atoms[b].size(); });
  std::vector<char> used(k, 0), in(k, 0);
  // True when no text holding only the atoms outside `in` can match.
  auto is_clause = [&] {
    present.clear();
    for (int i = 0; i < k; ++i)
      if (!in[i]) present.push_back(i);
    f.AllPotentials(present, &out);
    return out.empty();
  };
  // Shrinks `in` (a clause) greedily and returns it.
  auto shrink = [&] {
    for (int i : order) {
      if (!in[i]) continue;
      in[i] = 0;
      if (!is_clause()) in[i] = 1;
    }
    std::vector<int> clause;
    for (int i = 0; i < k; ++i)
      if (in[i]) clause.push_back(i);
    return clause;
  };
  std::vector<std::vector<int>> clauses;
  for (int c = 0; c < kMaxClauses; ++c) {
    std::vector<int> clause;
    for (int i = 0; i < k; ++i) in[i] = !used[i];
    if (is_clause()) {
      clause = shrink();
      if (clause.empty()) return {};  // nothing can match: no clause worth keeping
    } else if (!clauses.empty()) {
      std::vector<int> first = clauses[0];
      std::stable_sort(first.begin(), first.end(),
                       [&](int a, int b) { return atoms[a].size() > atoms[b].size(); });
      for (int without : first) {
        for (int i = 0; i < k; ++i) in[i] = i != without;
        if (!is_clause()) continue;
        std::vector<int> found = shrink();
        if (!found.empty() && std::find(clauses.begin(), clauses.end(), found) == clauses.end()) {
          clause = std::move(found);
          break;
        }
      }
    }
    if (clause.empty()) break;
    for (int i : clause) used[i] = 1;
    clauses.push_back(std::move(clause));
  }
  return clauses;
}

// True when `pattern` can skip over an unknown stretch of text — "(?:\w+\s+){0,3}", "[^.?!]*",
// ".*", "\S+". A syntactic test, deliberately broad: a pattern wrongly called gapped is only
// prefiltered instead of joining a Set, with the same answer. But a counted run of digits
// ("\d{2,}") is no gap, and calling it one cost dearly: a gapped pattern whose words are all
// shorter than kMinAtomLen ("p/e of \d{2,}") is asked alone on every sentence (0.4 of all the
// gapped patterns asked on 30k generated comments).
bool HasGap(const std::string& p) {
  static const RE2 kGap(R"(\[\^|\.[*+?{]|\\w[+*]\\s|\\S[+*])");
  if (RE2::PartialMatch(p, kGap)) return true;
  static const RE2 kCounted(R"((\\d)?\{\d*,\d*\})");  // "{m,n}", after "\d" or not
  re2::StringPiece rest(p), digits;
  while (RE2::FindAndConsume(&rest, kCounted, &digits))
    if (digits.empty()) return true;
  return false;
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

bool PatternBank::AddGapped(int pattern, const std::string& alternative,
                            std::vector<std::string>* atoms,
                            std::unordered_map<std::string, int>* ids, std::string* error) {
  Gapped g;
  g.pattern = pattern;
  g.filter = std::make_unique<re2::FilteredRE2>(kMinAtomLen);
  int id = -1;
  if (g.filter->Add(alternative, options_, &id) != RE2::NoError) {
    *error = "pattern prefilter: cannot add " + alternative;
    return false;
  }
  std::vector<std::string> own;
  g.filter->Compile(&own);
  std::vector<int> none, potential;
  g.filter->AllPotentials(none, &potential);
  // No clauses (asked everywhere) when it has no atoms of kMinAtomLen bytes it cannot do without
  // (or too many).
  if (potential.empty() && !own.empty() && own.size() <= kMaxClauseAtoms)
    g.clauses = Clauses(*g.filter, own);
  for (auto& clause : g.clauses)
    for (int& a : clause) {  // to the index of the atom among all alternatives' atoms
      auto [it, added] = ids->try_emplace(own[a], static_cast<int>(atoms->size()));
      if (added) atoms->push_back(own[a]);
      a = it->second;
    }
  gapped_.push_back(std::move(g));
  return true;
}

bool PatternBank::Compile(std::string* error) {
  RE2::Options so = options_;
  so.set_max_mem(kSetMaxMem);
  shards_.clear();
  gapped_.clear();
  always_.clear();
  by_atom_.clear();
  atom_count_ = 0;
  // Gap-free alternatives share RE2::Sets; alternatives with word gaps go through the prefilter.
  std::vector<std::pair<std::string, int>> gap_free;  // alternative, pattern
  std::vector<std::string> atoms;
  std::unordered_map<std::string, int> atom_ids;
  // Every pattern is split into its alternatives, gapped or not: a Set holding a pattern
  // "(?:\bx|\by)" whole cannot merge its start with the other patterns' (RE2 factors common
  // prefixes only across the Set's own alternatives), and each state of the DFA carries every
  // start that was not merged. Split, the Set's first pass over 200k generated comments took
  // 0.70 s of CPU instead of 0.93 (the DFA builds fewer, smaller states); later passes the same.
  for (int i = 0; i < size(); ++i) {
    const std::string& p = patterns_[i].re->pattern();
    std::vector<std::string> alternatives = SplitAlternatives(p);
    // Each alternative must parse alone; if one does not (the split misread the pattern), the
    // pattern is asked whole. A Set's Add only parses: compiling each of the ~5,000 alternatives
    // as an RE2 to check it added 0.09 s to every start.
    const bool whole =
        alternatives.size() > 1 &&
        std::any_of(alternatives.begin(), alternatives.end(), [&](const std::string& a) {
          return RE2::Set(options_, RE2::UNANCHORED).Add(a, nullptr) < 0;
        });
    if (whole) alternatives = {p};
    for (const std::string& a : alternatives) {
      if (!HasGap(a)) {
        gap_free.push_back({a, i});
      } else if (!AddGapped(i, a, &atoms, &atom_ids, error)) {
        return false;
      }
    }
  }
  // The atoms join the Sets (quoted: literal words), as member -1 - index.
  atom_count_ = static_cast<int>(atoms.size());
  atoms_ = atoms;
  for (int a = 0; a < atom_count_; ++a) gap_free.push_back({RE2::QuoteMeta(atoms[a]), -1 - a});
  by_atom_.assign(atom_count_, {});
  for (int g = 0; g < static_cast<int>(gapped_.size()); ++g) {
    if (gapped_[g].clauses.empty()) always_.push_back(g);
    else
      for (int a : gapped_[g].clauses[0]) by_atom_[a].push_back(g);
  }
  for (size_t first = 0; first < gap_free.size(); first += kShardSize) {
    Shard shard;
    size_t last = std::min(gap_free.size(), first + kShardSize);
    shard.set = std::make_unique<RE2::Set>(so, RE2::UNANCHORED);
    for (size_t k = first; k < last; ++k) {
      std::string err;
      if (shard.set->Add(gap_free[k].first, &err) < 0) {
        *error = "pattern set: " + err;
        return false;
      }
      shard.members.push_back(gap_free[k].second);
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

void PatternBank::OccurringOneByOne(std::string_view text, const std::vector<int>& members,
                                    std::vector<int>* out) const {
  std::vector<PatternMatch> m;
  for (int i : members) {
    m.clear();
    FindOne(text, i, 0, &m);
    if (!m.empty()) out->push_back(i);
  }
}

std::vector<std::vector<std::string>> PatternBank::gapped_clauses(int g) const {
  std::vector<std::vector<std::string>> out;
  for (const auto& clause : gapped_[g].clauses) {
    out.emplace_back();
    for (int a : clause) out.back().push_back(atoms_[a]);
  }
  return out;
}

void PatternBank::Occurring(std::string_view text, Mode mode, std::vector<int>* out,
                            std::vector<int>* asked) const {
  out->clear();
  if (asked) asked->clear();
  if (mode != kSet) {
    std::vector<int> all(size());
    for (int i = 0; i < size(); ++i) all[i] = i;
    OccurringOneByOne(text, all, out);
    return;
  }
  re2::StringPiece in(text.data(), text.size());
  thread_local std::vector<int> hits, atoms, candidates;
  thread_local std::vector<char> present;
  atoms.clear();
  bool every_gapped = false;  // a Set that holds atoms could not say which occur
  for (const Shard& shard : shards_) {
    RE2::Set::ErrorInfo info;
    hits.clear();
    if (shard.set->Match(in, &hits, &info)) {  // no pattern can match empty (Add refuses them)
      for (int h : hits) {
        int m = shard.members[h];
        if (m >= 0) out->push_back(m);
        else atoms.push_back(-1 - m);
      }
    } else if (info.kind != RE2::Set::kNoError) {
      // DFA out of memory: this shard's patterns one by one give the same answer, and every
      // gapped alternative is a candidate.
      std::vector<int> members;
      for (int m : shard.members)
        if (m >= 0) members.push_back(m);
        else every_gapped = true;
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
      OccurringOneByOne(text, members, out);
    }
  }
  // The gapped alternatives whose clauses all hold an atom that occurs (the atoms are matched
  // case-insensitively: at least what FilteredRE2's search of the lowercased text would find).
  candidates.clear();
  if (every_gapped) {
    for (int g = 0; g < static_cast<int>(gapped_.size()); ++g) candidates.push_back(g);
  } else if (!gapped_.empty()) {
    candidates = always_;
    present.resize(atom_count_);
    for (int a : atoms) present[a] = 1;
    // An alternative is listed under every atom of its first clause: each is judged once per
    // call, and a clause is satisfied by its first atom present.
    thread_local CallStamps judged;
    judged.Begin(gapped_.size());
    for (int a : atoms)
      for (int g : by_atom_[a]) {
        if (!judged.Mark(g)) continue;
        bool may = true;
        for (size_t c = 1; c < gapped_[g].clauses.size() && may; ++c)
          may = std::any_of(gapped_[g].clauses[c].begin(), gapped_[g].clauses[c].end(),
                            [&](int b) { return present[b] != 0; });
        if (may) candidates.push_back(g);
      }
    for (int a : atoms) present[a] = 0;
    std::sort(candidates.begin(), candidates.end());  // asked in the alternatives' order
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  if (asked) *asked = candidates;
  for (int c : candidates)
    if (gapped_[c].filter->GetRE2(0).Match(in, 0, text.size(), RE2::UNANCHORED, nullptr, 0))
      out->push_back(gapped_[c].pattern);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace threadlens::stance
