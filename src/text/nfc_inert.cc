// Which code points can never make a text non-NFC on their own (see repair_internal.h).
#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include <bitset>

#include "text/repair_internal.h"

namespace threadlens::text_internal {
namespace {

// Covers the BMP and the SMP (emoji, historic scripts). Rarer planes take the ICU check.
constexpr char32_t kEnd = 0x20000;

const std::bitset<kEnd>& InertSet() {
  // Built once (C++ makes the initialisation thread-safe): about 130k property lookups.
  static const std::bitset<kEnd>* const set = [] {
    auto* s = new std::bitset<kEnd>();
    for (char32_t c = 0; c < kEnd; ++c) {
      const UChar32 u = static_cast<UChar32>(c);
      if (u_getIntPropertyValue(u, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
          u_getCombiningClass(u) == 0)
        s->set(c);
    }
    return s;
  }();
  return *set;
}

}  // namespace

bool IsNfcInert(char32_t cp) {
  cp = Cp(cp);
  return cp < kEnd && InertSet().test(cp);
}

}  // namespace threadlens::text_internal
