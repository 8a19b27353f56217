#include "report/markup.h"

#include "report/text_excerpt.h"

namespace threadlens::report {

void AppendHtml(std::string* out, std::string_view in) {
  std::string s = ValidUtf8(in);
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      case '\0': break;  // HTML parsers drop or replace it; say nothing rather than U+FFFD
      default: out->push_back(c);
    }
  }
}

void AppendXml(std::string* out, std::string_view in) {
  std::string s = ValidUtf8(in);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&apos;"); break;
      case '\t': out->append("&#9;"); break;
      case '\n': out->append("&#10;"); break;
      case '\r': out->append("&#13;"); break;
      default:
        if (c < 0x20) break;  // not allowed in XML 1.0, not even as a reference
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not characters in XML 1.0.
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
             static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
          i += 2;
          break;
        }
        out->push_back(static_cast<char>(c));
    }
  }
}

}  // namespace threadlens::report
