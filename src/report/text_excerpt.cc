#include "report/text_excerpt.h"

#include <algorithm>

namespace threadlens::report {
namespace {

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one.
size_t SeqLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n;
  unsigned min;
  unsigned cp;
  if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if (!IsCont(d)) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// Start of the code point holding byte i (moves left over continuation bytes).
size_t CharStart(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && IsCont(static_cast<unsigned char>(s[i]))) --i;
  return i;
}

// A sentence ends after . ! ? (plus closing quotes/brackets) followed by space, or at a newline.
bool SentenceBreakBefore(std::string_view s, size_t i) {
  if (i == 0) return true;
  if (s[i - 1] == '\n') return true;
  if (!IsSpace(s[i - 1])) return false;
  size_t j = i - 1;
  while (j > 0 && IsSpace(s[j - 1]) && s[j - 1] != '\n') --j;
  if (j == 0) return true;
  if (s[j - 1] == '\n') return true;
  size_t k = j;
  while (k > 0 && (s[k - 1] == '"' || s[k - 1] == ')' || s[k - 1] == '\'')) --k;
  // Closing curly quotes end in 0x9D / 0x99 (U+201D, U+2019).
  while (k >= 3 && static_cast<unsigned char>(s[k - 3]) == 0xE2 &&
         static_cast<unsigned char>(s[k - 2]) == 0x80 &&
         (static_cast<unsigned char>(s[k - 1]) == 0x9D ||
          static_cast<unsigned char>(s[k - 1]) == 0x99))
    k -= 3;
  return k > 0 && (s[k - 1] == '.' || s[k - 1] == '!' || s[k - 1] == '?');
}

}  // namespace

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = SeqLen(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

size_t Columns(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if (!IsCont(static_cast<unsigned char>(c))) ++n;
  return n;
}

std::string Squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string Shorten(std::string_view in, size_t max_cols) {
  std::string s = Squash(in);
  if (Columns(s) <= max_cols) return s;
  if (max_cols == 0) return "";
  // Byte offset after (max_cols - 1) code points, leaving room for the ellipsis.
  size_t cols = 0, cut = 0;
  while (cut < s.size() && cols < max_cols - 1) {
    ++cut;
    while (cut < s.size() && IsCont(static_cast<unsigned char>(s[cut]))) ++cut;
    ++cols;
  }
  size_t space = s.rfind(' ', cut);
  if (space != std::string::npos && space > cut / 2) cut = space;
  std::string out = s.substr(0, cut);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';')) out.pop_back();
  return out + "…";
}

std::string SentenceAround(std::string_view body, long long start, long long end,
                           size_t max_cols) {
  const long long size = static_cast<long long>(body.size());
  if (start < 0 || end < start || end > size) start = end = 0;
  size_t b = CharStart(body, static_cast<size_t>(start));
  size_t e = static_cast<size_t>(end);
  while (e < body.size() && IsCont(static_cast<unsigned char>(body[e]))) ++e;
  // Widen to the sentence: left to a break, right to the next terminator.
  size_t lo = b;
  while (lo > 0 && !SentenceBreakBefore(body, lo)) --lo;
  size_t hi = std::max(e, lo);
  while (hi < body.size() && !(hi > e && SentenceBreakBefore(body, hi))) ++hi;
  std::string_view sentence = body.substr(lo, hi - lo);
  std::string whole = Squash(sentence);
  if (Columns(whole) <= max_cols) return whole;

  // Too long: keep the span and as much context on both sides as fits, cut at spaces.
  size_t span_cols = Columns(body.substr(b, e - b));
  size_t budget = max_cols > span_cols + 2 ? max_cols - span_cols - 2 : 0;
  size_t left_budget = budget / 3;  // a little before, more after: sentences lead up to cues
  size_t l = b, cols = 0;
  while (l > lo && cols < left_budget) {
    l = CharStart(body, l - 1);
    ++cols;
  }
  size_t r = e;
  size_t right_budget = budget - cols;
  cols = 0;
  while (r < hi && cols < right_budget) {
    ++r;
    while (r < hi && IsCont(static_cast<unsigned char>(body[r]))) ++r;
    ++cols;
  }
  if (l > lo) {
    size_t sp = body.find(' ', l);
    if (sp != std::string_view::npos && sp < b) l = sp + 1;
  }
  if (r < hi) {
    size_t sp = body.rfind(' ', r);
    if (sp != std::string_view::npos && sp > e) r = sp;
  }
  std::string out;
  if (l > lo) out += "…";
  out += Squash(body.substr(l, r - l));
  if (r < hi) out += "…";
  // A span longer than the budget: hard cut.
  if (Columns(out) > max_cols) out = Shorten(out, max_cols);
  return out;
}

std::vector<std::string> Wrap(std::string_view text, size_t width, std::string_view indent) {
  std::vector<std::string> lines;
  std::string line;
  size_t line_cols = 0;
  bool has_word = false;  // the current line holds a word after its indent
  const size_t indent_cols = Columns(indent);
  size_t i = 0;
  // Leading spaces of the first line are kept ("- " prefixes); later runs split words.
  while (i < text.size() && text[i] == ' ') line.push_back(text[i++]);
  line_cols = line.size();
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view word = text.substr(i, j - i);
    size_t wc = Columns(word);
    if (has_word && line_cols + 1 + wc > width) {
      lines.push_back(line);
      line.assign(indent);
      line_cols = indent_cols;
      has_word = false;
    }
    if (has_word) {
      line.push_back(' ');
      ++line_cols;
    }
    line.append(word);
    line_cols += wc;
    has_word = true;
    i = j;
  }
  if (has_word) lines.push_back(line);
  return lines;
}

}  // namespace threadlens::report
