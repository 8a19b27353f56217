// Times as the JSON and CSV dumps write them, turned into the store's one form: ISO-8601 UTC with
// whole seconds, "2016-10-14T17:03:22Z".
//
//   std::string iso;  bool approx = false;
//   NormalizeTime("1476408245.0", std::nullopt, &iso, &approx);     // "2016-10-14T01:24:05Z"
//   NormalizeTime("2 weeks ago (edited)", ref, &iso, &approx);      // ref - 14 days, approx
//
// Accepted forms: seconds since the epoch as a number or decimal string (a value above 1e11 is
// taken as milliseconds: no dump dates comments after the year 5000), ISO-8601 / RFC 3339 with
// "T" or a space, optional fraction and "Z"/"+HH:MM"/"+HHMM"/"+HH" offset (none = UTC), and
// relative ages ("3 hours ago", "a minute ago", "2 weeks ago (edited)", "just now", "yesterday",
// "5d") resolved against a reference time and marked approximate. Years outside 0001..9999 are
// rejected. Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threadlens {

// "YYYY-MM-DDTHH:MM:SSZ" for seconds since 1970-01-01 UTC; "" for years outside 0001..9999.
std::string FormatIsoUtc(int64_t epoch_seconds);

// Seconds since 1970-01-01 UTC of a proleptic Gregorian date and time; nullopt when a field is
// out of range (2023-02-29, 24:00, year 0). Second 60 (a leap second) folds into the next minute.
std::optional<int64_t> UnixSeconds(int year, int month, int day, int hour, int minute, int second);

// Seconds since the epoch of an ISO-8601 date-time (or a bare "YYYY-MM-DD", read as midnight
// UTC); nullopt when `s` is not one, or names an impossible date (2014-02-30, 25:00).
std::optional<int64_t> ParseIsoTime(std::string_view s);

// Seconds since the epoch of a decimal number ("1476408245", "1476408245.5", "1.4764e9");
// fractions are truncated, milliseconds (> 1e11) are divided by 1000. nullopt if not a number.
std::optional<int64_t> ParseEpoch(std::string_view s);
// The same for a number already parsed.
std::optional<int64_t> EpochFromDouble(double v);

// Seconds before "now" that a relative age says ("3 hours ago" -> 10800; a year counts 365 days,
// a month 30); nullopt when `s` is not a relative age. Trailing "(edited)" is ignored.
std::optional<int64_t> ParseRelativeAge(std::string_view s);

// Any of the forms above into *iso (and *approx = true for a relative age). A relative age needs
// `reference` (the dump's own time); without one it is not resolved. Returns false, leaving *iso
// empty, when `s` is none of these forms (or is relative with no reference).
bool NormalizeTime(std::string_view s, std::optional<int64_t> reference, std::string* iso,
                   bool* approx);

}  // namespace threadlens
