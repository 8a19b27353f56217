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
// The calendar arithmetic and the ISO-8601 grammar are src/ingest/time_util's (shared with the
// JSON and CSV readers); this file adds only the XML dumps' own shapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/time_util.h"  // FormatIsoUtc, UnixSeconds

namespace threadlens {

// "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+HH:MM", "+HHMM", "+HH" or nothing (taken as
// UTC: Disqus, HN and most exporters write UTC without saying so). A space may stand for "T".
std::string IsoUtcFromIso8601(std::string_view text);

// "YYYY-MM-DD HH:MM:SS" read as UTC (WordPress's *_gmt columns, and its local columns when the
// caller has nothing better and flags the result as local time).
std::string IsoUtcFromSqlDateTime(std::string_view text);

// RFC 822/2822 as in RSS: "[Tue, ]14 Jan 2014 17:31[:03] (+0000|GMT|UT|Z|EST|...)".
std::string IsoUtcFromRfc822(std::string_view text);

}  // namespace threadlens
