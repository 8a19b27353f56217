// UTF-8 decoding for the repair slow path: never fails, replaces what is ill-formed.
#include "text/repair_internal.h"

namespace threadlens::text_internal {

std::u32string DecodeUtf8ForRepair(std::string_view in, RepairCounts* counts) {
  std::u32string out;
  out.reserve(in.size());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
        if (c != '\r') ++counts->control_chars;
      } else {
        out.push_back(c);
      }
      ++i;
      continue;
    }
    // Lead byte: how many continuation bytes follow and which range the first of them must be
    // in (the narrower ranges after E0, ED, F0, F4 are what exclude overlong forms, surrogates
    // and code points above U+10FFFF, as in Unicode's table of well-formed byte sequences).
    int need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      cp = c & 0x0F;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      cp = c & 0x07;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    if (need == 0) {  // 80..BF alone, C0, C1, F5..FF
      out.push_back(kReplacement);
      ++counts->invalid_utf8;
      ++i;
      continue;
    }
    // Consume the longest valid prefix; if it is not the whole sequence, that prefix is one
    // maximal ill-formed subsequence and becomes one U+FFFD.
    size_t j = i + 1;
    int got = 0;
    while (got < need && j < n) {
      const unsigned char cc = static_cast<unsigned char>(in[j]);
      if (cc < lo || cc > hi) break;
      cp = (cp << 6) | (cc & 0x3F);
      lo = 0x80;
      hi = 0xBF;
      ++j;
      ++got;
    }
    if (got < need) {
      out.push_back(kReplacement);
      counts->invalid_utf8 += static_cast<int64_t>(j - i);
    } else {
      out.push_back(cp);
    }
    i = j;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  cp = Cp(cp);
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(const std::u32string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char32_t c : text) AppendUtf8(c, &out);
  return out;
}

void DropC1Controls(std::u32string* text, RepairCounts* counts) {
  size_t w = 0;
  for (char32_t c : *text) {
    const char32_t cp = Cp(c);
    if (cp >= 0x80 && cp <= 0x9F) {
      ++counts->control_chars;
      continue;
    }
    (*text)[w++] = c;
  }
  text->resize(w);
}

}  // namespace threadlens::text_internal
