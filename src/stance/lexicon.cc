#include "stance/lexicon.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "stance/call_stamps.h"
#include "stance/ruleset.h"

namespace threadlens::stance {
namespace {

constexpr uint64_t kFnvBasis = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;
inline uint64_t Step(uint64_t h, unsigned char c) { return (h ^ c) * kFnvPrime; }
// A slot's key: the hash with its low bit cleared (the bit says "first word of a listed bigram",
// kHead); 0 marks an empty slot.
constexpr uint64_t kHead = 1;
inline uint64_t Key(uint64_t h) {
  h &= ~kHead;
  return h == 0 ? 2 : h;
}

// Largest |weight| a term may carry, and most terms a file may hold.
constexpr double kMaxWeight = 100;
constexpr size_t kMaxTerms = 1 << 20;

enum CharKind { kWord, kApostrophe, kSep, kBreak };

// Kind and byte length of the character at text[i] (the tokenizer of tools/stance/
// learn_lexicon.py, which must agree byte for byte).
constexpr std::array<unsigned char, 128> kAscii = [] {
  std::array<unsigned char, 128> t{};
  for (int c = 0; c < 128; ++c) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    t[c] = word ? kWord
           : c == '\'' ? kApostrophe
           : (c == '.' || c == '!' || c == '?' || c == '\n') ? kBreak
                                                            : kSep;
  }
  return t;
}();

inline CharKind Classify(std::string_view text, size_t i, int* len) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return static_cast<CharKind>(kAscii[c]);
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + n > text.size()) n = static_cast<int>(text.size() - i);
  *len = n;
  auto at = [&](int k) { return static_cast<unsigned char>(text[i + k]); };
  if (n == 2 && c == 0xC2 && at(1) >= 0x80 && at(1) <= 0xBF) return kSep;  // nbsp, « » ¡ ¿ …
  if (n == 3 && c == 0xE2 && (at(1) == 0x80 || at(1) == 0x81)) {  // general punctuation
    if (at(1) == 0x80 && at(2) == 0x99) return kApostrophe;          // ’
    if (at(1) == 0x80 && at(2) == 0xA6) return kBreak;               // …
    return kSep;
  }
  return kWord;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool ParseNumber(std::string_view s, double* out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  auto r = std::from_chars(b, e, *out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(*out);
}

// Calls f(hash, bigram_hash, start, end, joins) for each token of text[from, to) (text ends at
// `to` for the purpose of classifying characters). `hash` is the token's FNV-1a state (not yet
// Key()ed); `bigram_hash` is that of "<previous token> <token>", meaningful when `joins`: there
// is a previous token and no . ! ? … or line break between the two.
template <typename F>
void Tokens(std::string_view text, int from, int to, F f) {
  text = text.substr(0, to);
  size_t i = from;
  bool in_word = false, have_prev = false, broken = false, joins = false;
  uint64_t h = kFnvBasis, bh = 0, prev = 0;
  int start = 0;
  auto flush = [&](size_t at) {
    if (!in_word) return;
    f(h, bh, start, static_cast<int>(at), joins);
    in_word = false;
    have_prev = true;
    broken = false;
    prev = h;
  };
  while (i < text.size()) {
    int len = 1;
    CharKind k = Classify(text, i, &len);
    if (k == kApostrophe && in_word && i + len < text.size()) {
      int next_len = 1;
      if (Classify(text, i + len, &next_len) == kWord) {  // "don't": dropped, the word goes on
        i += len;
        continue;
      }
    }
    if (k == kWord) {
      if (!in_word) {
        in_word = true;
        h = kFnvBasis;
        joins = have_prev && !broken;
        bh = Step(prev, ' ');
        start = static_cast<int>(i);
      }
      for (int b = 0; b < len; ++b) {
        auto c = static_cast<unsigned char>(text[i + b]);
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
        h = Step(h, c);
        bh = Step(bh, c);
      }
    } else {
      flush(i);
      if (k == kBreak) broken = true;
    }
    i += len;
  }
  flush(text.size());
}

}  // namespace

uint64_t Lexicon::Hash(std::string_view term) {
  uint64_t h = kFnvBasis;
  for (char ch : term) h = Step(h, static_cast<unsigned char>(ch));
  return Key(h);
}

