// Lexicon: a topic's learnt word and bigram weights, the fallback for comments the rules find on
// topic but cannot place on a side (rules/README.md "Lexical fallback").
//
//   rules/topics/hype.lexicon         (written by tools/stance/learn_lexicon.py)
//     # how it was made …
//     topic: hype
//     bias_a: -1.2                    <- per pole: its score with no term at all
//     bias_b: -1.1
//     threshold: 0                    <- a pole's score needed to take its side
//     bubble 0.91 -0.40               <- term, then its weight for pole_a and for pole_b
//     dot com 0.63 -0.12              <- a bigram: two tokens, one space, then the two weights
//
// A pole's score is its bias plus the weights of the distinct terms present: the log-odds of
// that pole against "neither" (no side on the topic, or about something else) in a logistic
// regression (tools/stance/learn_lexicon.py). Positive weights say "this pole", negative "not".
//
//   Lexicon lex;
//   Status st = Lexicon::Parse("topics/hype.lexicon", text, &lex);   // "…:12: bad weight …"
//   LexiconVote v = lex.Score(text, own_spans);   // per pole, the sum over the words in the spans
//
// Tokens are what the learner's tokenizer produces, byte for byte (the two must agree): runs of
// ASCII letters and digits (lower-cased) and non-ASCII characters other than punctuation; an
// apostrophe (' or ’) between two word characters is dropped ("don't" -> "dont"); everything
// else separates tokens, and a separator holding . ! ? or a line break also ends a bigram run.
// A term is found by one hash lookup per token and per bigram (open addressing, 64-bit FNV-1a;
// load refuses two terms with equal hashes). Immutable once parsed; share between threads
// (Score's scratch space is thread_local).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "stance/text_units.h"

namespace threadlens::stance {

struct Topic;

struct LexiconVote {
  // Per pole ([0] pole_a, [1] pole_b): the sum of the weights of the distinct terms found,
  // divided by (tokens ^ length_power), plus the pole's bias.
  double score[2] = {0, 0};
  int tokens = 0;  // tokens looked at
  int terms = 0;   // distinct tokens and bigrams with weights
  // Per pole, the term with the largest positive weight for it (its first occurrence), or -1.
  int best_start[2] = {-1, -1}, best_end[2] = {-1, -1};
  double best_weight[2] = {0, 0};
};

class Lexicon {
 public:
  // Parses a .lexicon file. `location` names it in errors ("topics/hype.lexicon:7: …").
  static Status Parse(const std::string& location, std::string_view text, Lexicon* out);

  // Scores the words of `text` that lie inside `spans` (sorted, disjoint byte spans; a token
  // straddling a span's edge is cut to the part inside). Bigrams do not cross span edges.
  LexiconVote Score(std::string_view text, const std::vector<Span>& spans) const;

  const std::string& topic() const { return topic_; }
  const std::string& where() const { return where_; }
  size_t size() const { return terms_; }
  // Each pole's score with no term (headers `bias_a:`, `bias_b:`).
  double bias(int pole) const { return bias_[pole]; }
  // A pole's score (plus rule_weight x the rules' score towards it) at or above which the
  // fallback takes that side (header `threshold:`), when it leads the other pole's by `margin`.
  double threshold() const { return threshold_; }
  double margin() const { return margin_; }
  // The fallback only acts when the rules' own |score| is below this (header `max_rule_score:`,
  // default: any score the rules left neutral).
  double max_rule_score() const { return max_rule_score_; }
  // What the rules' score counts for when added to the lexicon's (header `rule_weight:`).
  double rule_weight() const { return rule_weight_; }
  // Score divisor exponent on the token count: 0 sums, 0.5 divides by sqrt(n), 1 averages.
  double length_power() const { return length_power_; }
  // Hash of a term as the tokenizer writes it ("dot com"), for tests.
  static uint64_t Hash(std::string_view term);

 private:
  bool Find(uint64_t key, size_t* slot) const;  // key: Hash() of a term
  Status Insert(uint64_t key, float wa, float wb);

  std::string topic_, where_;
  double bias_[2] = {0, 0};
  double threshold_ = 0, margin_ = 0, max_rule_score_ = 1e9, rule_weight_ = 1.0,
         length_power_ = 0;
  size_t terms_ = 0;
  // Open addressing with linear probing; key 0 = empty; size a power of two. Key and weights
  // share a slot, so a hit costs one cache line.
  struct Slot {
    uint64_t key = 0;
    float w[2] = {0, 0};  // pole_a, pole_b
  };
  std::vector<Slot> slots_;
  // One bit per 2^-16th of the hash space, set for every key in the table: most tokens are not
  // terms, and this turns them away from 8 KiB that stay in cache, where a probe of the table
  // (a few hundred KiB per topic) was a cache miss, ~40% of Score's time (perf annotate, 200k).
  static constexpr uint64_t kFilterBits = uint64_t{1} << 16;
  static uint64_t FilterBit(uint64_t key) { return (key >> 40) & (kFilterBits - 1); }
  std::vector<uint64_t> filter_;
};

// The fallback itself, called by the engine for a topic the rules found on topic but left
// neutral with `rule_score` — unless a cue of the commenter's own was hedged, asked or meant
// sarcastically (that neutral is the rules' answer); cues that tie or were conceded before a
// "but" leave it to the lexicon. The lexicon scores the commenter's own words: the sentences with
// on_topic[i] != 0, less the quoted (`hard`, merged) and reported spans. When the rules' |score|
// is below max_rule_score and a pole's total (its lexicon score + rule_weight x the rules' score
// towards it) reaches the threshold and leads the other's by the margin, sets out's stance,
// score (+/- that total) and a low confidence (at most kLexiconMaxConfidence),
// appends an evidence row "<topic>.lexicon" (flag `lexicon`, span: the term that weighed most
// that way) and returns true. Otherwise leaves *out alone and returns false. Thread-safe.
inline constexpr double kLexiconMaxConfidence = 0.5;
bool DecideByLexicon(const Topic& topic, std::string_view text, const std::vector<Span>& sentences,
                     const char* on_topic, const std::vector<Span>& hard,
                     const std::vector<std::pair<Span, int>>& reported, double rule_score,
                     StanceResult* out, std::string* why);

}  // namespace threadlens::stance
