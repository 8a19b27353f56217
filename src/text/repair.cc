// RepairText: a fast scan that proves most texts need nothing, and the slow path that repairs.
//
// Most comments are ASCII or clean UTF-8. The fast path reads the bytes once (eight at a time
// while they are ASCII) and returns the input unchanged when it finds no ill-formed UTF-8, no
// control character, no place where mojibake could be (a lead-byte image such as "Ã" or "Ă"
// followed by as many continuation-byte images, such as "©" or "€", as the shortest sequence
// it could start needs) and no "â". It calls into ICU only for the NFC check, and only when
// the text has a code point that is not NFC-inert (IsNfcInert: a bitmap, so curly quotes,
// CJK and emoji do not count). Anything else takes the slow path (repair_internal.h), which
// does every step; tests check both give the same result on clean text.
#include "text/repair.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <cassert>
#include <cstdint>
#include <cstring>

#include "text/repair_internal.h"

namespace threadlens {
namespace {

using namespace text_internal;

constexpr char32_t kFirstNonNfcSafe = 0x300;  // no code point below can change under NFC
constexpr uint64_t kHighBits = 0x8080808080808080ull;
constexpr uint64_t kOnes = 0x0101010101010101ull;

// True if any of the eight ASCII bytes in `w` is below 0x20 or is 0x7F. REQUIRES: no byte of
// `w` has its high bit set (then the subtraction trick below has no false positives).
bool MayHaveControl(uint64_t w) {
  const uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHighBits;
  const uint64_t x = w ^ (0x7F * kOnes);
  const uint64_t del = (x - kOnes) & ~x & kHighBits;
  return (below_space | del) != 0;
}

enum class ScanResult { kNothingToDo, kNeedsNfcCheck, kNeedsRepair };

// One pass over `in`: can it be returned as it is?
ScanResult Scan(std::string_view in) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  bool needs_nfc_check = false;
  // Continuation images still needed after the last lead image for a possible mojibake
  // sequence (0: no lead image pending).
  int wanted = 0;
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & kHighBits) == 0 && !MayHaveControl(w)) {
        i += 8;
        wanted = 0;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return ScanResult::kNeedsRepair;
      wanted = 0;
      ++i;
      continue;
    }
    // Decode one multi-byte sequence; anything ill-formed goes to the slow path.
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp;
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
    } else {
      return ScanResult::kNeedsRepair;
    }
    if (i + static_cast<size_t>(need) >= n) return ScanResult::kNeedsRepair;  // truncated
    for (int k = 1; k <= need; ++k) {
      const unsigned char cc = p[i + static_cast<size_t>(k)];
      if (cc < lo || cc > hi) return ScanResult::kNeedsRepair;
      cp = (cp << 6) | (cc & 0x3F);
      lo = 0x80;
      hi = 0xBF;
    }
    i += static_cast<size_t>(need) + 1;
    if (cp <= 0x9F) return ScanResult::kNeedsRepair;  // C1 control
    if (cp == 0xE2) return ScanResult::kNeedsRepair;  // "â": maybe a lost quote or dash
    if (wanted > 0 && LooksLikeContinuationByte(cp)) {
      if (--wanted == 0) return ScanResult::kNeedsRepair;  // a whole candidate sequence
    } else {
      wanted = MinContinuationImages(cp);
    }
    if (cp >= kFirstNonNfcSafe && !needs_nfc_check && !IsNfcInert(cp)) needs_nfc_check = true;
  }
  return needs_nfc_check ? ScanResult::kNeedsNfcCheck : ScanResult::kNothingToDo;
}

// NFC of valid UTF-8 `s`. If ICU's normaliser is unavailable, `s` is returned unchanged (the
// text is still valid; only composition is skipped).
std::string Nfc(std::string s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return s;
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(piece, err) && U_SUCCESS(err)) return s;
  err = U_ZERO_ERROR;
  std::string out;
  out.reserve(s.size());
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, piece, sink, nullptr, err);
  if (U_FAILURE(err)) return s;
  return out;
}

}  // namespace

namespace text_internal {

std::string RepairTextSlow(std::string_view raw, RepairCounts* counts) {
  std::u32string text = DecodeUtf8ForRepair(raw, counts);
  counts->mojibake_reversed += ReverseMojibake(&text);
  DropC1Controls(&text, counts);  // after ReverseMojibake: Latin-1 mojibake is made of them
  counts->lossy_punctuation += RestoreLostPunctuation(&text);
  return Nfc(EncodeUtf8(text));
}

}  // namespace text_internal

std::string RepairText(std::string_view raw, RepairCounts* counts) {
  assert(counts != nullptr);
  switch (Scan(raw)) {
    case ScanResult::kNothingToDo:
      return std::string(raw);
    case ScanResult::kNeedsNfcCheck:
      return Nfc(std::string(raw));
    case ScanResult::kNeedsRepair:
      break;
  }
  return RepairTextSlow(raw, counts);
}

}  // namespace threadlens
