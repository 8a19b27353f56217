#include "ingest/formats.h"

#include "ingest/readers/csv_reader.h"
#include "ingest/readers/disqus_reader.h"
#include "ingest/readers/hn_reader.h"
#include "ingest/readers/html_reader.h"
#include "ingest/readers/pushshift_reader.h"
#include "ingest/readers/reddit_reader.h"
#include "ingest/readers/youtube_reader.h"
#include "ingest/readers/ytapi_reader.h"
#include "ingest/readers/wxr_reader.h"
#include "ingest/text_reader.h"

namespace threadlens {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"reddit", "Reddit thread JSON ([post Listing, comment Listing], nested replies)", SniffReddit,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<RedditReader>(in, o); }},
      {"ytapi", "YouTube Data API commentThreads (list response, or one thread per line)",
       SniffYtApi,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<YtApiReader>(in, o); }},
      {"hn", "Hacker News: Algolia item tree or search hits, Firebase items", SniffHn,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<HnReader>(in, o); }},
      {"youtube", "youtube-comment-downloader NDJSON (cid, text, votes, time)", SniffYoutube,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<YoutubeReader>(in, o); }},
      {"pushshift", "Pushshift / Arctic Shift Reddit NDJSON (RC_/RS_, .zst/.gz)", SniffPushshift,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<PushshiftReader>(in, o); }},
      {"disqus", "Disqus XML export (<disqus> with <thread> and flat <post> lists)", SniffDisqus,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<DisqusReader>(in, o); }},
      {"wxr", "WordPress WXR export (RSS with the wordpress.org/export/ namespace)", SniffWxr,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<WxrReader>(in, o); }},
      {"html", "a saved web page with comments (WordPress, wpDiscuz, HN, old Reddit, generic)",
       SniffHtml,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<HtmlReader>(in, o); }},
      {"csv", "CSV/TSV with a header (columns by name, or --map)", SniffCsv,
       [](Input* in, const ReaderOptions& o) { return std::make_unique<CsvReader>(in, o); }},
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
