// HtmlToText: the plain text of a comment body written as an HTML fragment.
//
// One forward pass, no recursion, no regular expressions. Linear in the input because every
// search is bounded so that no byte is scanned twice for the same purpose:
//   - a tag is looked for only up to the next '<' (exporters escape '<' inside attributes, so
//     a real tag never contains one); without a '>' there the '<' is text;
//   - a named entity is at most kMaxEntityName bytes; digits of a numeric one are consumed;
//   - a comment end or </script> / </style> is searched for only when one exists further on
//     (rfind once), and then the search is consumed; a comment without "-->" is text, a script
//     without its end tag is dropped to the end of the input (it is never text).
// Nothing is lost on broken input: an unterminated tag or entity stays as the text it was.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/repair.h"
#include "text/repair_internal.h"

namespace threadlens {
namespace {

using text_internal::AppendUtf8;

constexpr size_t kMaxEntityName = 32;  // longest HTML4 name is 8; leaves room, stays bounded
constexpr size_t kMaxTagName = 16;     // longer names are no tag we act on
constexpr int kMaxQuoteDepth = 8;      // "> > > ..." deeper than this adds nothing readable

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Decodes the character reference starting at s[i] == '&' into *out. Returns the bytes
// consumed, or 0 if there is no reference there (the '&' is then text).
size_t DecodeEntityAt(std::string_view s, size_t i, std::string* out) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const size_t digits_begin = j;
    uint32_t value = 0;
    bool overflow = false;
    while (j < s.size()) {
      const char c = s[j];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        break;
      if (value > 0x10FFFF)
        overflow = true;
      else
        value = value * (hex ? 16u : 10u) + static_cast<uint32_t>(d);
      ++j;
    }
    if (j == digits_begin) return 0;  // "&#" or "&#x" with no digits: text
    if (j < s.size() && s[j] == ';') ++j;
    char32_t cp = value;
    // HTML maps 0x80..0x9F to what Windows-1252 shows there (&#146; is ’), as browsers do.
    if (!overflow && cp >= 0x80 && cp <= 0x9F) {
      const char32_t image = text_internal::ImageInCodePage(text_internal::CodePage::kWindows1252,
                                                            static_cast<int>(cp));
      if (image != 0) cp = image;
    }
    if (overflow || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    AppendUtf8(cp, out);
    return j - i;
  }
  while (j < s.size() && j - (i + 1) < kMaxEntityName && IsAsciiAlnum(s[j])) ++j;
  const std::string_view name = s.substr(i + 1, j - i - 1);
  if (name.empty()) return 0;
  if (j < s.size() && s[j] == ';') {
    if (char32_t cp = text_internal::LookupHtmlEntity(name)) {
      if (cp == 0xA0)
        out->push_back(' ');  // &nbsp; is spacing in a comment, not a glyph
      else
        AppendUtf8(cp, out);
      return j + 1 - i;
    }
    return 0;
  }
  // Without ';' only the five that sloppy exporters really emit, as browsers accept them.
  static constexpr std::pair<std::string_view, char> kBare[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"nbsp", ' '}};
  for (const auto& [bare, c] : kBare) {
    if (name == bare) {
      out->push_back(c);
      return j - i;
    }
  }
  return 0;
}

// Collects output text: collapses white space outside <pre> (except that a blank line still
// separates paragraphs), turns block boundaries into line breaks, prefixes lines inside <blockquote> with "> ".
class TextBuilder {
 public:
  // Appends text bytes (UTF-8) as found between tags, or decoded from an entity.
  void Text(std::string_view bytes) {
    for (char c : bytes) Byte(c);
  }

  // Appends bytes that hold no white space and no markup, in one go.
  void Word(std::string_view bytes) {
    if (bytes.empty()) return;
    Byte(bytes[0]);
    out_.append(bytes.substr(1));
  }

  void Byte(char c) {
    if (pre_ == 0 && IsHtmlSpace(c)) {
      if (!line_start_) pending_space_ = true;
      // A blank line in the source separates paragraphs: WordPress stores its posts and
      // comments that way (its "autop" adds the <p> only when displaying).
      if (c == '\n' && ++newlines_ == 2) Break(2);
      return;
    }
    newlines_ = 0;
    if (pre_ > 0 && (c == '\n' || c == '\r')) {
      if (c == '\r') return;
      FlushBreaks();
      out_.push_back('\n');
      line_start_ = true;
      return;
    }
    FlushBreaks();
    if (line_start_) {
      for (int k = 0; k < quote_; ++k) out_.append("> ");
      line_start_ = false;
    } else if (pending_space_) {
      out_.push_back(' ');
    }
    pending_space_ = false;
    out_.push_back(c);
  }

  // A block boundary: at least `lines` line breaks (1: new line, 2: blank line) before the
  // next text. Boundaries at the very start or end of the output produce nothing.
  void Break(int lines) {
    pending_break_ = std::max(pending_break_, lines);
    pending_space_ = false;
  }

