#include "ingest/formats.h"

#include "ingest/readers/disqus_reader.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/wxr_reader.h"
#include "ingest/text_reader.h"

namespace threadlens {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"disqus", "Disqus XML export (<disqus> with <thread> and flat <post> lists)", SniffDisqus,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<DisqusReader>(in, o); }},
      {"wxr", "WordPress WXR export (RSS with the wordpress.org/export/ namespace)", SniffWxr,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<WxrReader>(in, o); }},
      {"html", "a saved web page with comments (WordPress, wpDiscuz, HN, old Reddit, generic)",
       SniffHtml,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<HtmlReader>(in, o); }},
      {"text", "plain text copied or scraped from a page (the tree is inferred)", SniffText,
       [](Input* in, const ReaderOptions&) { return std::make_unique<TextReader>(in); }},
  };
  return kFormats;
}

const Format* FindFormat(std::string_view name) {
  for (const auto& f : Formats())
    if (name == f.name) return &f;
  return nullptr;
}

Result<const Format*> DetectFormat(const std::string& path, std::string_view head) {
  std::string why;
  for (const auto& f : Formats()) {
    std::string reason = f.sniff(path, head);
    if (reason.empty()) return &f;
    why += std::string("\n  ") + f.name + ": " + reason;
  }
  return Status::Error((path == "-" ? std::string("<stdin>") : path) +
                       ": cannot tell the format (use --format); tried:" + why);
}

}  // namespace threadlens
