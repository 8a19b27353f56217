// HtmlReader: a saved web page holding a comment section (format name "html").
//
//   threadlens ingest saved-page.html            # auto-detected
//   threadlens ingest --format html page.htm
//
// The page is one thread. Its comments are found by the first dialect whose markup is present
// (html_page.h): Hacker News item page, old Reddit, wpDiscuz, WordPress core, then the generic
// nested-container heuristic (html_generic.cc says how it decides). Parents come from the
// markup's own ids, nesting or indentation, so the thread is parents_explicit. Thread: title from
// the dialect or <title>/og:title, url from the dialect or <link rel=canonical>/og:url,
// created_at from article:published_time; ext_id from the dialect, else the url, else the file
// name. Platform "hn" and "reddit" for those two sites (their authors are the same accounts the
// JSON readers see), "html" otherwise. Comments: raw = the body element's inner HTML as found
// (raw_is_html; RepairStage turns it into text), author, created_at (ISO-8601 UTC) where the
// page has a machine-readable time. A comment without body text stays as a "placeholder" only if
// it has replies.
//
// Memory and limits: gumbo parses whole documents, so the page is read whole, up to
// kHtmlMaxBytes; a bigger input is refused with an error saying so. HtmlDocument adds limits on
// element count and nesting work (html_dom.h). No recursion on input depth anywhere.
//
// Bad input: no comment markup found is an error naming the file and the dialects tried. A page
// that starts as a whole document but ends without </body> or </html> (cut off), and a comment
// the markup describes badly (no id, a bad indent) are warnings "file:line: what" (the comments
// that are there are kept; a bad one gets a synthesized id or the deepest possible parent), or
// the error under kStrict. Not thread-safe; one ingest owns it.
#pragma once

#include <string>
#include <string_view>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

// The largest page read (the input is held whole for the HTML parser). Saved comment pages are
// a few MB; 256 MiB leaves room for monsters while keeping the parse within a few GB.
inline constexpr size_t kHtmlMaxBytes = size_t{256} << 20;

class HtmlReader : public Reader {
 public:
  HtmlReader(Input* in, const ReaderOptions& options) : in_(in), options_(options) {}
  bool Next(Thread* thread, Status* status) override;

 private:
  Input* in_;
  ReaderOptions options_;
  bool done_ = false;
};

// "" when `head` starts like an HTML page (<!DOCTYPE html>, <html>, <head>, <body>) or shows
// comment markup one of the dialects knows; otherwise why not.
std::string SniffHtml(std::string_view path, std::string_view head);

}  // namespace threadlens