  // <br>: a line break now (two <br> in a row make an empty line).
  void LineBreak() {
    FlushBreaks();
    TrimTrailingSpaces();
    out_.push_back('\n');
    line_start_ = true;
    pending_space_ = false;
  }

  void EnterQuote() { quote_ = std::min(quote_ + 1, kMaxQuoteDepth); }
  void LeaveQuote() { quote_ = std::max(quote_ - 1, 0); }
  void EnterPre() { ++pre_; }
  void LeavePre() { pre_ = std::max(pre_ - 1, 0); }

  size_t size() const { return out_.size(); }
  bool HasTextSince(size_t pos) const {
    for (size_t k = pos; k < out_.size(); ++k)
      if (!IsHtmlSpace(out_[k])) return true;
    return false;
  }

  std::string Finish() {
    while (!out_.empty() && IsHtmlSpace(out_.back())) out_.pop_back();
    size_t b = 0;
    while (b < out_.size() && IsHtmlSpace(out_[b])) ++b;
    return out_.substr(b);
  }

 private:
  void TrimTrailingSpaces() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
  }

  void FlushBreaks() {
    if (pending_break_ == 0) return;
    const int want = pending_break_;
    pending_break_ = 0;
    if (out_.empty()) return;
    TrimTrailingSpaces();
    int have = 0;
    for (size_t k = out_.size(); k > 0 && out_[k - 1] == '\n' && have < want; --k) ++have;
    for (; have < want; ++have) out_.push_back('\n');
    line_start_ = true;
    pending_space_ = false;
  }

  std::string out_;
  int pending_break_ = 0;
  int newlines_ = 0;  // line breaks in the current run of white space (outside <pre>)
  bool pending_space_ = false;
  bool line_start_ = true;
  int quote_ = 0;
  int pre_ = 0;
};

// Finds, case-insensitively, "</name" at or after `from`; npos if absent. Linear.
size_t FindEndTag(std::string_view s, size_t from, std::string_view name) {
  for (size_t k = s.find("</", from); k != std::string_view::npos; k = s.find("</", k + 2)) {
    if (k + 2 + name.size() > s.size()) return std::string_view::npos;
    bool match = true;
    for (size_t m = 0; m < name.size() && match; ++m) match = Lower(s[k + 2 + m]) == name[m];
    if (match) return k;
  }
  return std::string_view::npos;
}

// The value of attribute `want` in the tag text `tag` (between the name and '>'), with
// character references decoded; "" if absent.
std::string Attribute(std::string_view tag, std::string_view want) {
  size_t k = 0;
  while (k < tag.size()) {
    while (k < tag.size() && (IsHtmlSpace(tag[k]) || tag[k] == '/')) ++k;
    const size_t name_begin = k;
    while (k < tag.size() && !IsHtmlSpace(tag[k]) && tag[k] != '=' && tag[k] != '/') ++k;
    std::string name(tag.substr(name_begin, k - name_begin));
    for (char& c : name) c = Lower(c);
    while (k < tag.size() && IsHtmlSpace(tag[k])) ++k;
    std::string_view value;
    if (k < tag.size() && tag[k] == '=') {
      ++k;
      while (k < tag.size() && IsHtmlSpace(tag[k])) ++k;
      if (k < tag.size() && (tag[k] == '"' || tag[k] == '\'')) {
        const char q = tag[k++];
        size_t e = tag.find(q, k);
        if (e == std::string_view::npos) e = tag.size();
        value = tag.substr(k, e - k);
        k = e + 1;
      } else {
        const size_t b = k;
        while (k < tag.size() && !IsHtmlSpace(tag[k])) ++k;
        value = tag.substr(b, k - b);
      }
    }
    if (name == want) {
      std::string out;
      for (size_t v = 0; v < value.size();) {
        size_t used = value[v] == '&' ? DecodeEntityAt(value, v, &out) : 0;
        if (used == 0)
          out.push_back(value[v++]);
        else
          v += used;
      }
      return out;
    }
    if (k == name_begin) ++k;  // a stray '=' or similar: always make progress
  }
  return "";
}

// Where the tag that starts at s[i] == '<' ends (index of its '>'), looking no further than
// `limit` (the next '<'). '>' inside a quoted attribute value does not end it. npos if there
// is no such '>' before `limit`, including when a quote is left open: the '<' is then text.
size_t FindTagEnd(std::string_view s, size_t i, size_t limit) {
  char quote = 0;
  bool after_equals = false;
  for (size_t k = i + 1; k < limit; ++k) {
    const char c = s[k];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '>') return k;
    if (after_equals && (c == '"' || c == '\'')) quote = c;
    if (c == '=')
      after_equals = true;
    else if (!IsHtmlSpace(c))
      after_equals = false;
  }
  return std::string_view::npos;
}

enum class Block { kNone, kLine, kParagraph };

