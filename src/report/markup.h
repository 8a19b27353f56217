// Escaping for HTML and XML output. Everything a report or export writes from the store goes
// through one of these, so a comment body can never open a tag or break a file.
// Pure functions, linear in the input.
#pragma once

#include <string>
#include <string_view>

namespace threadlens::report {

// Text or attribute value for HTML: & < > " ' escaped; invalid UTF-8 replaced by U+FFFD.
void AppendHtml(std::string* out, std::string_view s);
inline std::string Html(std::string_view s) {
  std::string out;
  AppendHtml(&out, s);
  return out;
}

// Text or attribute value for XML 1.0: & < > " ' escaped, tab/CR/LF written as character
// references (so attribute values keep them), every character XML 1.0 forbids (C0 controls,
// U+FFFE, U+FFFF) dropped and invalid UTF-8 replaced by U+FFFD. The result is always
// well-formed content.
void AppendXml(std::string* out, std::string_view s);
inline std::string Xml(std::string_view s) {
  std::string out;
  AppendXml(&out, s);
  return out;
}

}  // namespace threadlens::report