bool Lexicon::Find(uint64_t key, size_t* slot) const {
  if (slots_.empty()) return false;
  const uint64_t bit = FilterBit(key);
  if (!((filter_[bit >> 6] >> (bit & 63)) & 1)) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t s = (key >> 1) & mask;; s = (s + 1) & mask) {
    if ((slots_[s].key & ~kHead) == key) {
      *slot = s;
      return true;
    }
    if (slots_[s].key == 0) return false;
  }
}

Status Lexicon::Insert(uint64_t key, float wa, float wb) {
  size_t slot;
  if (Find(key, &slot)) return Status::Error("hash collision");
  const size_t mask = slots_.size() - 1;
  for (size_t s = (key >> 1) & mask;; s = (s + 1) & mask) {
    if (slots_[s].key == 0) {
      slots_[s] = {key, {wa, wb}};
      const uint64_t bit = FilterBit(key);
      filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
      ++terms_;
      return Status::Ok();
    }
  }
}

Status Lexicon::Parse(const std::string& location, std::string_view text, Lexicon* out) {
  *out = Lexicon();
  out->where_ = location;
  struct Term {
    std::string text;
    double wa, wb;
    int line;
  };
  std::vector<Term> terms;
  std::unordered_map<std::string, int> seen;  // term -> line
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    std::string at = location + ":" + std::to_string(line_no) + ": ";
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t b = line.find_first_not_of(" \t");
    if (b == line.npos || line[b] == '#') continue;
    line = line.substr(b, line.find_last_not_of(" \t") - b + 1);
    // Fields separated by spaces or tabs.
    std::vector<std::string_view> fields;
    for (size_t i = 0; i < line.size();) {
      size_t j = line.find_first_of(" \t", i);
      if (j == line.npos) j = line.size();
      fields.push_back(line.substr(i, j - i));
      i = line.find_first_not_of(" \t", j);
      if (i == line.npos) break;
    }
    if (fields[0].size() > 1 && fields[0].back() == ':') {  // header "key: value"
      std::string_view key = fields[0].substr(0, fields[0].size() - 1);
      std::string value(line.substr(fields[0].size()));
      value.erase(0, value.find_first_not_of(" \t"));
      if (!terms.empty())
        return Status::Error(at + "header key '" + std::string(key) +
                             "' after the first term (header lines come first)");
      auto number = [&](double* v, double lo, double hi) {
        if (!ParseNumber(value, v) || *v < lo || *v > hi)
          return Status::Error(at + std::string(key) + " must be a number in [" +
                               Fmt(lo) + ", " + Fmt(hi) + "], got '" + value + "'");
        return Status::Ok();
      };
      if (key == "topic") {
        out->topic_ = value;
      } else if (key == "threshold") {
        TL_RETURN_IF_ERROR(number(&out->threshold_, -100, 100));
      } else if (key == "bias_a") {
        TL_RETURN_IF_ERROR(number(&out->bias_[0], -100, 100));
      } else if (key == "bias_b") {
        TL_RETURN_IF_ERROR(number(&out->bias_[1], -100, 100));
      } else if (key == "margin") {
        TL_RETURN_IF_ERROR(number(&out->margin_, 0, 100));
      } else if (key == "max_rule_score") {
        TL_RETURN_IF_ERROR(number(&out->max_rule_score_, 0, 1e9));
      } else if (key == "rule_weight") {
        TL_RETURN_IF_ERROR(number(&out->rule_weight_, 0, 10));
      } else if (key == "length_power") {
        TL_RETURN_IF_ERROR(number(&out->length_power_, 0, 1));
      } else if (key == "about" || key == "method" || key == "trained_on" || key == "made_by") {
        continue;
      } else {
        return Status::Error(at + "unknown header key '" + std::string(key) +
                             "' (expected topic, bias_a, bias_b, threshold, margin, "
                             "max_rule_score, rule_weight, length_power, about, method, "
                             "trained_on, made_by)");
      }
      continue;
    }
    if (fields.size() < 3 || fields.size() > 4)
      return Status::Error(at + "expected 'term weight_a weight_b' (a word or two, then two "
                           "numbers), got '" + std::string(line) + "'");
    double w[2];
    for (int k = 0; k < 2; ++k) {
      std::string_view f = fields[fields.size() - 2 + k];
      if (!ParseNumber(f, &w[k]) || std::fabs(w[k]) > kMaxWeight)
        return Status::Error(at + "bad weight '" + std::string(f) +
                             "' (a number in [-100, 100])");
    }
    std::string term;
    for (size_t f = 0; f + 2 < fields.size(); ++f) {
      // Exactly what the tokenizer makes of some text: word characters, ASCII in lower case.
      bool ok = true;
      for (size_t i = 0; i < fields[f].size() && ok;) {
        int len = 1;
        auto c = static_cast<unsigned char>(fields[f][i]);
        ok = Classify(fields[f], i, &len) == kWord && !(c >= 'A' && c <= 'Z');
        i += len;
      }
      if (!ok)
        return Status::Error(at + "term '" + std::string(fields[f]) +
                             "' is not one lower-case token as the tokenizer reads it "
                             "(letters and digits; no punctuation or apostrophe)");
      if (!term.empty()) term += ' ';
      term += fields[f];
    }
    if (auto [it, fresh] = seen.emplace(term, line_no); !fresh)
      return Status::Error(at + "term '" + term + "' is listed twice (first on line " +
                           std::to_string(it->second) + ")");
    if (terms.size() >= kMaxTerms)
      return Status::Error(at + "too many terms (at most " + std::to_string(kMaxTerms) + ")");
    terms.push_back({std::move(term), w[0], w[1], line_no});
  }
  if (out->topic_.empty())
    return Status::Error(location + ":1: a lexicon needs a 'topic:' header line");
  // A power of two, at most half full (terms, and the bigram heads not listed as terms): short
  // probe chains for the many words that are not in the lexicon.
  size_t cap = 16;
  while (cap < terms.size() * 2 * 2) cap *= 2;
  out->slots_.assign(cap, Slot{});
  out->filter_.assign(kFilterBits / 64, 0);
  for (const Term& t : terms) {
    Status st = out->Insert(Hash(t.text), static_cast<float>(t.wa), static_cast<float>(t.wb));
    if (!st.ok())
      return Status::Error(location + ":" + std::to_string(t.line) + ": term '" + t.text +
                           "' has the same 64-bit hash as an earlier term; drop one");
  }
  // Mark the first word of every bigram, so Score looks a bigram up only after such a word
  // (a head that is not a term itself gets a slot with no weight).
  for (const Term& t : terms) {
    size_t space = t.text.find(' ');
    if (space == std::string::npos) continue;
    uint64_t head = Hash(t.text.substr(0, space));
    size_t slot;
    if (!out->Find(head, &slot)) {
      TL_RETURN_IF_ERROR(out->Insert(head, 0, 0));
      --out->terms_;
      out->Find(head, &slot);
    }
    out->slots_[slot].key |= kHead;
  }
  return Status::Ok();
}

