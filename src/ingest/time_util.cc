#include "ingest/time_util.h"

#include <cmath>
#include <cstdlib>

namespace threadlens {
namespace {

constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400;
// Above this an epoch value is milliseconds: 1e11 s is the year 5138.
constexpr double kMillisThreshold = 1e11;
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr int64_t kMinEpoch = -62135596800, kMaxEpoch = 253402300799;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[*i]; false if they are not there.
bool Digits(std::string_view s, size_t* i, int n, int* out) {
  int v = 0;
  for (int k = 0; k < n; ++k, ++*i) {
    if (*i >= s.size() || !IsDigit(s[*i])) return false;
    v = v * 10 + (s[*i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string FormatIsoUtc(int64_t t) {
  if (t < kMinEpoch || t > kMaxEpoch) return "";
  int64_t days = t / kDay, secs = t % kDay;
  if (secs < 0) {
    secs += kDay;
    --days;
  }
  // civil_from_days
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  // By hand rather than snprintf: readers format one time per comment.
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](size_t at, int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k, v /= 10) out[at + static_cast<size_t>(k)] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, secs / kHour, 2);
  put(14, secs % kHour / kMinute, 2);
  put(17, secs % kMinute, 2);
  return out;
}

std::optional<int64_t> UnixSeconds(int year, int month, int day, int hour, int minute,
                                   int second) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60)
    return std::nullopt;
  return DaysFromCivil(year, month, day) * kDay + hour * kHour + minute * kMinute + second;
}

std::optional<int64_t> ParseIsoTime(std::string_view s) {
  s = Trim(s);
  size_t i = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!Digits(s, &i, 4, &y) || i >= s.size() || s[i++] != '-' || !Digits(s, &i, 2, &mo) ||
      i >= s.size() || s[i++] != '-' || !Digits(s, &i, 2, &d))
    return std::nullopt;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return std::nullopt;
  int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!Digits(s, &i, 2, &h) || i >= s.size() || s[i++] != ':' || !Digits(s, &i, 2, &mi))
      return std::nullopt;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!Digits(s, &i, 2, &se)) return std::nullopt;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        if (i >= s.size() || !IsDigit(s[i])) return std::nullopt;
        while (i < s.size() && IsDigit(s[i])) ++i;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::string_view zone = Trim(s.substr(i));
    if (zone == "Z" || zone == "z" || zone.empty() || zone == "UTC" || zone == "GMT") {
      // UTC (none given: dumps that omit the zone write UTC)
    } else if (zone[0] == '+' || zone[0] == '-') {
      size_t k = 1;
      int oh = 0, om = 0;
      if (!Digits(zone, &k, 2, &oh)) return std::nullopt;
      if (k < zone.size() && zone[k] == ':') ++k;
      if (k < zone.size() && !Digits(zone, &k, 2, &om)) return std::nullopt;
      if (k != zone.size() || oh > 23 || om > 59) return std::nullopt;
      offset = (zone[0] == '+' ? 1 : -1) * (oh * kHour + om * kMinute);
    } else {
      return std::nullopt;
    }
  }
  if (se == 60) se = 59;  // a leap second is kept inside its minute
  int64_t t = DaysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + se - offset;
  if (t < kMinEpoch || t > kMaxEpoch) return std::nullopt;
  return t;
}

std::optional<int64_t> EpochFromDouble(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  if (std::fabs(v) > kMillisThreshold) v /= 1000;
  if (v < static_cast<double>(kMinEpoch) || v > static_cast<double>(kMaxEpoch))
    return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<int64_t> ParseEpoch(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 40) return std::nullopt;
  bool digit = false;
  for (char c : s) {
    if (IsDigit(c)) {
      digit = true;
    } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
      return std::nullopt;
    }
  }
  if (!digit) return std::nullopt;
  std::string tmp(s);
  char* end = nullptr;
  double v = std::strtod(tmp.c_str(), &end);
  if (end != tmp.c_str() + tmp.size()) return std::nullopt;
  return EpochFromDouble(v);
}

std::optional<int64_t> ParseRelativeAge(std::string_view in) {
  std::string s;
  for (char c : Trim(in)) s.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  std::string_view v = s;
  for (std::string_view suffix : {"(edited)", "edited"}) {
    v = Trim(v);
    if (v.size() >= suffix.size() && v.substr(v.size() - suffix.size()) == suffix)
      v.remove_suffix(suffix.size());
  }
  v = Trim(v);
  if (v == "just now" || v == "now" || v == "a moment ago" || v == "moments ago") return 0;
  if (v == "yesterday") return kDay;
  bool ago = false;
  if (v.size() > 4 && v.substr(v.size() - 4) == " ago") {
    v.remove_suffix(4);
    ago = true;
  } else if (v.size() > 3 && v.substr(v.size() - 3) == "ago") {  // "3hago" never; "3h ago" above
    return std::nullopt;
  }
  v = Trim(v);
  // The count: digits, or "a"/"an"/"one".
  int64_t n = 0;
  size_t i = 0;
  if (i < v.size() && IsDigit(v[i])) {
    while (i < v.size() && IsDigit(v[i])) {
      n = n * 10 + (v[i] - '0');
      if (n > 100000) return std::nullopt;
      ++i;
    }
  } else {
    for (std::string_view word : {"an ", "a ", "one "}) {
      if (v.substr(0, word.size()) == word) {
        n = 1;
        i = word.size();
        break;
      }
    }
    if (n == 0) return std::nullopt;
  }
  std::string_view unit = Trim(v.substr(i));
  if (unit.empty()) return std::nullopt;
  struct Unit {
    std::string_view name;
    int64_t seconds;
  };
  static const Unit kUnits[] = {
      {"second", 1},        {"seconds", 1},        {"sec", 1},          {"secs", 1},
      {"s", 1},             {"minute", kMinute},   {"minutes", kMinute}, {"min", kMinute},
      {"mins", kMinute},    {"m", kMinute},        {"hour", kHour},      {"hours", kHour},
      {"hr", kHour},        {"hrs", kHour},        {"h", kHour},         {"day", kDay},
      {"days", kDay},       {"d", kDay},           {"week", 7 * kDay},   {"weeks", 7 * kDay},
      {"wk", 7 * kDay},     {"wks", 7 * kDay},     {"w", 7 * kDay},      {"month", 30 * kDay},
      {"months", 30 * kDay}, {"mo", 30 * kDay},    {"mos", 30 * kDay},   {"year", 365 * kDay},
      {"years", 365 * kDay}, {"yr", 365 * kDay},   {"yrs", 365 * kDay},  {"y", 365 * kDay},
  };
  for (const Unit& u : kUnits) {
    if (unit == u.name) {
      // A spelled-out unit needs "ago" ("3 hours" alone is a duration); a compact one ("5d") not.
      if (!ago && u.name.size() > 2) return std::nullopt;
      return n * u.seconds;
    }
  }
  return std::nullopt;
}

bool NormalizeTime(std::string_view s, std::optional<int64_t> reference, std::string* iso,
                   bool* approx) {
  iso->clear();
  *approx = false;
  std::optional<int64_t> t = ParseEpoch(s);
  if (!t) t = ParseIsoTime(s);
  if (!t) {
    std::optional<int64_t> age = ParseRelativeAge(s);
    if (!age || !reference) return false;
    t = *reference - *age;
    *approx = true;
  }
  *iso = FormatIsoUtc(*t);
  if (iso->empty()) *approx = false;
  return !iso->empty();
}

}  // namespace threadlens
