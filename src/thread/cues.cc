#include "thread/cues.h"

#include <algorithm>
#include <cctype>

namespace threadlens::cues {
namespace {

bool Space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Length of the quotation mark starting at s[i] (0 if none). *open: it opens a quote.
size_t QuoteMark(std::string_view s, size_t i, bool* open, bool* closing) {
  *open = *closing = false;
  if (s[i] == '"') {
    *open = *closing = true;
    return 1;
  }
  static const std::pair<std::string_view, int> kMarks[] = {
      {"\u201C", 1}, {"\u201D", 2}, {"\u2018", 1}, {"\u00AB", 1}, {"\u00BB", 2}, {"\u201E", 1}};
  for (const auto& [m, kind] : kMarks) {
    if (StartsWith(s.substr(i), m)) {
      *open = kind == 1;
      *closing = kind == 2;
      return m.size();
    }
  }
  return 0;
}

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

}  // namespace

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && Space(s[b])) ++b;
  while (e > b && Space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string_view FirstSentence(std::string_view s) {
  s = Trim(s);
  const size_t limit = std::min<size_t>(s.size(), 200);
  for (size_t i = 0; i < limit; ++i) {
    char c = s[i];
    if ((c == '.' || c == '?' || c == '!') && (i + 1 == s.size() || Space(s[i + 1])))
      return s.substr(0, i + 1);
  }
  return s.substr(0, limit);
}

std::string_view LastSentence(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return s;
  size_t end = s.size() - 1;  // skip the final terminator itself
  for (size_t i = end; i-- > 0;) {
    char c = s[i];
    if ((c == '.' || c == '?' || c == '!' || c == '\n') && Space(s[i + 1])) {
      std::string_view last = Trim(s.substr(i + 1));
      return last.size() > 300 ? last.substr(last.size() - 300) : last;
    }
    if (s.size() - i > 300) break;
  }
  return s.size() > 300 ? s.substr(s.size() - 300) : s;
}

bool EndsSentence(std::string_view s) {
  s = Trim(s);
  while (!s.empty()) {
    char c = s.back();
    if (c == '.' || c == '!' || c == '?') return true;
    if (c == ')' || c == '"' || c == '\'' || c == ']') {
      s.remove_suffix(1);
      continue;
    }
    if (s.size() >= 3) {
      std::string_view tail = s.substr(s.size() - 3);
      if (tail == "\u2026") return true;  // …
      if (tail == "\u201D" || tail == "\u2019") {
        s.remove_suffix(3);
        continue;
      }
    }
    return false;
  }
  return false;
}

int CountWords(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    if (Space(c)) {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

bool IsBareUrl(std::string_view s) {
  s = Trim(s);
  if (!(StartsWith(s, "http://") || StartsWith(s, "https://") || StartsWith(s, "www.")))
    return false;
  return std::none_of(s.begin(), s.end(), Space);
}

bool HasUrl(std::string_view s) {
  return s.find("http://") != std::string_view::npos ||
         s.find("https://") != std::string_view::npos || s.find("www.") != std::string_view::npos;
}

int ListNumber(std::string_view s) {
  s = Trim(s);
  size_t i = 0;
  int n = 0;
  while (i < s.size() && i < 2 && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + (s[i++] - '0');
  if (i == 0 || i >= s.size() || (s[i] != '.' && s[i] != ')')) return 0;
  if (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) return 0;  // "3.5"
  return n;
}

bool IsBullet(std::string_view s) {
  s = Trim(s);
  return StartsWith(s, "- ") || StartsWith(s, "* ") || StartsWith(s, "\u2022 ") ||
         StartsWith(s, "\u2022");
}

bool WhollyQuoted(std::string_view s) {
  s = Trim(s);
  if (s.size() < 3) return false;
  bool open = false, closing = false;
  if (QuoteMark(s, 0, &open, &closing) == 0 || !open) return false;
  // Strip trailing punctuation, then require a closing mark.
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == '!' || s.back() == '?'))
    s.remove_suffix(1);
  if (!s.empty() && s.back() == '"') return true;
  return s.size() >= 3 && (s.substr(s.size() - 3) == "\u201D" || s.substr(s.size() - 2) == "\u00BB");
}

int OpenQuotes(std::string_view s) {
  int curly = 0, ascii = 0;
  for (size_t i = 0; i < s.size();) {
    bool open = false, closing = false;
    size_t len = QuoteMark(s, i, &open, &closing);
    if (len == 0) {
      ++i;
      continue;
    }
    if (s[i] == '"') {
      ++ascii;
    } else if (s.substr(i, len) == "\u2018") {
      // single quotes double as apostrophes; ignore
    } else if (open) {
      ++curly;
    } else if (closing) {
      --curly;
    }
    i += len;
  }
  return std::max(curly, 0) + (ascii % 2);
}

std::vector<std::pair<size_t, size_t>> QuotedPhrases(std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  static const std::pair<std::string_view, std::string_view> kPairs[] = {
      {"\u201C", "\u201D"}, {"\u2018", "\u2019"}, {"\"", "\""}, {"\u00AB", "\u00BB"}, {"'", "'"}};
  for (const auto& [open, close] : kPairs) {
    size_t pos = 0;
    while (pos < s.size()) {
      size_t a = s.find(open, pos);
      if (a == std::string_view::npos) break;
      // An ASCII or curly single quote must open at a word start (not an apostrophe).
      if ((open == "'" || open == "\u2018") && a > 0 && std::isalnum(static_cast<unsigned char>(s[a - 1]))) {
        pos = a + open.size();
        continue;
      }
      size_t from = a + open.size();
      size_t b = s.find(close, from);
      // A closing single quote followed by a letter is an apostrophe: look further.
      while (b != std::string_view::npos && (close == "'" || close == "\u2019") &&
             b + close.size() < s.size() && std::isalpha(static_cast<unsigned char>(s[b + close.size()])))
        b = s.find(close, b + close.size());
      if (b == std::string_view::npos || b - from > 400) break;
      if (b > from) out.emplace_back(from, b);
      pos = b + close.size();
    }
  }
  return out;
}

bool IsQuestion(std::string_view sentence) {
  sentence = Trim(sentence);
  while (!sentence.empty() && (sentence.back() == '"' || sentence.back() == ')')) sentence.remove_suffix(1);
  if (sentence.size() >= 3 && sentence.substr(sentence.size() - 3) == "\u201D") sentence.remove_suffix(3);
  return !sentence.empty() && sentence.back() == '?';
}

std::vector<std::string> LeadingMentions(std::string_view s) {
  std::vector<std::string> out;
  s = Trim(s);
  size_t i = 0;
  while (i < s.size() && s[i] == '@') {
    size_t b = ++i;
    while (i < s.size() && WordChar(s[i])) ++i;
    if (i == b) break;
    std::string name(s.substr(b, i - b));
    while (!name.empty() && name.back() == '.') name.pop_back();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!name.empty()) out.push_back(std::move(name));
    while (i < s.size() && (Space(s[i]) || s[i] == ',')) ++i;
  }
  return out;
}

std::vector<std::string> Mentions(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '@' || (i > 0 && WordChar(s[i - 1]))) continue;
    size_t b = i + 1, e = b;
    while (e < s.size() && WordChar(s[e])) ++e;
    std::string name(s.substr(b, e - b));
    while (!name.empty() && name.back() == '.') name.pop_back();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!name.empty()) out.push_back(std::move(name));
    i = e;
  }
  return out;
}

bool StartsLower(std::string_view s) {
  s = Trim(s);
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
}

}  // namespace threadlens::cues