LexiconVote Lexicon::Score(std::string_view text, const std::vector<Span>& spans) const {
  LexiconVote v;
  // Each term counts once however often it occurs (the weights were learnt over the terms
  // present in a comment, not their counts): a slot is stamped with this call's number when
  // first found. Per thread, so no state is shared.
  thread_local CallStamps seen;
  seen.Begin(slots_.size());
  auto found = [&](size_t slot, int s, int e) {
    const float* w = slots_[slot].w;
    if ((w[0] == 0 && w[1] == 0) || !seen.Mark(slot)) return;  // only a bigram head, or seen
    ++v.terms;
    for (int k = 0; k < 2; ++k) {
      v.score[k] += w[k];
      if (w[k] > v.best_weight[k]) v.best_weight[k] = w[k], v.best_start[k] = s, v.best_end[k] = e;
    }
  };
  for (const Span& sp : spans) {
    int from = std::max(0, sp.start), to = std::min(static_cast<int>(text.size()), sp.end);
    if (from >= to) continue;
    int prev_start = 0;
    bool prev_head = false;  // the previous token starts a listed bigram
    Tokens(text, from, to, [&](uint64_t h, uint64_t bh, int s, int e, bool joins) {
      ++v.tokens;
      size_t slot;
      bool head = false;
      if (Find(Key(h), &slot)) {
        found(slot, s, e);
        head = slots_[slot].key & kHead;
      }
      if (joins && prev_head && Find(Key(bh), &slot)) found(slot, prev_start, e);
      prev_start = s;
      prev_head = head;
    });
  }
  if (v.tokens > 0 && length_power_ > 0)
    for (double& x : v.score) x /= std::pow(v.tokens, length_power_);
  for (int k = 0; k < 2; ++k) v.score[k] += bias_[k];
  return v;
}

