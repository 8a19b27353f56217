#include "stance/text_units.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <memory>

namespace threadlens::stance {
namespace {

// Per-thread ICU iterators. Creating one loads ICU's break rules (milliseconds); reusing it
// costs nothing, so each thread builds its pair once.
struct Iterators {
  std::unique_ptr<icu::BreakIterator> sentence, word;
  UText* text = nullptr;

  Iterators() {
    UErrorCode st = U_ZERO_ERROR;
    sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), st));
    st = U_ZERO_ERROR;
    word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), st));
  }
  ~Iterators() {
    if (text) utext_close(text);
  }
  // Points `it` at `s`. Returns false when ICU refuses (then callers fall back).
  bool Set(icu::BreakIterator* it, std::string_view s) {
    if (!it) return false;
    UErrorCode st = U_ZERO_ERROR;
    text = utext_openUTF8(text, s.data(), static_cast<int64_t>(s.size()), &st);
    if (U_FAILURE(st)) return false;
    it->setText(text, st);
    return U_SUCCESS(st);
  }
};

Iterators& Local() {
  thread_local Iterators it;
  return it;
}

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

// Typographic quotes ‘ ’ “ ” (E2 80 98/99/9C/9D: UAX #29 class Close) and dashes – — (E2 80
// 93/94: SContinue) at byte i: 1 for a quote, 2 for a dash, 0 otherwise.
int TypographicMark(std::string_view line, size_t i) {
  if (i + 2 >= line.size() || static_cast<unsigned char>(line[i]) != 0xE2 ||
      static_cast<unsigned char>(line[i + 1]) != 0x80)
    return 0;
  unsigned char c = static_cast<unsigned char>(line[i + 2]);
  if (c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D) return 1;
  return c == 0x93 || c == 0x94 ? 2 : 0;
}

// True when ICU cannot find a sentence boundary inside `line` before its end: it holds no
// sentence terminator (. ! ?), no separator (\r \v \f) and nothing but ASCII and typographic
// quotes and dashes, except in a final terminators-closers-spaces run (`!?")  `, `.”`). ICU's
// sentence rules (UAX #29) put a boundary only after a terminator or a separator (and after the
// closers and spaces that follow it), so such a line is one sentence: nothing needs classing
// (NativeSentenceBreaks) or iterating (ICU). Most lines of a comment are such lines.
bool OneSentenceLine(std::string_view line) {
  size_t end = line.size();
  auto at = [&](size_t i) { return static_cast<unsigned char>(line[i]); };
  while (end > 0 && (at(end - 1) == ' ' || at(end - 1) == '\t' || at(end - 1) == '\r')) --end;
  while (end > 0) {
    if (at(end - 1) == '"' || at(end - 1) == '\'' || at(end - 1) == ')' || at(end - 1) == ']' ||
        at(end - 1) == '}') {
      --end;
    } else if (end >= 3 && TypographicMark(line, end - 3) == 1) {
      end -= 3;
    } else {
      break;
    }
  }
  while (end > 0 && (at(end - 1) == '.' || at(end - 1) == '!' || at(end - 1) == '?')) --end;
  for (size_t i = 0; i < end; ++i) {
    unsigned char c = at(i);
    if (c >= 0x80) {
      if (!TypographicMark(line, i) || i + 3 > end) return false;
      i += 2;
      continue;
    }
    if (c == '.' || c == '!' || c == '?' || c == '\r' || c == '\v' || c == '\f') return false;
  }
  return true;
}

// Sentence_Break classes (UAX #29) that the rules below tell apart.
enum SentenceClass : unsigned char {
  kSbOther, kSbSp, kSbLower, kSbUpper, kSbOLetter, kSbNumeric, kSbATerm, kSbSTerm, kSbClose,
  kSbSContinue, kSbParaSep, kSbIgnorable
};
// The ASCII bytes' classes. \v and \f are Sp; the other control bytes and the symbols
// # $ % & * + / < = > @ \ ^ _ ` | ~ are Other.
constexpr auto kAsciiSentenceClass = [] {
  std::array<unsigned char, 128> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kSbLower;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kSbUpper;
  for (int c = '0'; c <= '9'; ++c) t[c] = kSbNumeric;
  for (unsigned char c : {'\t', '\v', '\f', ' '}) t[c] = kSbSp;
  for (unsigned char c : {'"', '\'', '(', ')', '[', ']', '{', '}'}) t[c] = kSbClose;
  for (unsigned char c : {',', '-', ':'}) t[c] = kSbSContinue;
  t['.'] = kSbATerm;
  t['!'] = t['?'] = kSbSTerm;
  t['\r'] = t['\n'] = kSbParaSep;
  return t;
}();

