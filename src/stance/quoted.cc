#include "stance/quoted.h"

namespace threadlens::stance {
namespace {

bool IsLetter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// The quotation mark at `i`, if any: its byte length, and whether it opens, closes or both.
struct Mark {
  int len = 0;
  int pair = -1;  // 0 “”, 1 ‘’, 2 "", 3 «», 4 ''
  bool opens = false, closes = false;
};

Mark MarkAt(std::string_view t, size_t i) {
  Mark m;
  unsigned char c = t[i];
  if (c == '"' || c == '\'') {
    m.len = 1;
    m.pair = c == '"' ? 2 : 4;
    m.opens = m.closes = true;
    return m;
  }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    unsigned char d = t[i + 2];
    if (d == 0x9C) m = {3, 0, true, false};        // “
    else if (d == 0x9D) m = {3, 0, false, true};   // ”
    else if (d == 0x98) m = {3, 1, true, false};   // ‘
    else if (d == 0x99) m = {3, 1, false, true};   // ’
    return m;
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    if (d == 0xAB) m = {2, 3, true, false};        // «
    else if (d == 0xBB) m = {2, 3, false, true};   // »
  }
  return m;
}

void QuoteLines(std::string_view t, std::vector<Span>* out) {
  size_t pos = 0;
  while (pos < t.size()) {
    size_t nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    size_t i = pos;
    while (i < nl && (t[i] == ' ' || t[i] == '\t')) ++i;
    if (i < nl && t[i] == '>') out->push_back({static_cast<int>(pos), static_cast<int>(nl)});
    pos = nl + 1;
  }
}

}  // namespace

void FindQuotedSpans(std::string_view t, std::vector<Span>* out) {
  QuoteLines(t, out);
  int open_at = -1, open_pair = -1;
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '\n') {  // a quotation does not cross a paragraph
      open_at = -1;
      ++i;
      continue;
    }
    Mark m = MarkAt(t, i);
    if (m.len == 0) {
      ++i;
      continue;
    }
    bool before_letter = i > 0 && IsLetter(static_cast<unsigned char>(t[i - 1]));
    bool after_letter = i + m.len < t.size() && IsLetter(static_cast<unsigned char>(t[i + m.len]));
    // ’ or ' between letters is an apostrophe (it’s, o'clock), never a quotation mark; and a
    // single quote only closes where a word ends (not "the dogs'bowl").
    bool single = m.pair == 1 || m.pair == 4;
    if (single && m.closes && before_letter && after_letter) {
      i += m.len;
      continue;
    }
    if (open_at >= 0 && m.closes && m.pair == open_pair && !(single && after_letter)) {
      int start = open_at, end = static_cast<int>(i + m.len);
      std::string_view inner = t.substr(open_at, i - open_at);
      if (HasWords(inner, kMinQuoteWords)) out->push_back({start, end});
      open_at = -1;
    } else if (m.opens && !before_letter) {
      open_at = static_cast<int>(i);
      open_pair = m.pair;
    }
    i += m.len;
  }
}

}  // namespace threadlens::stance
