// Reversible mojibake: UTF-8 bytes that were shown through Windows-1252, Latin-1 or Windows-1250.
//
// We do not re-encode whole strings or whole runs: one real "é" or "ñ" in a run would make the
// re-encoding invalid and block the repair of its neighbours. Instead each place where a
// lead-byte image (Ã, â, Ă, ...) is followed by the right number of continuation-byte images
// (©, €, ™, ...) is a candidate sequence; it is replaced when
//   1. its bytes, in one code page, form one well-formed UTF-8 sequence (no overlong form, no
//      surrogate, nothing above U+10FFFF) of an assigned, non-control code point, and
//   2. it looks like mojibake rather than real text (LooksLikeMojibake below).
// A text decoded wrongly twice ("Ã¢â‚¬â„¢") is repaired by running the pass again on its output.
#include <unicode/uchar.h>

#include <vector>

#include "text/repair_internal.h"

namespace threadlens::text_internal {
namespace {

constexpr CodePage kPages[] = {CodePage::kWindows1252, CodePage::kWindows1250};

bool IsLetter(char32_t c) { return u_isalpha(static_cast<UChar32>(Cp(c))) != 0; }
bool IsUpper(char32_t c) { return u_isupper(static_cast<UChar32>(Cp(c))) != 0; }
bool IsLower(char32_t c) { return u_islower(static_cast<UChar32>(Cp(c))) != 0; }

// The code point encoded by bytes b[0..len), or 0 when they are not one well-formed sequence.
char32_t DecodeSequence(const int* b, int len) {
  const int lead = b[0];
  int lo = 0x80, hi = 0xBF;
  char32_t cp;
  if (len == 2 && lead >= 0xC2 && lead <= 0xDF) {
    cp = static_cast<char32_t>(lead & 0x1F);
  } else if (len == 3 && lead >= 0xE0 && lead <= 0xEF) {
    cp = static_cast<char32_t>(lead & 0x0F);
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (len == 4 && lead >= 0xF0 && lead <= 0xF4) {
    cp = static_cast<char32_t>(lead & 0x07);
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (int k = 1; k < len; ++k) {
    if (b[k] < lo || b[k] > hi) return 0;
    cp = (cp << 6) | static_cast<char32_t>(b[k] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  return cp;
}

int SequenceLength(int lead) { return lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

enum class Evidence { kNone, kWeak, kStrong };

// How much the images s[i..i+len) look like mojibake rather than real text.
//   Strong: some continuation image is not a letter (€ ™ © ¼ ‰ ¡, NBSP, a C1 control...):
//     real text does not put those right after a letter like Ã, â or Ă.
//   Strong: all images are letters ("Ãª" for ê, "ÃŸ" for ß) but the uppercase lead clashes
//     with its neighbours: it follows a lowercase letter ("vocÃª", "StraÃŸe") or a
//     continuation image is not uppercase. Real capitals of Romanian, Czech or Polish form
//     such pairs only inside all-capital words ("MĂŞTI"), and those have no clash.
//   Weak: all images are letters with no clash: real Czech "zvlášť" is á š ť, which reads as
//     the bytes E1 9A 9D. Accepted only in a word that also has a strong sequence (see
//     ReversePass): "ÄŤeĹˇtina" and Japanese "ãƒªãƒ¼" do, a real word does not.
Evidence LooksLikeMojibake(const std::u32string& s, size_t i, int len) {
  for (int k = 1; k < len; ++k)
    if (!IsLetter(s[i + static_cast<size_t>(k)])) return Evidence::kStrong;
  if (IsUpper(s[i])) {
    if (i > 0 && IsLower(s[i - 1])) return Evidence::kStrong;
    for (int k = 1; k < len; ++k)
      if (!IsUpper(s[i + static_cast<size_t>(k)])) return Evidence::kStrong;
  }
  return Evidence::kWeak;
}

// If a mojibake sequence starts at s[i], returns its length and sets *cp and *evidence.
int MatchSequence(const std::u32string& s, size_t i, char32_t* cp, Evidence* evidence) {
  if (!LooksLikeLeadByte(s[i])) return 0;
  for (CodePage page : kPages) {
    int bytes[4];
    bytes[0] = ByteInCodePage(page, s[i]);
    if (bytes[0] < 0xC2 || bytes[0] > 0xF4) continue;
    const int len = SequenceLength(bytes[0]);
    if (i + static_cast<size_t>(len) > s.size()) continue;
    bool ok = true;
    for (int k = 1; k < len && ok; ++k) {
      bytes[k] = ByteInCodePage(page, s[i + static_cast<size_t>(k)]);
      ok = bytes[k] >= 0x80 && bytes[k] <= 0xBF;
    }
    if (!ok) continue;
    const char32_t decoded = DecodeSequence(bytes, len);
    // A C1 control is allowed: it is the middle layer of double mojibake ("Â\u009D" is what
    // 0x9D became), and if it stays it is dropped with the other controls.
    if (decoded == 0 || !u_isdefined(static_cast<UChar32>(decoded))) continue;
    *cp = decoded;
    *evidence = LooksLikeMojibake(s, i, len);
    return len;
  }
  return 0;
}

struct Match {
  size_t begin;
  int len;
  char32_t cp;
  Evidence evidence;
};

// One pass over `s`. Returns true if anything changed.
bool ReversePass(std::u32string* s) {
  const size_t n = s->size();
  // Find the candidate sequences, left to right, not overlapping.
  std::vector<Match> matches;
  for (size_t i = 0; i < n;) {
    Match m{i, 0, 0, Evidence::kNone};
    m.len = MatchSequence(*s, i, &m.cp, &m.evidence);
    if (m.len == 0 && Cp((*s)[i]) == 0xE2 && i + 1 < n && Cp((*s)[i + 1]) == 0x20AC &&
        (i + 2 == n || !LooksLikeContinuationByte((*s)[i + 2]))) {
      // The lossy form: "â€" starts ’ “ ” – — and the like; with no third byte image after
      // it, that byte was lost, and the one that goes missing is 0x9D, which Windows-1252
      // leaves undefined (so decoders drop it): the closing double quote.
      m = Match{i, 2, U'\u201D', Evidence::kStrong};
    }
    if (m.len > 0) {
      matches.push_back(m);
      i += static_cast<size_t>(m.len);
    } else {
      ++i;
    }
  }
  if (matches.empty()) return false;

  // Weak evidence counts when a strong sequence sits in the same word (the same run of
  // non-space characters): "ÄŤeĹˇtina" is one word of mojibake, "zvlášť" is a real word.
  for (size_t a = 0; a < matches.size();) {
    size_t b = a + 1;
    bool strong = matches[a].evidence == Evidence::kStrong;
    for (; b < matches.size(); ++b) {
      bool space_between = false;
      for (size_t k = matches[b - 1].begin + static_cast<size_t>(matches[b - 1].len);
           k < matches[b].begin && !space_between; ++k)
        space_between = u_isUWhiteSpace(static_cast<UChar32>(Cp((*s)[k]))) != 0;
      if (space_between) break;
      strong = strong || matches[b].evidence == Evidence::kStrong;
    }
    for (size_t k = a; k < b; ++k)
      if (matches[k].evidence == Evidence::kWeak && !strong) matches[k].evidence = Evidence::kNone;
    a = b;
  }

  std::u32string out;
  out.reserve(n);
  bool changed = false;
  size_t i = 0;
  for (const Match& m : matches) {
    if (m.evidence == Evidence::kNone) continue;
    out.append(*s, i, m.begin - i);
    out.push_back(m.cp | kRepairedBit);
    i = m.begin + static_cast<size_t>(m.len);
    changed = true;
  }
  if (!changed) return false;
  out.append(*s, i, n - i);
  s->swap(out);
  return true;
}

}  // namespace

int64_t ReverseMojibake(std::u32string* text) {
  for (int layer = 0; layer < kMaxMojibakeLayers; ++layer)
    if (!ReversePass(text)) break;
  int64_t repaired = 0;
  for (char32_t c : *text) repaired += IsRepaired(c) && !(Cp(c) >= 0x80 && Cp(c) <= 0x9F) ? 1 : 0;
  return repaired;
}

}  // namespace threadlens::text_internal
