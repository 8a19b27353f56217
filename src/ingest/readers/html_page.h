// The comment-section dialects HtmlReader knows, each a function that looks for its markup in a
// parsed page and, when it finds it, fills an HtmlPage. HtmlReader (html_reader.h) tries them in
// the order below and takes the first that finds comments.
//
// Every extractor walks the DOM iteratively, emits comments in document order, and gives each
// its parent's ext_id (from the markup's own ids, nesting or indentation), so the tree stage
// resolves links as for any structured dump. Bodies are the body element's inner HTML as found
// (raw_is_html). Safe to call concurrently on different documents.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "ingest/readers/html_dom.h"

namespace threadlens {

struct HtmlPage {
  Thread thread;               // platform, ext_id, title, url, created_at when the markup says
  std::vector<bool> textless;  // parallel to thread.comments: no body text of its own
  std::vector<std::pair<int, std::string>> problems;  // (source line, what) for warnings
  std::string how;  // which markup was recognised, for the thread's notes

  void Add(Comment c, bool no_text) {
    thread.comments.push_back(std::move(c));
    textless.push_back(no_text);
  }
};

// Hacker News item page: rows tr.athing.comtr, depth from td.ind (indent="N", or the spacer
// image's width / 40), .hnuser, .age[title], .commtext. Platform "hn".
bool ExtractHackerNews(const HtmlDocument& doc, HtmlPage* page);

// Old Reddit (old.reddit.com) thread page: div.thing.comment[data-fullname], replies nested in
// div.child, .author / data-author, time[datetime], .score[title], .usertext-body .md. Platform
// "reddit".
bool ExtractOldReddit(const HtmlDocument& doc, HtmlPage* page);

// wpDiscuz: elements with id "wpd-comm-ID_PARENT" (PARENT 0 = top level), .wpd-comment-author,
// .wpd-comment-text, time[datetime] when present. Platform "html".
bool ExtractWpDiscuz(const HtmlDocument& doc, HtmlPage* page);

// WordPress core markup (Walker_Comment, html5 and the older div style): elements with id
// "comment-N" (or "li-comment-N") nested through ol/ul.children, .comment-author .fn,
// time[datetime], .comment-content or else .comment-body without its furniture. Classes
// pingback/trackback and .comment-awaiting-moderation become flags. Platform "html".
bool ExtractWordPress(const HtmlDocument& doc, HtmlPage* page);

// Any other page: the generic nested-container heuristic (html_generic.cc). Platform "html".
bool ExtractGeneric(const HtmlDocument& doc, HtmlPage* page);

}  // namespace threadlens
