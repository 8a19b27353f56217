#include "ingest/readers/html_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "ingest/readers/html_dom.h"
#include "ingest/readers/html_page.h"
#include "ingest/readers/placeholders.h"
#include "ingest/readers/reader_warnings.h"
#include "ingest/readers/xml_sniff.h"
#include "ingest/readers/xml_time.h"

namespace threadlens {
namespace {

// Reads the whole input, refusing more than kHtmlMaxBytes.
Status ReadWhole(Input* in, std::string* out) {
  Status st;
  char buf[64 * 1024];
  for (;;) {
    size_t n = in->Read(buf, sizeof buf, &st);
    if (!st.ok()) return st;
    if (n == 0) return Status::Ok();
    if (out->size() + n > kHtmlMaxBytes)
      return Status::Error(in->name() + ": HTML page larger than " +
                           std::to_string(kHtmlMaxBytes >> 20) +
                           " MiB; the html reader parses whole pages (save the comment section "
                           "alone, or split the page)");
    out->append(buf, n);
  }
}

// <meta property|name=key content=...> in the document, or nullptr.
const char* MetaContent(const HtmlDocument& doc, std::string_view key) {
  const GumboNode* m = FindFirst(doc.document(), [&](const GumboNode* e) {
    if (!IsElement(e) || e->v.element.tag != GUMBO_TAG_META) return false;
    const char* p = Attr(e, "property");
    if (!p) p = Attr(e, "name");
    return p && key == p && Attr(e, "content");
  });
  return m ? Attr(m, "content") : nullptr;
}

// Page-level metadata, where the dialect left a field empty.
void FillFromHead(const HtmlDocument& doc, const Input& in, Thread* t) {
  if (t->title.empty()) {
    if (const char* og = MetaContent(doc, "og:title")) {
      t->title = og;
    } else if (const GumboNode* title = FindFirst(doc.document(), [](const GumboNode* e) {
                 return IsElement(e) && e->v.element.tag == GUMBO_TAG_TITLE;
               })) {
      t->title = TextContent(title);
    }
  }
  if (t->url.empty()) {
    const GumboNode* canon = FindFirst(doc.document(), [](const GumboNode* e) {
      if (!IsElement(e) || e->v.element.tag != GUMBO_TAG_LINK) return false;
      const char* rel = Attr(e, "rel");
      return rel && std::string_view(rel) == "canonical" && Attr(e, "href");
    });
    if (canon)
      t->url = Attr(canon, "href");
    else if (const char* og = MetaContent(doc, "og:url"))
      t->url = og;
  }
  if (t->created_at.empty())
    if (const char* pub = MetaContent(doc, "article:published_time"))
      t->created_at = IsoUtcFromIso8601(pub);
  if (t->ext_id.empty()) {
    if (!t->url.empty())
      t->ext_id = t->url;
    else if (in.path() != "-")
      t->ext_id = std::filesystem::path(in.path()).filename().string();
  }
}

// A whole page ends with </body> or </html>; a saved page without either was cut off (the
// parser would quietly close everything). Fragments (no <html> start) are not judged.
bool LooksTruncated(std::string_view bytes) {
  MarkupHead h = ScanMarkupHead(bytes.substr(0, 4096));
  std::string root = h.root_name;
  for (char& c : root) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (h.doctype != "html" && root != "html") return false;
  std::string_view tail = bytes.substr(bytes.size() > 65536 ? bytes.size() - 65536 : 0);
  return FindIgnoreCase(tail, "</html") == std::string_view::npos &&
         FindIgnoreCase(tail, "</body") == std::string_view::npos;
}

}  // namespace

bool HtmlReader::Next(Thread* thread, Status* status) {
  if (done_) return false;
  done_ = true;
  std::string bytes;
  if (Status st = ReadWhole(in_, &bytes); !st.ok()) {
    *status = st;
    return false;
  }
  const bool truncated = LooksTruncated(bytes);
  const int last_line = 1 + static_cast<int>(std::count(bytes.begin(), bytes.end(), '\n'));
  auto doc = HtmlDocument::Parse(std::move(bytes), in_->name());
  if (!doc.ok()) {
    *status = doc.status();
    return false;
  }
  using Extractor = bool (*)(const HtmlDocument&, HtmlPage*);
  static const Extractor kDialects[] = {ExtractHackerNews, ExtractOldReddit, ExtractWpDiscuz,
                                        ExtractWordPress, ExtractGeneric};
  HtmlPage page;
  bool found = false;
  for (Extractor extract : kDialects) {
    page = HtmlPage();
    if (extract(**doc, &page)) {
      found = true;
      break;
    }
  }
  if (!found) {
    *status = Status::Error(
        in_->name() +
        ": no comments found in this page (tried: Hacker News tr.athing.comtr rows, old Reddit "
        "div.thing.comment, wpDiscuz wpd-comm-ID_PARENT, WordPress comment-N lists, and repeated "
        "nested blocks with text)");
    return false;
  }
  if (truncated)
    page.problems.insert(page.problems.begin(),
                         {last_line,
                          "the page ends without </body> or </html>: it looks "
                          "truncated, and comments after this line are missing"});
  for (const auto& [line, what] : page.problems) {
    std::string msg = in_->name() + ":" + std::to_string(line) + ": " + what;
    if (options_.policy == BadRecordPolicy::kStrict) {
      *status = Status::Error(msg);
      return false;
    }
    AddWarning(&warnings_, std::move(msg));
  }
  Thread& t = page.thread;
  t.parents_explicit = true;
  FillFromHead(**doc, *in_, &t);
  t.notes.push_back("comments found as: " + page.how);
  int dropped = KeepRepliedPlaceholders(&t, page.textless);
  if (dropped > 0)
    t.notes.push_back(std::to_string(dropped) + " comments without text or replies dropped");
  if (t.comments.empty()) {
    *status = Status::Error(in_->name() + ": the page's comment markup (" + page.how +
                            ") holds no comment text");
    return false;
  }
  *thread = std::move(t);
  return true;
}

std::string SniffHtml(std::string_view, std::string_view head) {
  MarkupHead h = ScanMarkupHead(head);
  if (!h.markup) return "not markup (starts with '" + h.first_bytes + "')";
  if (h.doctype == "html") return "";
  std::string root = h.root_name;
  for (char& c : root) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (root == "html" || root == "head" || root == "body") return "";
  if (h.xml_declaration && !root.empty()) return "XML with root <" + h.root_name + ">, not HTML";
  // A fragment saved from a page (e.g. the comment section's outer HTML).
  for (std::string_view sig : {"commentlist", "comment-list", "wpd-comm-", "athing comtr",
                               "data-fullname=\"t1_", "class=\"comment"})
    if (FindIgnoreCase(head, sig) != std::string_view::npos) return "";
  return "markup without <html>, <!DOCTYPE html> or known comment markup";
}

}  // namespace threadlens
