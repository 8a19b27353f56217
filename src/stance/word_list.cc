#include "stance/word_list.h"

#include <re2/re2.h>

#include <algorithm>

namespace threadlens::stance {
namespace {

bool IsAsciiWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string WordPattern(std::string_view item) {
  bool prefix = !item.empty() && item.back() == '*';
  if (prefix) item.remove_suffix(1);
  std::string out;
  if (!item.empty() && IsAsciiWordChar(item.front())) out += "\\b";
  size_t i = 0;
  while (i < item.size()) {
    char c = item[i];
    if (c == ' ' || c == '\t') {
      while (i < item.size() && (item[i] == ' ' || item[i] == '\t')) ++i;
      out += "\\s+";
      continue;
    }
    if (c == '-') {
      out += "[-‐–\\s]?";
    } else if (c == '\'') {
      out += "['’]?";  // "dont", "cant": comments often drop the apostrophe
    } else if (item.compare(i, 3, "’") == 0) {
      out += "['’]?";
      i += 3;
      continue;
    } else {
      out += RE2::QuoteMeta(std::string_view(&item[i], 1));
    }
    ++i;
  }
  if (prefix) {
    out += "\\w*";
  } else if (!item.empty() && IsAsciiWordChar(item.back())) {
    out += "\\b";
  }
  return out;
}

std::string WordListPattern(const std::vector<std::string>& items) {
  std::vector<std::string> sorted(items);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out = "(?:";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i) out += '|';
    out += WordPattern(sorted[i]);
  }
  out += ')';
  return out;
}

}  // namespace threadlens::stance
