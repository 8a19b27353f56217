// The four site dialects of html_page.h. Markup notes are from the renderers' templates
// (WordPress Walker_Comment, WpdiscuzWalker, news.ycombinator.com, old.reddit.com).
#include <cstdlib>
#include <string>
#include <vector>

#include "ingest/readers/html_page.h"
#include "ingest/readers/xml_time.h"

namespace threadlens {
namespace {

bool IsTag(const GumboNode* n, GumboTag t) { return IsElement(n) && n->v.element.tag == t; }

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The digits after `prefix` in an id attribute ("comment-123" -> "123"), or "".
std::string IdNumber(const GumboNode* n, std::string_view prefix) {
  const char* id = Attr(n, "id");
  if (!id) return "";
  std::string_view s(id);
  if (s.substr(0, prefix.size()) != prefix) return "";
  s.remove_prefix(prefix.size());
  return AllDigits(s) ? std::string(s) : "";
}

// ISO-8601 UTC of the first <time datetime> below n (not entering fence), or "".
std::string TimeBelow(const GumboNode* n, const std::function<bool(const GumboNode*)>& fence) {
  const GumboNode* t = FindFirst(
      n, [](const GumboNode* e) { return IsTag(e, GUMBO_TAG_TIME) && Attr(e, "datetime"); }, fence);
  return t ? IsoUtcFromIso8601(Attr(t, "datetime")) : "";
}

bool HasAnyClass(const GumboNode* n, std::initializer_list<std::string_view> tokens) {
  for (auto t : tokens)
    if (HasClass(n, t)) return true;
  return false;
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

// --- Hacker News --------------------------------------------------------------------------------

bool ExtractHackerNews(const HtmlDocument& doc, HtmlPage* page) {
  std::vector<const GumboNode*> rows;
  const GumboNode* fatitem = nullptr;
  WalkHtml(
      doc.document(),
      [&](const GumboNode* n) {
        if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        if (!fatitem && IsTag(n, GUMBO_TAG_TABLE) && HasClass(n, "fatitem")) fatitem = n;
        if (IsTag(n, GUMBO_TAG_TR) && HasClass(n, "athing") && HasClass(n, "comtr")) {
          rows.push_back(n);
          return false;  // a comment row holds no other comment rows
        }
        return true;
      },
      nullptr);
  if (rows.empty()) return false;
  Thread& t = page->thread;
  t.platform = "hn";
  if (fatitem) {
    const GumboNode* story = FindFirst(fatitem, [](const GumboNode* e) {
      return IsTag(e, GUMBO_TAG_TR) && HasClass(e, "athing");
    });
    if (const char* id = story ? Attr(story, "id") : nullptr) t.ext_id = id;
    const GumboNode* line = FindByClass(fatitem, "titleline");
    const GumboNode* a =
        line ? FindFirst(line, [](const GumboNode* e) { return IsTag(e, GUMBO_TAG_A); })
             : FindByClass(fatitem, "storylink");
    if (a) {
      t.title = TextContent(a);
      if (const char* href = Attr(a, "href")) t.url = href;
      // Ask HN and the like link to themselves, relatively.
      if (!t.url.empty() && t.url.rfind("http", 0) != 0)
        t.url = "https://news.ycombinator.com/" + t.url;
    }
    if (const GumboNode* age = FindByClass(fatitem, "age"))
      if (const char* title = Attr(age, "title")) {
        std::string_view v(title);
        t.created_at = IsoUtcFromIso8601(v.substr(0, v.find(' ')));
      }
  }
  std::vector<std::string> path;  // ext_id of the last comment at each depth
  int synthesized = 0;
  for (const GumboNode* row : rows) {
    Comment c;
    const int line = SourceLine(row);
    const char* id = Attr(row, "id");
    if (id && *id) {
      c.ext_id = id;
    } else {
      c.ext_id = "row-" + std::to_string(++synthesized);
      page->problems.push_back({line, "comment row without id; given " + c.ext_id});
    }
    size_t depth = 0;
    if (const GumboNode* ind = FindByClass(row, "ind")) {
      if (const char* indent = Attr(ind, "indent")) {
        depth = static_cast<size_t>(std::strtoul(indent, nullptr, 10));
      } else if (const GumboNode* img =
                     FindFirst(ind, [](const GumboNode* e) { return IsTag(e, GUMBO_TAG_IMG); })) {
        const char* w = Attr(img, "width");
        depth = w ? static_cast<size_t>(std::strtoul(w, nullptr, 10)) / 40 : 0;
      }
    } else {
      page->problems.push_back({line, "comment " + c.ext_id + " has no indent cell; top level"});
    }
    if (depth > path.size()) {
      page->problems.push_back({line, "comment " + c.ext_id + " is indented " +
                                          std::to_string(depth) + " levels under a comment at " +
                                          std::to_string(path.size() - (path.empty() ? 0 : 1)) +
                                          "; attached to the deepest one"});
      depth = path.size();
    }
    path.resize(depth);
    c.parent_ext_id = depth > 0 ? path[depth - 1] : "";
    path.push_back(c.ext_id);
    if (const GumboNode* user = FindByClass(row, "hnuser")) c.author = TextContent(user);
    if (const GumboNode* age = FindByClass(row, "age"))
      if (const char* title = Attr(age, "title")) {
        std::string_view v(title);
        c.created_at = IsoUtcFromIso8601(v.substr(0, v.find(' ')));
      }
    // A deleted or killed comment shows only a marker, in the text cell or instead of it.
    const GumboNode* body = FindByClass(row, "commtext");
    const GumboNode* box = FindByClass(row, "comment");
    std::string text = body ? TextContent(body) : box ? TextContent(box) : "";
    bool no_text = true;
    if (text == "[deleted]")
      c.flags.push_back("deleted");
    else if (text == "[flagged]")
      c.flags.push_back("flagged");
    else if (text == "[dead]")
      c.flags.push_back("dead");
    else if (body)
      no_text = Blank(text);
    if (!no_text) {
      c.raw = InnerHtml(body, [](const GumboNode* e) { return HasClass(e, "reply"); });
      c.raw_is_html = true;
    }
    page->Add(std::move(c), no_text);
  }
  page->how = "Hacker News item page (tr.athing.comtr rows, depth from the indent cells)";
  return true;
}

// --- Old Reddit ----------------------------------------------------------------------------------

bool ExtractOldReddit(const HtmlDocument& doc, HtmlPage* page) {
  auto is_thing = [](const GumboNode* n) { return IsElement(n) && HasClass(n, "thing"); };
  struct Open {
    const GumboNode* node;
    std::string id;
  };
  std::vector<Open> open;
  const GumboNode* story = nullptr;
  int more = 0, synthesized = 0;
  Thread& t = page->thread;
  WalkHtml(
      doc.document(),
      [&](const GumboNode* n) {
        if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        if (!is_thing(n)) return true;
        if (HasClass(n, "morechildren")) ++more;
        if (!story && HasClass(n, "link")) story = n;
        if (!HasClass(n, "comment")) return true;
        Comment c;
        const int line = SourceLine(n);
        if (const char* fn = Attr(n, "data-fullname"); fn && *fn) {
          c.ext_id = fn;
        } else {
          c.ext_id = "thing-" + std::to_string(++synthesized);
          page->problems.push_back({line, "comment without data-fullname; given " + c.ext_id});
        }
        c.parent_ext_id = open.empty() ? "" : open.back().id;
        open.push_back({n, c.ext_id});
        const GumboNode* entry = FindByClass(n, "entry", is_thing);
        const GumboNode* scope = entry ? entry : n;
        auto fence = [&](const GumboNode* e) { return is_thing(e) || HasClass(e, "child"); };
        if (const char* a = Attr(n, "data-author"))
          c.author = a;
        else if (const GumboNode* a2 = FindByClass(scope, "author", fence))
          c.author = TextContent(a2);
        if (const char* af = Attr(n, "data-author-fullname")) c.author_ext_id = af;
        c.created_at = TimeBelow(scope, fence);
        if (const GumboNode* score = FindFirst(
                scope,
                [](const GumboNode* e) {
                  return HasClass(e, "score") && HasClass(e, "unvoted") && Attr(e, "title");
                },
                fence)) {
          const char* v = Attr(score, "title");
          char* end = nullptr;
          long long s = std::strtoll(v, &end, 10);
          if (end != v && *end == '\0') c.score = s;
        }
        bool no_text = true;
        const GumboNode* body = FindFirst(
            scope,
            [](const GumboNode* e) {
              return HasClass(e, "md") && IsElement(e->parent) &&
                     HasClass(e->parent, "usertext-body");
            },
            fence);
        if (!body) body = FindByClass(scope, "md", fence);
        if (body) {
          std::string text = TextContent(body);
          if (text == "[deleted]")
            c.flags.push_back("deleted");
          else if (text == "[removed]")
            c.flags.push_back("removed");
          else
            no_text = Blank(text);
          if (!no_text) {
            c.raw = InnerHtml(body);
            c.raw_is_html = true;
          }
        }
        if (HasClass(n, "deleted") && !c.HasFlag("deleted")) c.flags.push_back("deleted");
        if (c.author == "[deleted]") c.author.clear();
        if (c.HasFlag("deleted") || c.HasFlag("removed")) no_text = true;
        page->Add(std::move(c), no_text);
        return true;
      },
      [&](const GumboNode* n) {
        if (!open.empty() && open.back().node == n) open.pop_back();
      });
  if (page->thread.comments.empty()) return false;
  t.platform = "reddit";
  if (story) {
    if (const char* fn = Attr(story, "data-fullname")) t.ext_id = fn;
    if (const GumboNode* a = FindFirst(story, [](const GumboNode* e) {
          return IsTag(e, GUMBO_TAG_A) && HasClass(e, "title");
        })) {
      t.title = TextContent(a);
      if (const char* href = Attr(a, "href")) t.url = href;
    }
    if (const char* url = Attr(story, "data-permalink")) t.url = url;
    if (!t.url.empty() && t.url[0] == '/') t.url = "https://www.reddit.com" + t.url;
    t.created_at = TimeBelow(story, is_thing);
  }
  if (more > 0)
    t.notes.push_back(std::to_string(more) +
                      " \"load more comments\" stubs on the page; those comments are not in it");
  page->how = "old Reddit page (div.thing.comment nested in div.child)";
  return true;
}

// --- wpDiscuz ------------------------------------------------------------------------------------

bool ExtractWpDiscuz(const HtmlDocument& doc, HtmlPage* page) {
  auto comm_id = [](const GumboNode* n) -> std::string_view {
    const char* id = Attr(n, "id");
    if (!id) return {};
    std::string_view s(id);
    constexpr std::string_view kPrefix = "wpd-comm-";
    if (s.substr(0, kPrefix.size()) != kPrefix) return {};
    return s.substr(kPrefix.size());
  };
  auto fence = [&](const GumboNode* e) { return !comm_id(e).empty(); };
  WalkHtml(
      doc.document(),
      [&](const GumboNode* n) {
        if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        std::string_view ids = comm_id(n);
        if (ids.empty()) return true;
        const int line = SourceLine(n);
        size_t us = ids.find('_');
        std::string_view id = ids.substr(0, us);
        std::string_view parent = us == std::string_view::npos ? "" : ids.substr(us + 1);
        if (!AllDigits(id) || (us != std::string_view::npos && !AllDigits(parent))) {
          page->problems.push_back(
              {line, "wpDiscuz id 'wpd-comm-" + std::string(ids) + "' is not ID_PARENT; skipped"});
          return true;
        }
        Comment c;
        c.ext_id = std::string(id);
        if (parent != "0") c.parent_ext_id = std::string(parent);
        if (const GumboNode* a = FindByClass(n, "wpd-comment-author", fence))
          c.author = TextContent(a);
        c.created_at = TimeBelow(n, fence);
        bool no_text = true;
        if (const GumboNode* body = FindByClass(n, "wpd-comment-text", fence)) {
          c.raw = InnerHtml(body);
          c.raw_is_html = true;
          no_text = Blank(TextContent(body));
        }
        page->Add(std::move(c), no_text);
        return true;
      },
      nullptr);
  if (page->thread.comments.empty()) return false;
  page->thread.platform = "html";
  page->how = "wpDiscuz comments (wpd-comm-ID_PARENT)";
  return true;
}

// --- WordPress -----------------------------------------------------------------------------------

bool ExtractWordPress(const HtmlDocument& doc, HtmlPage* page) {
  auto number = [](const GumboNode* n) {
    std::string v = IdNumber(n, "comment-");
    return v.empty() ? IdNumber(n, "li-comment-") : v;
  };
  auto in_list = [](const GumboNode* n) {
    const GumboNode* p = n->parent;
    return IsElement(p) && HasAnyClass(p, {"children", "commentlist", "comment-list"});
  };
  struct Open {
    const GumboNode* node;
    std::string id;
  };
  std::vector<Open> open;
  auto furniture = [](const GumboNode* e) {
    return HasAnyClass(
        e, {"comment-author", "comment-meta", "commentmetadata", "comment-metadata", "reply",
            "comment-awaiting-moderation", "says", "edit-link", "avatar", "children"});
  };
  WalkHtml(
      doc.document(),
      [&](const GumboNode* n) {
        if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        if (!IsElement(n)) return true;
        std::string id = number(n);
        if (id.empty()) return true;
        if (!open.empty() && open.back().id == id) return true;  // li#li-comment-N > div#comment-N
        if (!IsTag(n, GUMBO_TAG_LI) && !in_list(n) &&
            !HasAnyClass(n, {"comment", "pingback", "trackback"}))
          return true;  // an anchor or a form, not a comment
        Comment c;
        c.ext_id = id;
        c.parent_ext_id = open.empty() ? "" : open.back().id;
        open.push_back({n, id});
        // Stop at nested comments (a different comment id) and at reply lists.
        auto fence = [&, id](const GumboNode* e) {
          if (HasClass(e, "children")) return true;
          std::string other = number(e);
          return !other.empty() && other != id;
        };
        if (const GumboNode* fn = FindByClass(n, "fn", fence))
          c.author = TextContent(fn);
        else if (const GumboNode* au = FindByClass(n, "comment-author", fence))
          c.author = TextContent(au);
        c.created_at = TimeBelow(n, fence);
        if (HasClass(n, "pingback")) c.flags.push_back("pingback");
        if (HasClass(n, "trackback")) c.flags.push_back("trackback");
        if (FindByClass(n, "comment-awaiting-moderation", fence)) c.flags.push_back("unapproved");
        const GumboNode* body = FindByClass(n, "comment-content", fence);
        if (!body) body = FindByClass(n, "comment-body", fence);
        if (!body) body = n;
        auto skip = [&](const GumboNode* e) { return furniture(e) || fence(e); };
        c.raw = InnerHtml(body, skip);
        c.raw_is_html = true;
        // Text without the furniture: the body's text minus skipped subtrees.
        std::string text;
        WalkHtml(
            body,
            [&](const GumboNode* e) {
              if (e != body && IsElement(e) && skip(e)) return false;
              if (!IsElement(e) && e->type == GUMBO_NODE_TEXT) text += e->v.text.text;
              return IsElement(e);
            },
            nullptr);
        page->Add(std::move(c), Blank(text));
        return true;
      },
      [&](const GumboNode* n) {
        if (!open.empty() && open.back().node == n) open.pop_back();
      });
  if (page->thread.comments.empty()) return false;
  page->thread.platform = "html";
  page->how = "WordPress comment list (comment-N ids nested through .children)";
  return true;
}

}  // namespace threadlens
