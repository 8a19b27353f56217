#include "ingest/readers/html_prescan.h"

#include <cctype>
#include <string>
#include <vector>

namespace threadlens {
namespace {

bool In(std::string_view name, std::initializer_list<std::string_view> set) {
  for (auto s : set)
    if (name == s) return true;
  return false;
}

bool IsVoid(std::string_view n) {
  return In(n, {"area",   "base",     "br",      "col",   "embed",  "hr",      "img",
                "input",  "link",     "meta",    "param", "source", "track",   "wbr",
                "keygen", "basefont", "bgsound", "frame", "image",  "menuitem"});
}

// Elements whose end the parser implies when a sibling starts; pushing them would make every
// unclosed <p> or <li> look like nesting.
bool IsImpliedEnd(std::string_view n) {
  return In(n, {"p",  "li",  "dt",       "dd",      "option", "optgroup", "tr",
                "td", "th",  "thead",    "tbody",   "tfoot",  "rb",       "rt",
                "rp", "rtc", "colgroup", "caption", "html",   "head",     "body"});
}

bool IsRawText(std::string_view n) {
  return In(n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                "plaintext"});
}

}  // namespace

HtmlCost EstimateHtmlCost(std::string_view s, uint64_t max_elements, uint64_t max_work) {
  HtmlCost c;
  std::vector<std::string> stack;
  int line = 1;
  size_t i = 0;
  auto advance_to = [&](size_t j) {  // moves i to j, counting lines
    if (j > s.size()) j = s.size();
    for (; i < j; ++i)
      if (s[i] == '\n') ++line;
  };
  auto over = [&] {
    if (c.elements > max_elements || c.work > max_work) {
      c.over_budget = true;
      c.stop_line = line;
      return true;
    }
    return false;
  };
  while (i < s.size()) {
    size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) break;
    advance_to(lt);
    std::string_view rest = s.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      size_t e = rest.find("-->", 4);
      advance_to(e == std::string_view::npos ? s.size() : i + e + 3);
      continue;
    }
    bool end = rest.size() > 1 && rest[1] == '/';
    size_t k = end ? 2 : 1;
    if (k >= rest.size() || !std::isalpha(static_cast<unsigned char>(rest[k]))) {
      if (rest.size() > 1 && (rest[1] == '!' || rest[1] == '?')) {
        size_t e = rest.find('>');
        advance_to(e == std::string_view::npos ? s.size() : i + e + 1);
      } else {
        advance_to(i + 1);  // a bare '<' in text
      }
      continue;
    }
    std::string name;
    while (k < rest.size() && !std::isspace(static_cast<unsigned char>(rest[k])) &&
           rest[k] != '>' && rest[k] != '/')
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(rest[k++]))));
    // The end of the tag: the first '>' outside quoted attribute values.
    char quote = 0;
    for (; k < rest.size(); ++k) {
      char ch = rest[k];
      if (quote) {
        if (ch == quote) quote = 0;
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '>') {
        break;
      }
    }
    advance_to(i + k + 1);
    if (end) {
      size_t d = stack.size();
      while (d > 0 && stack[d - 1] != name) --d;
      c.work += stack.size() - d + 1;
      if (d > 0) stack.resize(d - 1);
    } else {
      ++c.elements;
      c.work += stack.size() + 1;
      if (IsRawText(name)) {
        // Skip to the matching end tag, case-insensitively.
        std::string close = "</" + name;
        size_t j = i;
        while (j < s.size()) {
          size_t lt2 = s.find("</", j);
          if (lt2 == std::string_view::npos) {
            j = s.size();
            break;
          }
          bool match = true;
          for (size_t q = 2; q < close.size() && match; ++q)
            match = lt2 + q < s.size() &&
                    std::tolower(static_cast<unsigned char>(s[lt2 + q])) == close[q];
          if (match) {
            j = lt2;
            break;
          }
          j = lt2 + 2;
        }
        advance_to(j);
      } else if (!IsVoid(name) && !IsImpliedEnd(name)) {
        stack.push_back(std::move(name));
        if (stack.size() > c.max_depth) c.max_depth = stack.size();
      }
    }
    if (over()) return c;
  }
  return c;
}

}  // namespace threadlens
