// The pieces RepairText (repair.h) is made of, exposed for its own .cc files and tests only.
// Nothing outside src/text/ and tests/text/ should include this header.
//
// The slow path works on a buffer of code points (std::u32string). Bit 31 of an element marks
// a code point that a repair produced, so later steps can tell repaired text from text as found
// (a reconstructed "â" is never mistaken for a lost quote, and counts are per output character).
// All functions are linear in their input, keep no state between calls and are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model.h"

namespace threadlens::text_internal {

inline constexpr char32_t kRepairedBit = 0x80000000u;
inline constexpr char32_t kReplacement = 0xFFFD;

// The code point of a buffer element, without the repaired mark.
inline char32_t Cp(char32_t c) { return c & ~kRepairedBit; }
inline bool IsRepaired(char32_t c) { return (c & kRepairedBit) != 0; }

// --- utf8.cc ---

// Decodes UTF-8 into code points. Each maximal ill-formed subsequence (overlong forms,
// surrogates, code points above U+10FFFF, truncated sequences, stray continuation bytes, bytes
// C0, C1, F5..FF) becomes one U+FFFD and its bytes are added to counts->invalid_utf8. C0 controls
// other than \t and \n, and DEL, are dropped and counted in counts->control_chars (\r is dropped
// silently: CRLF line ends are not damage). C1 controls (U+0080..U+009F) are kept: Latin-1
// mojibake is made of them, so they are dropped only after ReverseMojibake (see DropC1Controls).
std::u32string DecodeUtf8ForRepair(std::string_view in, RepairCounts* counts);

// Appends the UTF-8 of `cp` (repaired mark ignored). REQUIRES: Cp(cp) is a scalar value.
void AppendUtf8(char32_t cp, std::string* out);
std::string EncodeUtf8(const std::u32string& text);

// Removes U+0080..U+009F, adding how many to counts->control_chars.
void DropC1Controls(std::u32string* text, RepairCounts* counts);

// --- code_pages.cc ---

// How a Windows code page shows the bytes 0x80..0xFF. Tables are built once from ICU's
// converters (process-wide, on first use; C++ guarantees the initialisation is thread-safe).
enum class CodePage { kWindows1252, kWindows1250 };

// The byte that `cp` is in `page`, or -1 if it has none. ASCII maps to itself. For
// kWindows1252 the C1 controls U+0080..U+009F also map to their own byte: that makes it
// the union of Windows-1252 and Latin-1, which is what "decoded as Latin-1" looks like.
int ByteInCodePage(CodePage page, char32_t cp);

// What `byte` shows as in `page` (ICU's table; Windows-1252 shows its five undefined bytes as
// the C1 controls, like Windows does). 0 if the byte is undefined or out of range.
char32_t ImageInCodePage(CodePage page, int byte);

// True if `cp` is what some UTF-8 lead byte (C2..F4), respectively continuation byte
// (80..BF), looks like in Windows-1252, Latin-1 or Windows-1250. Cheap (table lookups); the
// fast path uses these to decide whether a text needs the mojibake passes at all.
bool LooksLikeLeadByte(char32_t cp);
bool LooksLikeContinuationByte(char32_t cp);

// The fewest continuation bytes that follow the lead byte `cp` could be in any of the code
// pages (1, 2 or 3); 0 if `cp` is no lead-byte image. A lead image followed by fewer
// continuation images than this cannot start mojibake.
int MinContinuationImages(char32_t cp);

// --- nfc_inert.cc ---

// True if `cp` has NFC_Quick_Check=Yes and canonical combining class 0. A text made only of
// such code points is NFC, so RepairText's fast path skips the normaliser for it. Answered from
// a bitmap built once from ICU's properties (code points below U+20000; above, false).
bool IsNfcInert(char32_t cp);

// --- mojibake.cc ---

// Undoes UTF-8 that was decoded as Windows-1252/Latin-1 or Windows-1250, once or twice
// (passes are repeated while they change something, at most kMaxMojibakeLayers times), sequence
// by sequence; marks each produced code point repaired. Also restores the one common lossy
// form whose damage is unambiguous: "â€" whose third byte (0x9D, invisible in Windows-1252)
// was lost becomes "”". Returns how many output code points came from these repairs.
inline constexpr int kMaxMojibakeLayers = 3;  // double mojibake needs 2; 3 leaves headroom
int64_t ReverseMojibake(std::u32string* text);

// --- lost_punctuation.cc ---

// Restores a lone "â" (U+00E2, not marked repaired) that stands for a curly quote, apostrophe
// or dash whose two other UTF-8 bytes were lost, from the letters around it; leaves a real "â"
// (French, Portuguese, Romanian, Vietnamese) alone. Returns how many were restored.
int64_t RestoreLostPunctuation(std::u32string* text);

// --- repair.cc ---

// RepairText without the fast path: every step runs. The fast path must agree with it.
std::string RepairTextSlow(std::string_view raw, RepairCounts* counts);

// --- html_entities.cc ---

// The code point of an HTML named character reference (name without '&' and ';'), or 0.
char32_t LookupHtmlEntity(std::string_view name);

}  // namespace threadlens::text_internal
