#include "ingest/readers/xml_sniff.h"

#include <cctype>

namespace threadlens {
namespace {

bool StartsWithIgnoreCase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(p[i])))
      return false;
  return true;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' ||
         c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

size_t FindIgnoreCase(std::string_view h, std::string_view n) {
  if (n.empty()) return 0;
  for (size_t i = 0; i + n.size() <= h.size(); ++i)
    if (StartsWithIgnoreCase(h.substr(i), n)) return i;
  return std::string_view::npos;
}

MarkupHead ScanMarkupHead(std::string_view s) {
  MarkupHead h;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skip_space();
  for (size_t k = i; k < s.size() && h.first_bytes.size() < 24; ++k) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    h.first_bytes.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
  }
  if (i >= s.size() || s[i] != '<') return h;
  h.markup = true;
  h.xml_declaration = s.substr(i, 5) == "<?xml";
  while (i < s.size()) {
    skip_space();
    if (i >= s.size() || s[i] != '<') return h;  // text before the first element
    std::string_view rest = s.substr(i);
    size_t end;
    if (rest.substr(0, 4) == "<!--") {
      end = rest.find("-->");
      if (end == std::string_view::npos) return h;
      i += end + 3;
    } else if (rest.substr(0, 2) == "<?") {
      end = rest.find("?>");
      if (end == std::string_view::npos) return h;
      i += end + 2;
    } else if (StartsWithIgnoreCase(rest, "<!doctype")) {
      size_t k = 9;
      while (k < rest.size() && std::isspace(static_cast<unsigned char>(rest[k]))) ++k;
      while (k < rest.size() && IsNameChar(rest[k]))
        h.doctype.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(rest[k++]))));
      // An internal subset may contain '>' inside [...].
      size_t bracket = rest.find('[');
      end = rest.find('>');
      if (bracket != std::string_view::npos && bracket < end) {
        size_t close = rest.find("]", bracket);
        end = close == std::string_view::npos ? close : rest.find('>', close);
      }
      if (end == std::string_view::npos) return h;
      i += end + 1;
    } else {
      size_t k = 1;
      while (k < rest.size() && IsNameChar(rest[k])) ++k;
      h.root_name = std::string(rest.substr(1, k - 1));
      end = rest.find('>');
      if (end != std::string_view::npos) h.root_tag = std::string(rest.substr(0, end + 1));
      return h;
    }
  }
  return h;
}

}  // namespace threadlens
