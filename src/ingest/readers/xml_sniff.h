// What the first bytes of a markup dump say about it, for the sniffers of the XML and HTML
// formats (formats.h): the first element's start tag, after any byte-order mark, XML
// declaration, comments, processing instructions, DOCTYPE and whitespace.
//
//   MarkupHead h = ScanMarkupHead(head);
//   if (h.root_name == "rss" && h.root_tag.find("wordpress.org/export/") ...) ...
//
// Pure functions on a prefix of the input; linear in it; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace threadlens {

struct MarkupHead {
  bool markup = false;           // the text starts (after BOM and spaces) with '<'
  bool xml_declaration = false;  // starts with "<?xml"
  std::string doctype;           // the DOCTYPE's name, lower-cased ("html"), or ""
  std::string root_name;         // the first element's name as written ("rss", "disqus", "html")
  std::string root_tag;          // the first element's whole start tag, "<rss version=...>"
                                 // (empty when it did not end within the head)
  std::string first_bytes;       // the first non-blank bytes, printable, for messages
};

MarkupHead ScanMarkupHead(std::string_view head);

// ASCII case-insensitive search; npos when absent.
size_t FindIgnoreCase(std::string_view haystack, std::string_view needle);

}  // namespace threadlens
