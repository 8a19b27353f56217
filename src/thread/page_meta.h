// PageMeta: what a comment's header says about it — author, time, score, reply count, depth —
// turned from page text into model values.
//
//   PageTime t = ParsePageTime("January 27, 2025 at 9:14 am");  // t.iso = "2025-01-27T09:14:00Z"
//   PageTime r = ParsePageTime("3 hours ago");                   // r.relative, r.iso empty
//
// Absolute dates without a zone are taken as UTC (pages rarely say; the reader's zone is
// unknown). Relative times ("3 hours ago", "3d", "yesterday at 8:17 AM") cannot be resolved: a
// text page carries no timestamp of its own, and the file's mtime says when it was saved, not
// when the page was rendered. They are kept verbatim (Comment::flags "time:<text>") and
// created_at stays empty. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threadlens {

struct PageTime {
  std::string iso;        // "2025-01-27T09:14:00Z", or "2025-01-27" for a date alone; "" if none
  bool relative = false;  // "3 hours ago", "yesterday", "3d": not resolvable from the page
  bool ok() const { return relative || !iso.empty(); }
};

// Parses a date or time as comment pages print it; !ok() when `text` is neither.
PageTime ParsePageTime(std::string_view text);

// "12", "1,204", "1.2k", "3K", "-4" -> the count; nullopt when `text` is not a count.
std::optional<int64_t> ParseCount(std::string_view text);

}  // namespace threadlens
