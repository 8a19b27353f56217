#include "ingest/readers/xml_time.h"

#include "ingest/time_util.h"

#include <cctype>
#include <cstdio>

namespace threadlens {
namespace {

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
  return FormatIsoUtc(*t - int64_t{offset_minutes} * 60);
}

}  // namespace

std::string IsoUtcFromIso8601(std::string_view text) {
  // A date alone is no timestamp in these dumps' attributes: require the time of day.
  std::string_view t = Trim(text);
  if (t.size() < 11 || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) return "";
  auto seconds = ParseIsoTime(t);
  return seconds ? FormatIsoUtc(*seconds) : "";
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