namespace {
// The least confidence of a side taken by the lexicon, and what the margin adds up to
// kLexiconMaxConfidence: a learnt lean is weaker evidence than a rule that names the argument.
constexpr double kLexiconMinConfidence = 0.3;
// Log-odds above the threshold at which the margin term reaches 1 - 1/e (odds of e^2 : 1).
constexpr double kLexiconMarginScale = 2.0;
}  // namespace

bool DecideByLexicon(const Topic& topic, std::string_view text, const std::vector<Span>& sentences,
                     const char* on_topic, const std::vector<Span>& hard,
                     const std::vector<std::pair<Span, int>>& reported, double rule_score,
                     StanceResult* out, std::string* why) {
  const Lexicon& lex = *topic.lexicon;
  if (std::fabs(rule_score) >= lex.max_rule_score()) return false;
  // The rules' neutral is an answer, not a gap, when the commenter's own cues were hedged,
  // asked or meant sarcastically: the lexicon leaves it alone. Cues that pull both ways, or a
  // point conceded before a "but", are a gap — the rules tied or fell short of the bar — and the
  // lexicon's reading of the rest of the comment decides (with the rules' lean counted in).
  for (const Evidence& e : out->evidence) {
    if (e.weight == 0) continue;  // quoted or reported: someone else's words
    for (const char* f : {"hedged", "question", "sarcasm"})
      if (e.flags.find(f) != std::string::npos) return false;
  }
  thread_local std::vector<Span> excluded, own;
  excluded.assign(hard.begin(), hard.end());
  for (const auto& r : reported) excluded.push_back(r.first);
  std::sort(excluded.begin(), excluded.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  own.clear();
  size_t x = 0;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (!on_topic[i]) continue;
    int pos = sentences[i].start;
    const int end = sentences[i].end;
    while (x < excluded.size() && excluded[x].end <= pos) ++x;
    for (size_t k = x; k < excluded.size() && excluded[k].start < end; ++k) {
      if (excluded[k].start > pos) own.push_back({pos, excluded[k].start});
      pos = std::max(pos, excluded[k].end);
    }
    if (pos < end) own.push_back({pos, end});
  }
  LexiconVote v = lex.Score(text, own);
  const double total[2] = {v.score[0] + lex.rule_weight() * rule_score,
                           v.score[1] - lex.rule_weight() * rule_score};
  const int k = total[0] >= total[1] ? 0 : 1;
  if (total[k] < lex.threshold() || total[k] - total[1 - k] < lex.margin()) return false;
  out->stance = k == 0 ? topic.pole_a : topic.pole_b;
  out->score = k == 0 ? total[k] : -total[k];
  double margin = 1.0 - std::exp(-(total[k] - lex.threshold()) / kLexiconMarginScale);
  out->confidence =
      kLexiconMinConfidence + (kLexiconMaxConfidence - kLexiconMinConfidence) * margin;
  Evidence e;
  e.rule_id = topic.name + ".lexicon";
  e.pole = out->stance;
  e.weight = k == 0 ? v.score[0] : -v.score[1];
  // The span of the term that weighed most for the side; with none (the side came from the
  // bias and the rules' lean), the comment's first own word position, empty.
  e.start = v.best_start[k] >= 0 ? v.best_start[k] : (own.empty() ? 0 : own[0].start);
  e.end = v.best_start[k] >= 0 ? v.best_end[k] : e.start;
  e.snippet = std::string(text.substr(e.start, e.end - e.start));
  e.flags = "lexicon";
  out->evidence.push_back(std::move(e));
  if (why) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s.lexicon: %d terms in %d own words: %s %+.2f, %s %+.2f (strongest '%s' "
                  "%+.2f); rules %+.2f x %g; %s %.2f >= threshold %g",
                  topic.name.c_str(), v.terms, v.tokens, topic.pole_a.c_str(), v.score[0],
                  topic.pole_b.c_str(), v.score[1],
                  out->evidence.back().snippet.substr(0, 40).c_str(), v.best_weight[k], rule_score,
                  lex.rule_weight(), out->stance.c_str(), total[k], lex.threshold());
    *why = buf;
  }
  return true;
}

}  // namespace threadlens::stance
