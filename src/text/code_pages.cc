// Windows-1252 (with Latin-1) and Windows-1250 seen from the mojibake side: which byte a code
// point was, and whether it could have been a UTF-8 lead or continuation byte. The byte→code
// point tables come from ICU's converters, so no code page is typed in by hand here.
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "text/repair_internal.h"

namespace threadlens::text_internal {
namespace {

// Flags per code point, kept for U+0000..U+02FF and U+2000..U+21FF: every Windows-1252/1250
// image of a byte 80..FF lies in one of those two ranges (tests/text/repair_test.cc checks it).
// kLead2/3/4: in some code page the image of a lead byte of a 2-, 3- or 4-byte sequence.
constexpr uint8_t kLead2 = 1, kLead3 = 2, kLead4 = 4;
constexpr uint8_t kLead = kLead2 | kLead3 | kLead4;
constexpr uint8_t kContinuation = 8;
constexpr char32_t kLowEnd = 0x300;
constexpr char32_t kHighBegin = 0x2000, kHighEnd = 0x2200;

struct PageTable {
  // (code point, byte) for bytes 80..FF, sorted by code point for binary search.
  std::vector<std::pair<char32_t, uint8_t>> from_unicode;
  // What bytes 80..FF show as; 0 where the code page leaves the byte undefined.
  std::array<char32_t, 128> to_unicode{};
};

struct Tables {
  PageTable pages[2];
  std::array<uint8_t, kLowEnd> low_flags{};
  std::array<uint8_t, kHighEnd - kHighBegin> high_flags{};
};

// Fills `page` with the images of bytes 80..FF under ICU converter `name`. If ICU lacks the
// converter (a stripped ICU data file) the table stays empty and that code page is simply not
// tried: repair degrades, it does not fail.
void LoadPage(const char* name, PageTable* page) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &err);
  if (U_FAILURE(err) || conv == nullptr) return;
  for (int b = 0x80; b <= 0xFF; ++b) {
    char in = static_cast<char>(b);
    UChar out[4];
    UErrorCode e = U_ZERO_ERROR;
    int32_t len = ucnv_toUChars(conv, out, 4, &in, 1, &e);
    // A byte the code page leaves undefined (ICU gives U+FFFD or a substitute) has no image.
    if (U_FAILURE(e) || len != 1 || out[0] == 0xFFFD || out[0] == 0x1A) continue;
    page->from_unicode.emplace_back(out[0], static_cast<uint8_t>(b));
    page->to_unicode[static_cast<size_t>(b - 0x80)] = out[0];
  }
  ucnv_close(conv);
}

void SetFlag(Tables* t, char32_t cp, uint8_t flag) {
  if (cp < kLowEnd)
    t->low_flags[cp] |= flag;
  else if (cp >= kHighBegin && cp < kHighEnd)
    t->high_flags[cp - kHighBegin] |= flag;
}

Tables Build() {
  Tables t;
  LoadPage("windows-1252", &t.pages[0]);
  LoadPage("windows-1250", &t.pages[1]);
  // Latin-1 shows bytes 80..9F as the C1 controls: add them to the 1252 table (where the byte
  // is defined in 1252 both code points now map to it, which is what we want).
  for (char32_t cp = 0x80; cp <= 0x9F; ++cp)
    t.pages[0].from_unicode.emplace_back(cp, static_cast<uint8_t>(cp));
  for (PageTable& p : t.pages) {
    std::sort(p.from_unicode.begin(), p.from_unicode.end());
    for (const auto& [cp, byte] : p.from_unicode) {
      if (byte >= 0xC2 && byte <= 0xDF) SetFlag(&t, cp, kLead2);
      if (byte >= 0xE0 && byte <= 0xEF) SetFlag(&t, cp, kLead3);
      if (byte >= 0xF0 && byte <= 0xF4) SetFlag(&t, cp, kLead4);
      if (byte <= 0xBF) SetFlag(&t, cp, kContinuation);
    }
  }
  return t;
}

const Tables& GetTables() {
  static const Tables tables = Build();
  return tables;
}

uint8_t Flags(char32_t cp) {
  const Tables& t = GetTables();
  cp = Cp(cp);
  if (cp < kLowEnd) return t.low_flags[cp];
  if (cp >= kHighBegin && cp < kHighEnd) return t.high_flags[cp - kHighBegin];
  return 0;
}

}  // namespace

int ByteInCodePage(CodePage page, char32_t cp) {
  cp = Cp(cp);
  if (cp < 0x80) return static_cast<int>(cp);
  const auto& v = GetTables().pages[page == CodePage::kWindows1252 ? 0 : 1].from_unicode;
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(cp, uint8_t{0}));
  if (it == v.end() || it->first != cp) return -1;
  return it->second;
}

char32_t ImageInCodePage(CodePage page, int byte) {
  if (byte < 0x80) return static_cast<char32_t>(byte);
  if (byte > 0xFF) return 0;
  return GetTables()
      .pages[page == CodePage::kWindows1252 ? 0 : 1]
      .to_unicode[static_cast<size_t>(byte - 0x80)];
}

bool LooksLikeLeadByte(char32_t cp) { return (Flags(cp) & kLead) != 0; }

int MinContinuationImages(char32_t cp) {
  const uint8_t f = Flags(cp);
  if (f & kLead2) return 1;
  if (f & kLead3) return 2;
  if (f & kLead4) return 3;
  return 0;
}
bool LooksLikeContinuationByte(char32_t cp) { return (Flags(cp) & kContinuation) != 0; }

}  // namespace threadlens::text_internal