// What a tag does to the layout. Inline tags (b, i, em, span, code, ...) do nothing.
Block BlockOf(std::string_view name) {
  static constexpr std::string_view kParagraphs[] = {"p",   "h1", "h2", "h3",    "h4",
                                                     "h5",  "h6", "hr", "table", "blockquote",
                                                     "pre", "ul", "ol", "dl"};
  static constexpr std::string_view kLines[] = {
      "div",   "li",  "tr",     "dt",   "dd",      "section", "article", "header",  "footer",
      "aside", "nav", "figure", "main", "details", "summary", "address", "caption", "figcaption"};
  for (std::string_view n : kParagraphs)
    if (n == name) return Block::kParagraph;
  for (std::string_view n : kLines)
    if (n == name) return Block::kLine;
  return Block::kNone;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  TextBuilder b;
  const size_t n = html.size();
  size_t link_start = std::string::npos;  // output size at the open <a>
  std::string link_href;
  std::string entity;
  constexpr size_t kUnknown = std::string_view::npos - 1;
  size_t last_comment_end = kUnknown;
  size_t i = 0;
  while (i < n) {
    const char c = html[i];
    if (c == '&') {
      entity.clear();
      const size_t used = DecodeEntityAt(html, i, &entity);
      if (used > 0) {
        b.Text(entity);
        i += used;
        continue;
      }
      b.Byte(c);
      ++i;
      continue;
    }
    if (IsHtmlSpace(c)) {
      b.Byte(c);
      ++i;
      continue;
    }
    if (c != '<') {  // a run of text up to the next space or markup
      size_t j = i + 1;
      while (j < n && html[j] != '<' && html[j] != '&' && !IsHtmlSpace(html[j])) ++j;
      b.Word(html.substr(i, j - i));
      i = j;
      continue;
    }
    // Markup declarations and comments.
    if (html.substr(i, 4) == "<!--") {
      // last_comment_end answers "is there any -->" once, so a run of unclosed "<!--" does
      // not search to the end of the input from each of them.
      if (last_comment_end == kUnknown) last_comment_end = html.rfind("-->");
      const size_t e = last_comment_end == std::string_view::npos || last_comment_end < i + 4
                           ? std::string_view::npos
                           : html.find("-->", i + 4);
      if (e == std::string_view::npos) {  // never closed: it was text after all
        b.Byte(c);
        ++i;
        continue;
      }
      i = e + 3;
      continue;
    }
    size_t limit = html.find('<', i + 1);
    if (limit == std::string_view::npos) limit = n;
    const bool closing = i + 1 < n && html[i + 1] == '/';
    const size_t name_begin = i + (closing ? 2 : 1);
    const bool declaration = !closing && i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?');
    if (!declaration && (name_begin >= n || !IsAsciiAlpha(html[name_begin]))) {
      b.Byte(c);  // "a < b", "<3": text
      ++i;
      continue;
    }
    const size_t end = FindTagEnd(html, i, limit);
    if (end == std::string_view::npos) {  // unterminated tag: keep it as text
      b.Byte(c);
      ++i;
      continue;
    }
    if (declaration) {  // <!DOCTYPE>, <?xml ?>: nothing to show
      i = end + 1;
      continue;
    }
    size_t name_end = name_begin;
    while (name_end < end && (IsAsciiAlnum(html[name_end]) || html[name_end] == '-')) ++name_end;
    std::string name(html.substr(name_begin, std::min(name_end - name_begin, kMaxTagName + 1)));
    for (char& ch : name) ch = Lower(ch);
    const std::string_view attrs = html.substr(name_end, end - name_end);
    const bool self_closing = !attrs.empty() && attrs.back() == '/';
    i = end + 1;

    if (!closing && !self_closing && (name == "script" || name == "style" || name == "template")) {
      const size_t close = FindEndTag(html, i, name);
      if (close == std::string_view::npos) break;  // dropped to the end: never text
      const size_t close_end = html.find('>', close);
      i = close_end == std::string_view::npos ? n : close_end + 1;
      continue;
    }
    if (name == "br") {
      b.LineBreak();
      continue;
    }
    if (name == "a") {
      if (!closing) {
        link_start = b.size();
        link_href = Attribute(attrs, "href");
      } else if (link_start != std::string::npos) {
        if (!b.HasTextSince(link_start)) b.Text(link_href);
        link_start = std::string::npos;
      }
      continue;
    }
    if (name == "img" && !closing) {
      b.Text(Attribute(attrs, "alt"));  // emoji and smileys often come as <img alt="🙂">
      continue;
    }
    if (name == "td" || name == "th") {
      b.Byte(' ');
      continue;
    }
    const Block block = BlockOf(name);
    if (block == Block::kNone) continue;
    b.Break(block == Block::kParagraph ? 2 : 1);
    if (name == "blockquote") closing ? b.LeaveQuote() : b.EnterQuote();
    if (name == "pre") closing ? b.LeavePre() : b.EnterPre();
    if (name == "li" && !closing) b.Text("- ");
  }
  return b.Finish();
}

}  // namespace threadlens
