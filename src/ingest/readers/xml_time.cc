#include "ingest/readers/xml_time.h"

#include <cctype>
#include <cstdio>

namespace threadlens {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// A cursor over the text with the few token readers the three grammars need.
struct Scan {
  std::string_view s;
  size_t i = 0;

  bool AtEnd() const { return i >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[i]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  void SkipSpaces() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  // Exactly n digits.
  bool Digits(int n, int* out) {
    int v = 0;
    for (int k = 0; k < n; ++k) {
      if (AtEnd() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      v = v * 10 + (s[i++] - '0');
    }
    *out = v;
    return true;
  }
  // 1 to max digits.
  bool SomeDigits(int max, int* out) {
    int v = 0, n = 0;
    while (n < max && !AtEnd() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
      ++n;
    }
    *out = v;
    return n > 0;
  }
  std::string_view Word() {
    size_t b = i;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(b, i - b);
  }
};

std::string_view Trim(std::string_view t) {
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  return t;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(a[k])) !=
        std::tolower(static_cast<unsigned char>(b[k])))
      return false;
  return true;
}

// Date and time fields, validated, minus an offset in minutes east of UTC.
std::string Compose(int y, int mo, int d, int h, int mi, int s, int offset_minutes) {
  auto t = UnixSeconds(y, mo, d, h, mi, s);
  if (!t) return "";
  return IsoUtcFromUnix(*t - int64_t{offset_minutes} * 60);
}

// "+HH:MM", "+HHMM", "+HH", "-…", "Z"; sets *minutes. False on anything else.
bool ReadNumericOffset(Scan* sc, int* minutes) {
  if (sc->Eat('Z') || sc->Eat('z')) {
    *minutes = 0;
    return true;
  }
  int sign = sc->Eat('+') ? 1 : (sc->Eat('-') ? -1 : 0);
  if (sign == 0) return false;
  int hh = 0, mm = 0;
  if (!sc->Digits(2, &hh)) return false;
  if (sc->Eat(':')) {
    if (!sc->Digits(2, &mm)) return false;
  } else if (std::isdigit(static_cast<unsigned char>(sc->Peek()))) {
    if (!sc->Digits(2, &mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  *minutes = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

std::optional<int64_t> UnixSeconds(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60)  // 60: a leap second, folded into the next minute
    return std::nullopt;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

std::string IsoUtcFromUnix(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  // civil_from_days (H. Hinnant).
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 1 || y > 9999) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::string IsoUtcFromIso8601(std::string_view text) {
  Scan sc{Trim(text)};
  int y, mo, d, h, mi, s = 0;
  if (!sc.Digits(4, &y) || !sc.Eat('-') || !sc.Digits(2, &mo) || !sc.Eat('-') || !sc.Digits(2, &d))
    return "";
  if (!sc.Eat('T') && !sc.Eat('t') && !sc.Eat(' ')) return "";
  if (!sc.Digits(2, &h) || !sc.Eat(':') || !sc.Digits(2, &mi)) return "";
  if (sc.Eat(':')) {
    if (!sc.Digits(2, &s)) return "";
    if (sc.Eat('.') || sc.Eat(',')) {
      int frac;
      if (!sc.SomeDigits(9, &frac)) return "";
      while (std::isdigit(static_cast<unsigned char>(sc.Peek()))) ++sc.i;
    }
  }
  int offset = 0;
  if (!sc.AtEnd()) {
    sc.SkipSpaces();
    if (!sc.AtEnd() && !ReadNumericOffset(&sc, &offset)) return "";
  }
  if (!sc.AtEnd()) return "";
  return Compose(y, mo, d, h, mi, s, offset);
}

std::string IsoUtcFromSqlDateTime(std::string_view text) {
  Scan sc{Trim(text)};
  int y, mo, d, h, mi, s;
  if (!sc.Digits(4, &y) || !sc.Eat('-') || !sc.Digits(2, &mo) || !sc.Eat('-') ||
      !sc.Digits(2, &d) || !sc.Eat(' ') || !sc.Digits(2, &h) || !sc.Eat(':') ||
      !sc.Digits(2, &mi) || !sc.Eat(':') || !sc.Digits(2, &s) || !sc.AtEnd())
    return "";
  return Compose(y, mo, d, h, mi, s, 0);
}

std::string IsoUtcFromRfc822(std::string_view text) {
  static const char* const kMonths[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
  Scan sc{Trim(text)};
  // Optional day name and comma.
  if (std::isalpha(static_cast<unsigned char>(sc.Peek()))) {
    sc.Word();
    sc.Eat(',');
    sc.SkipSpaces();
  }
  int d, y, h, mi, s = 0;
  if (!sc.SomeDigits(2, &d)) return "";
  sc.SkipSpaces();
  std::string_view mon = sc.Word();
  int mo = 0;
  for (int k = 0; k < 12; ++k)  // "Jan" or "January"
    if (EqualsIgnoreCase(mon, std::string_view(kMonths[k]).substr(0, 3)) ||
        EqualsIgnoreCase(mon, kMonths[k]))
      mo = k + 1;
  if (mo == 0) return "";
  sc.SkipSpaces();
  if (!sc.Digits(4, &y)) return "";
  sc.SkipSpaces();
  if (!sc.Digits(2, &h) || !sc.Eat(':') || !sc.Digits(2, &mi)) return "";
  if (sc.Eat(':') && !sc.Digits(2, &s)) return "";
  sc.SkipSpaces();
  int offset = 0;
  if (!sc.AtEnd()) {
    char c = sc.Peek();
    if (c == '+' || c == '-') {
      int hhmm;
      ++sc.i;
      if (!sc.Digits(4, &hhmm) || hhmm % 100 > 59) return "";
      offset = (c == '-' ? -1 : 1) * (hhmm / 100 * 60 + hhmm % 100);
    } else {
      // The zone names RFC 822 allows (military single letters other than Z are ambiguous in
      // practice and refused).
      static const struct {
        const char* name;
        int minutes;
      } kZones[] = {{"UT", 0},     {"UTC", 0},    {"GMT", 0},    {"Z", 0},
                    {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
                    {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
      std::string_view zone = sc.Word();
      bool found = false;
      for (const auto& z : kZones)
        if (EqualsIgnoreCase(zone, z.name)) {
          offset = z.minutes;
          found = true;
        }
      if (!found) return "";
    }
    sc.SkipSpaces();
    if (!sc.AtEnd()) return "";
  }
  return Compose(y, mo, d, h, mi, s, offset);
}

}  // namespace threadlens
