// Timestamps as the XML and HTML dumps write them, turned into the store's one form:
// ISO-8601 UTC with whole seconds, "2014-01-14T17:32:12Z".
//
//   std::string t = IsoUtcFromIso8601("2012-05-06T15:46:06-05:00");  // "2012-05-06T20:46:06Z"
//   std::string w = IsoUtcFromSqlDateTime("2014-01-14 17:32:12");     // "2014-01-14T17:32:12Z"
//   std::string r = IsoUtcFromRfc822("Tue, 14 Jan 2014 17:31:03 +0000");
//
// Every function returns "" when the text is not a valid date of its shape (an unknown month,
// 2014-02-30, 25:00, WordPress's "0000-00-00 00:00:00" placeholder); callers decide whether that
// is worth a warning. Fractions of a second are dropped. Pure functions, safe from any thread.
//
// NOTE: src/ingest/time_util.* (JSON readers) covers the same ground for JSON dumps; the two are
// meant to be merged once both exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threadlens {

// "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+HH:MM", "+HHMM", "+HH" or nothing (taken as
// UTC: Disqus, HN and most exporters write UTC without saying so). A space may stand for "T".
std::string IsoUtcFromIso8601(std::string_view text);

// "YYYY-MM-DD HH:MM:SS" read as UTC (WordPress's *_gmt columns, and its local columns when the
// caller has nothing better and flags the result as local time).
std::string IsoUtcFromSqlDateTime(std::string_view text);

// RFC 822/2822 as in RSS: "[Tue, ]14 Jan 2014 17:31[:03] (+0000|GMT|UT|Z|EST|...)".
std::string IsoUtcFromRfc822(std::string_view text);

// Seconds since 1970-01-01 UTC of a proleptic Gregorian date and time; nullopt if out of range.
std::optional<int64_t> UnixSeconds(int year, int month, int day, int hour, int minute, int second);

// The ISO form of a Unix time, "1970-01-01T00:00:00Z"; "" for years outside 0001..9999.
std::string IsoUtcFromUnix(int64_t seconds);

}  // namespace threadlens
