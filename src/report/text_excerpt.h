// Text excerpts for reports: valid UTF-8, sentence-sized snippets around a byte span, shortening
// on word boundaries, and wrapping for terminals. Every function is pure (no state), linear in
// its input and safe to call from any thread.
//
//   std::string s = SentenceAround(body, ev_start, ev_end, 220);  // "…cannot be done without theft."
//   std::string t = Shorten(body, 140);                           // first words + "…"
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace threadlens::report {

// `s` with every invalid UTF-8 sequence replaced by U+FFFD (returns a copy; valid input unchanged).
std::string ValidUtf8(std::string_view s);

// Number of code points in valid UTF-8 (a terminal column count, ignoring wide characters).
size_t Columns(std::string_view s);

// Whitespace runs (including newlines) collapsed to one space, ends trimmed.
std::string Squash(std::string_view s);

// `s` squashed; if longer than `max_cols` code points, cut at the last word boundary that fits
// and ended with "…". Never splits a UTF-8 sequence.
std::string Shorten(std::string_view s, size_t max_cols);

// The sentence(s) of `body` holding the byte span [start, end), squashed, at most `max_cols`
// code points: widened to the enclosing sentence boundaries (. ! ? or a line break), then
// trimmed around the span with "…" where cut. A span outside the body (bad offsets in the
// store) falls back to the start of the body.
std::string SentenceAround(std::string_view body, long long start, long long end,
                           size_t max_cols);

// Greedy word wrap to `width` columns; continuation lines start with `indent`. Words longer
// than a line are kept whole (a URL is better long than broken).
std::vector<std::string> Wrap(std::string_view text, size_t width, std::string_view indent = "");

}  // namespace threadlens::report
