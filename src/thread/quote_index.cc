#include "thread/quote_index.h"

#include <algorithm>
#include <array>

namespace threadlens {
namespace {

constexpr uint64_t kFnvBasis = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

// English function words: they carry no topic, so lexical overlap ignores them. Hashes are
// compared, so other languages simply have no stop words (their overlap is a little noisier).
constexpr const char* kStopWords[] = {
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "doing", "dont", "for", "from", "get", "got", "had", "has", "have", "he", "her", "here",
    "him", "his", "how", "i", "if", "im", "in", "into", "is", "isnt", "it", "its", "just", "like",
    "me", "more", "most", "my", "no", "not", "now", "of", "on", "one", "only", "or", "other",
    "our", "out", "over", "really", "so", "some", "such", "than", "that", "thats", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
    "would", "you", "your", "youre", "yes", "yeah", "even", "much", "many", "way", "think",
    "know", "say", "said", "make", "going", "well", "still", "should", "people", "thing",
    "things", "lot", "let", "lets", "being", "same", "own", "off", "each", "every", "both",
    "few", "through", "while", "ever", "never", "may", "might", "must", "shall", "whose",
    "whom", "until", "against", "between", "under", "down", "yet", "though", "although",
    // Common verbs and fillers: shared by chance, they say nothing about who answers whom.
    "give", "gave", "given", "take", "took", "taken", "come", "came", "see", "saw", "seen",
    "look", "looks", "use", "used", "find", "seem", "seems", "want", "need", "cause", "made",
    "makes", "put", "keep", "tell", "told", "ask", "asked", "try", "call", "good", "bad", "new",
    "old", "big", "little", "great", "right", "sure", "yes", "actually", "probably", "maybe",
    "something", "anything", "nothing", "everything", "someone", "anyone", "everyone", "time",
    "year", "years", "day", "days", "back", "first", "last", "long", "always", "often"};

struct StopSet {
  std::vector<uint64_t> hashes;
  StopSet() {
    for (const char* w : kStopWords) hashes.push_back(WordHash(w));
    std::sort(hashes.begin(), hashes.end());
  }
  bool Has(uint64_t h) const { return std::binary_search(hashes.begin(), hashes.end(), h); }
};

const StopSet& Stops() {
  static const StopSet s;
  return s;
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// U+2019 (’) and U+2018 (‘) inside a word are apostrophes; other E2 80 xx punctuation (quotes,
// dashes, ellipsis) separates words.
size_t ApostropheLen(std::string_view s, size_t i) {
  if (s[i] == '\'') return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98))
    return 3;
  return 0;
}

// General punctuation (U+2000..U+206F) and the no-break space separate words.
size_t SeparatorLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) return 3;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x81) return 3;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  return 0;
}

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * kFnvPrime;
}

}  // namespace

uint64_t WordHash(std::string_view w) {
  uint64_t h = kFnvBasis;
  for (size_t i = 0; i < w.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    if (size_t a = ApostropheLen(w, i)) {
      i += a - 1;
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    h = (h ^ c) * kFnvPrime;
  }
  return h;
}

void SplitWords(std::string_view s, std::vector<Word>* out) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!IsWordByte(c) || SeparatorLen(s, i) > 0) {
      size_t sep = SeparatorLen(s, i);
      i += sep ? sep : 1;
      continue;
    }
    size_t b = i;
    while (i < n) {
      if (SeparatorLen(s, i) > 0) {
        size_t a = ApostropheLen(s, i);
        // An apostrophe between two word bytes stays in the word ("it’s").
        if (a && i + a < n && IsWordByte(static_cast<unsigned char>(s[i + a])) &&
            SeparatorLen(s, i + a) == 0) {
          i += a;
          continue;
        }
        break;
      }
      unsigned char d = static_cast<unsigned char>(s[i]);
      if (IsWordByte(d)) {
        ++i;
      } else if (d == '\'' && i + 1 < n && IsWordByte(static_cast<unsigned char>(s[i + 1])) &&
                 SeparatorLen(s, i + 1) == 0) {
        ++i;
      } else {
        break;
      }
    }
    Word w;
    w.start = static_cast<uint32_t>(b);
    w.end = static_cast<uint32_t>(i);
    w.hash = WordHash(s.substr(b, i - b));
    w.stop = Stops().Has(w.hash) || i - b < 3;
    out->push_back(w);
  }
}

TextShingles TextShingles::Of(std::string_view text) {
  TextShingles t;
  SplitWords(text, &t.words);
  const size_t n = t.words.size();
  if (n >= static_cast<size_t>(kShingleWords)) {
    t.at.reserve(n - kShingleWords + 1);
    for (size_t i = 0; i + kShingleWords <= n; ++i) {
      uint64_t h = kFnvBasis;
      for (int k = 0; k < kShingleWords; ++k) h = Mix(h, t.words[i + static_cast<size_t>(k)].hash);
      t.at.push_back(h);
    }
  }
  t.sorted = t.at;
  std::sort(t.sorted.begin(), t.sorted.end());
  t.sorted.erase(std::unique(t.sorted.begin(), t.sorted.end()), t.sorted.end());
  for (const Word& w : t.words)
    if (!w.stop) t.content.push_back(w.hash);
  std::sort(t.content.begin(), t.content.end());
  t.content.erase(std::unique(t.content.begin(), t.content.end()), t.content.end());
  return t;
}

bool TextShingles::HasShingle(uint64_t h) const {
  return std::binary_search(sorted.begin(), sorted.end(), h);
}

bool TextShingles::HasWord(uint64_t h) const {
  return std::binary_search(content.begin(), content.end(), h);
}

QuoteSpan FindQuote(const TextShingles& q, const TextShingles& src) {
  QuoteSpan best;
  if (q.at.empty() || src.sorted.empty()) return best;
  int total = 0;
  // Current run: first and last matched shingle, matches, misses since the last match.
  int run_first = -1, run_last = -1, run_matched = 0, gap = 0;
  auto close_run = [&]() {
    if (run_matched > best.matched) {
      best.matched = run_matched;
      best.start = static_cast<int>(q.words[static_cast<size_t>(run_first)].start);
      best.end = static_cast<int>(q.words[static_cast<size_t>(run_last + kShingleWords - 1)].end);
      best.similarity = static_cast<double>(run_matched) / (run_last - run_first + 1);
    }
    run_first = -1;
    run_matched = 0;
    gap = 0;
  };
  for (size_t i = 0; i < q.at.size(); ++i) {
    if (src.HasShingle(q.at[i])) {
      ++total;
      if (run_first < 0) run_first = static_cast<int>(i);
      run_last = static_cast<int>(i);
      ++run_matched;
      gap = 0;
    } else if (run_first >= 0 && ++gap > kQuoteGapShingles) {
      close_run();
    }
  }
  if (run_first >= 0) close_run();
  best.coverage = static_cast<double>(total) / static_cast<double>(q.at.size());
  return best;
}

bool ContainsPhrase(const TextShingles& q, size_t from, size_t to, const TextShingles& src) {
  const size_t len = to - from;
  if (len == 0 || src.words.size() < len) return false;
  for (size_t i = 0; i + len <= src.words.size(); ++i) {
    size_t k = 0;
    while (k < len && src.words[i + k].hash == q.words[from + k].hash) ++k;
    if (k == len) return true;
  }
  return false;
}

}  // namespace threadlens