// The class of the code point at line[i]; *len gets its length in bytes, or 0 when the bytes
// there are not UTF-8. Extend and Format (combining marks, ZWJ, variation selectors, soft
// hyphens, BOM) are kSbIgnorable: rule SB5 skips them, which the rules below do not do.
unsigned char SentenceClassAt(std::string_view line, size_t i, int* len) {
  const auto c = static_cast<unsigned char>(line[i]);
  if (c < 0x80) {
    *len = 1;
    return kAsciiSentenceClass[c];
  }
  UChar32 cp = 0;
  int32_t at = static_cast<int32_t>(i);
  U8_NEXT(line.data(), at, static_cast<int32_t>(line.size()), cp);
  if (cp < 0) {
    *len = 0;
    return kSbOther;
  }
  *len = at - static_cast<int32_t>(i);
  switch (u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK)) {
    case U_SB_SP: return kSbSp;
    case U_SB_LOWER: return kSbLower;
    case U_SB_UPPER: return kSbUpper;
    case U_SB_OLETTER: return kSbOLetter;
    case U_SB_NUMERIC: return kSbNumeric;
    case U_SB_ATERM: return kSbATerm;
    case U_SB_STERM: return kSbSTerm;
    case U_SB_CLOSE: return kSbClose;
    case U_SB_SCONTINUE: return kSbSContinue;
    case U_SB_SEP: case U_SB_CR: case U_SB_LF: return kSbParaSep;
    case U_SB_EXTEND: case U_SB_FORMAT: return kSbIgnorable;
    default: return kSbOther;
  }
}

// ICU's sentence boundaries inside a line (not at its end), by the rules of UAX #29 written out
// over the classes of its characters. A boundary can only follow a terminator (SB11) or a
// separator (SB4), after the closers and spaces that follow it (SB9, SB10), or after the
// separator that follows those (SB11); none is put there when the terminator is followed by
//   SB6   an ATerm ('.') directly by a digit ("3.5");
//   SB7   an ATerm between a letter and directly an upper-case letter ("U.S");
//   SB8   an ATerm, closers and spaces, then anything but letters and terminators up to a
//         lower-case letter ("e.g. this", "etc.) and");
//   SB8a  after its closers and spaces, a , - : or another terminator ("?!", "No. , then").
// Returns false, having cut nothing, for a line with a character SB5 would skip (Extend, Format)
// or bytes that are not UTF-8: ICU cuts those. Equal to ICU's iterator on every other line
// (text_units_test.cc checks random lines of ASCII and of letters, digits, punctuation and
// spaces from other scripts).
bool NativeSentenceBreaks(std::string_view line, int base, int* start, std::vector<Span>* out) {
  thread_local std::vector<unsigned char> cls;
  thread_local std::vector<int> offset;  // of each character; one more: the line's end
  cls.clear();
  offset.clear();
  for (size_t i = 0; i < line.size();) {
    int len = 0;
    unsigned char c = SentenceClassAt(line, i, &len);
    if (len == 0 || c == kSbIgnorable) return false;
    cls.push_back(c);
    offset.push_back(static_cast<int>(i));
    i += static_cast<size_t>(len);
  }
  const size_t n = cls.size();
  offset.push_back(static_cast<int>(line.size()));
  auto cut = [&](size_t at) {  // before character `at`
    if (at < n && base + offset[at] > *start) {
      out->push_back({*start, base + offset[at]});
      *start = base + offset[at];
    }
  };
  auto letter = [&](size_t i) { return cls[i] == kSbUpper || cls[i] == kSbLower; };
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = cls[i];
    if (c == kSbParaSep) {  // SB4 (a \r alone, a U+2028: the line has no \n)
      cut(i + 1);
      continue;
    }
    if (c != kSbATerm && c != kSbSTerm) continue;
    const size_t j = i + 1;
    size_t k = j;
    while (k < n && cls[k] == kSbClose) ++k;
    size_t m = k;
    while (m < n && cls[m] == kSbSp) ++m;
    if (m >= n) break;  // the line's end ends the sentence
    const unsigned char next = cls[m];
    if (next == kSbParaSep) {  // SB9, SB10 keep the separator, SB11 cuts after it
      cut(m + 1);
      i = m;
      continue;
    }
    bool keep = next == kSbSContinue || next == kSbATerm || next == kSbSTerm;  // SB8a
    if (c == kSbATerm && !keep) {
      if (m == j && next == kSbNumeric) keep = true;                           // SB6
      if (m == j && next == kSbUpper && i > 0 && letter(i - 1)) keep = true;   // SB7
      size_t p = m;                                                            // SB8
      while (!keep && p < n && !letter(p) && cls[p] != kSbOLetter && cls[p] != kSbParaSep &&
             cls[p] != kSbATerm && cls[p] != kSbSTerm)
        ++p;
      if (!keep && p < n && cls[p] == kSbLower) keep = true;
    }
    if (!keep) {
      cut(m);
      i = m - 1;
    }
  }
  return true;
}

}  // namespace

