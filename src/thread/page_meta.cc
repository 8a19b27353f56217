#include "thread/page_meta.h"

#include <re2/re2.h>

#include <cctype>
#include <cstdio>
#include <string>

namespace threadlens {
namespace {

int MonthIndex(std::string_view m) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  std::string p;
  for (size_t i = 0; i < 3; ++i) p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(m[i]))));
  for (int i = 0; i < 12; ++i)
    if (p == kMonths[i]) return i + 1;
  return 0;
}

bool ValidDate(int y, int mo, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

std::string Iso(int y, int mo, int d, int h, int mi, int s, bool has_time) {
  char buf[32];
  if (has_time)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
  return buf;
}

// "9:14 am" / "21:05" -> 24-hour clock; false when out of range.
bool ClockTime(const std::string& h, const std::string& mi, const std::string& ampm, int* hh, int* mm) {
  *hh = std::stoi(h);
  *mm = std::stoi(mi);
  if (!ampm.empty()) {
    bool pm = ampm[0] == 'p' || ampm[0] == 'P';
    if (*hh < 1 || *hh > 12) return false;
    *hh = (*hh % 12) + (pm ? 12 : 0);
  }
  return *hh < 24 && *mm < 60;
}

}  // namespace

PageTime ParsePageTime(std::string_view text) {
  PageTime out;
  static const RE2 kRelative(
      R"((?i)^\s*(?:(?:\d+|an?|one)\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|mos|months?|y|yr|yrs|years?)(?:\s+ago)?|just now|now|today|yesterday|last (?:week|month|year))(?:\s*(?:at|,)?\s*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\s*(?:\(edited\)|edited)?\s*$)");
  if (RE2::FullMatch(text, kRelative)) {
    out.relative = true;
    return out;
  }
  static const RE2 kIso(R"(^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(?:Z|UTC|\+00:?00)?\s*$)");
  std::string y, mo, d, h, mi, s;
  if (RE2::FullMatch(text, kIso, &y, &mo, &d, &h, &mi, &s)) {
    if (!ValidDate(std::stoi(y), std::stoi(mo), std::stoi(d))) return out;
    bool has_time = !h.empty();
    out.iso = Iso(std::stoi(y), std::stoi(mo), std::stoi(d), has_time ? std::stoi(h) : 0,
                  has_time ? std::stoi(mi) : 0, s.empty() ? 0 : std::stoi(s), has_time);
    return out;
  }
  // "January 27, 2025 at 9:14 am", "Jan 27, 2025, 9:14 AM", "Jan 27 2025"
  static const RE2 kMonthFirst(
      R"((?i)^\s*([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*(?:at|,)?\s*(\d{1,2}):(\d{2})\s*([ap])?\.?m?\.?)?\s*$)");
  // "27 January 2025 at 09:14", "27 Jan 2025"
  static const RE2 kDayFirst(
      R"((?i)^\s*(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})(?:\s*(?:at|,)?\s*(\d{1,2}):(\d{2})\s*([ap])?\.?m?\.?)?\s*$)");
  std::string month, ampm;
  bool matched = RE2::FullMatch(text, kMonthFirst, &month, &d, &y, &h, &mi, &ampm) ||
                 RE2::FullMatch(text, kDayFirst, &d, &month, &y, &h, &mi, &ampm);
  if (!matched) return out;
  int m = MonthIndex(month);
  if (m == 0 || !ValidDate(std::stoi(y), m, std::stoi(d))) return out;
  int hh = 0, mm = 0;
  bool has_time = !h.empty();
  if (has_time && !ClockTime(h, mi, ampm, &hh, &mm)) return out;
  out.iso = Iso(std::stoi(y), m, std::stoi(d), hh, mm, 0, has_time);
  return out;
}

std::optional<int64_t> ParseCount(std::string_view text) {
  static const RE2 kCount(R"((?i)^\s*([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d))?\s*([km])?\s*$)");
  std::string sign, whole, frac, unit;
  if (!RE2::FullMatch(text, kCount, &sign, &whole, &frac, &unit)) return std::nullopt;
  std::string digits;
  for (char c : whole)
    if (c != ',') digits.push_back(c);
  if (digits.size() > 15) return std::nullopt;
  int64_t v = std::stoll(digits);
  int64_t mult = unit.empty() ? 1 : (unit[0] == 'k' || unit[0] == 'K') ? 1000 : 1000000;
  v = v * mult + (frac.empty() ? 0 : (frac[0] - '0') * mult / 10);
  if (!frac.empty() && unit.empty()) return std::nullopt;  // "1.5" is not a count
  return sign == "-" ? -v : v;
}

}  // namespace threadlens