void SplitSentences(std::string_view text, std::vector<Span>* out) {
  out->clear();
  if (text.empty()) return;
  Iterators& it = Local();
  // A line break always ends a sentence, and ICU's rules never look across one (a paragraph
  // separator stops every rule's context), so each line is segmented on its own; white space
  // after a line break belongs to the sentence before it.
  const int n = static_cast<int>(text.size());
  int start = 0;  // start of the next sentence
  int pos = 0;    // start of the current line
  while (pos < n) {
    const void* found = std::memchr(text.data() + pos, '\n', static_cast<size_t>(n - pos));
    int nl = found ? static_cast<int>(static_cast<const char*>(found) - text.data()) : n;
    std::string_view line = text.substr(pos, nl - pos);
    if (OneSentenceLine(line)) {
      // nothing to cut inside it
    } else if (NativeSentenceBreaks(line, pos, &start, out)) {
      // cut by the rules themselves
    } else if (it.Set(it.sentence.get(), line)) {
      for (int32_t b = it.sentence->next(); b != icu::BreakIterator::DONE;
           b = it.sentence->next()) {
        int cut = pos + static_cast<int>(std::min<int64_t>(b, line.size()));
        if (cut > start && cut < nl) {
          out->push_back({start, cut});
          start = cut;
        }
      }
    }
    // The line ends its sentence; blank lines and indentation after it belong to it.
    int j = nl;
    while (j < n && (text[j] == '\n' || text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
    if (j < n && j > start) {
      out->push_back({start, j});
      start = j;
    }
    pos = j;
  }
  if (start < n) out->push_back({start, n});
}

namespace {

bool IsAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// The typographic marks the word counter knows (E2 80 xx): ‘ ’ are MidNumLet in UAX #29, like
// '.' and '\'' (they join "don’t" and "3’000"); – — “ ” are Other, like ASCII punctuation.
// 1 for a joiner, 2 for a separator, 0 for anything else.
int WordMark(std::string_view t, size_t i) {
  if (i + 2 >= t.size() || static_cast<unsigned char>(t[i]) != 0xE2 ||
      static_cast<unsigned char>(t[i + 1]) != 0x80)
    return 0;
  unsigned char c = static_cast<unsigned char>(t[i + 2]);
  if (c == 0x98 || c == 0x99) return 1;
  return c == 0x93 || c == 0x94 || c == 0x9C || c == 0x9D ? 2 : 0;
}

// ICU's word rules (UAX #29) for text of ASCII letters, digits, spaces, punctuation other than
// '_' and '@' (ICU gives these word status) and the typographic marks of WordMark: a word is a
// run of letters and digits, also joined across one of . ' ‘ ’ between two letters (MidLetter,
// MidNumLet: "don't", "U.S") and one of . , ; ' ‘ ’ between two digits (MidNum, MidNumLet:
// "3.5", "1,000"). Stops counting at `limit`. Returns -1 when the text holds anything else
// (then ICU counts).
int CountAsciiWords(std::string_view t, int limit = INT_MAX) {
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = t[i];
    if (c == '_' || c == '@') return -1;
    if (c >= 0x80) {
      if (!WordMark(t, i)) return -1;
      i += 2;
    }
  }
  int words = 0;
  size_t i = 0;
  while (i < n && words < limit) {
    unsigned char c = t[i];
    if (!IsAlpha(c) && !IsDigit(c)) {
      i += c >= 0x80 ? 3 : 1;
      continue;
    }
    ++words;
    ++i;
    while (i < n) {
      unsigned char d = t[i];
      if (IsAlpha(d) || IsDigit(d)) {
        ++i;
        continue;
      }
      const size_t len = d >= 0x80 ? 3 : 1;
      const bool mid_num_let = d == '.' || d == '\'' || (len == 3 && WordMark(t, i) == 1);
      unsigned char prev = t[i - 1];
      unsigned char next = i + len < n ? static_cast<unsigned char>(t[i + len]) : 0;
      bool letters = IsAlpha(prev) && IsAlpha(next) && mid_num_let;
      bool digits = IsDigit(prev) && IsDigit(next) && (mid_num_let || d == ',' || d == ';');
      if (!letters && !digits) break;
      i += len + 1;
    }
  }
  return words;
}

}  // namespace

int CountWords(std::string_view text) {
  if (int n = CountAsciiWords(text); n >= 0) return n;
  return CountWordsIcu(text);
}

bool HasWords(std::string_view text, int n) {
  if (int k = CountAsciiWords(text, n); k >= 0) return k >= n;
  return CountWordsIcu(text, n) >= n;
}

int CountWordsIcu(std::string_view text, int limit) {
  Iterators& it = Local();
  if (!it.Set(it.word.get(), text)) {
    int n = 0;  // ICU unavailable: runs of word bytes
    for (size_t i = 0; i < text.size() && n < limit; ++i)
      if (IsWordByte(text[i]) && (i == 0 || !IsWordByte(text[i - 1]))) ++n;
    return n;
  }
  int n = 0;
  it.word->first();
  for (int32_t b = it.word->next(); b != icu::BreakIterator::DONE && n < limit;
       b = it.word->next())
    if (it.word->getRuleStatus() != UBRK_WORD_NONE) ++n;
  return n;
}

void SplitSentencesIcu(std::string_view text, std::vector<Span>* out) {
  out->clear();
  Iterators& it = Local();
  if (text.empty() || !it.Set(it.sentence.get(), text)) return;
  for (int32_t b = it.sentence->next(); b != icu::BreakIterator::DONE; b = it.sentence->next())
    out->push_back({out->empty() ? 0 : out->back().end, static_cast<int>(b)});
}

int FindClauseBreak(std::string_view text, int from) {
  // Bytes that can start a clause break: , ; : ( ) \n, the lead byte of – and —, and '-'.
  static constexpr auto kCandidate = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {',', ';', ':', '(', ')', '\n', '-'}) t[c] = true;
    t[0xE2] = true;
    return t;
  }();
  const size_t n = text.size();
  auto digit = [&](size_t i) { return i < n && IsDigit(static_cast<unsigned char>(text[i])); };
  for (size_t i = static_cast<size_t>(std::max(from, 0)); i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!kCandidate[c]) continue;
    // "50,000" and "3:1" are numbers; "in 2023, 40% of…" has a space after its comma.
    if ((c == ',' || c == ':') && i > 0 && digit(i - 1) && digit(i + 1)) continue;
    if (c == 0xE2) {  // U+2013 EN DASH, U+2014 EM DASH: E2 80 93 / E2 80 94
      if (i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
           static_cast<unsigned char>(text[i + 2]) == 0x94))
        return static_cast<int>(i);
      continue;
    }
    if (c == '-') {  // " - " used as a dash
      if (i > 0 && i + 1 < n && text[i - 1] == ' ' && text[i + 1] == ' ')
        return static_cast<int>(i);
      continue;
    }
    return static_cast<int>(i);
  }
  return -1;
}

bool HasClauseBreak(std::string_view text) { return FindClauseBreak(text) >= 0; }

int SentenceOf(const std::vector<Span>& sentences, int pos) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](int p, const Span& s) { return p < s.start; });
  return it == sentences.begin() ? 0 : static_cast<int>(it - sentences.begin()) - 1;
}

bool HasSubordinator(std::string_view text) {
  static constexpr std::string_view kWords[] = {"when",  "once",   "because", "since",
                                                "after", "before", "until",   "as soon as"};
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && IsWordByte(static_cast<unsigned char>(text[i - 1]))) continue;
    for (std::string_view w : kWords) {
      if (text.size() - i < w.size()) continue;
      bool eq = true;
      for (size_t k = 0; k < w.size() && eq; ++k)
        eq = (text[i + k] | 0x20) == w[k] || (w[k] == ' ' && text[i + k] == ' ');
      size_t e = i + w.size();
      if (eq && (e == text.size() || !IsWordByte(static_cast<unsigned char>(text[e])))) return true;
    }
  }
  return false;
}

bool HasWordChar(std::string_view text) {
  for (char c : text)
    if (IsWordByte(static_cast<unsigned char>(c))) return true;
  return false;
}

}  // namespace threadlens::stance
