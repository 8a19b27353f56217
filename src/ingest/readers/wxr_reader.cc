#include "ingest/readers/wxr_reader.h"

#include <deque>
#include <functional>
#include <vector>

#include "ingest/readers/placeholders.h"
#include "ingest/readers/reader_warnings.h"
#include "ingest/readers/xml_sniff.h"
#include "ingest/readers/xml_stream.h"
#include "ingest/readers/xml_time.h"

namespace threadlens {
namespace {

constexpr std::string_view kWpNamespacePrefix = "http://wordpress.org/export/";
constexpr std::string_view kWpNamespacePrefixTls = "https://wordpress.org/export/";
constexpr std::string_view kContentNamespace = "http://purl.org/rss/1.0/modules/content/";
// WordPress writes this where a date is unknown (drafts, some imported comments).
constexpr std::string_view kZeroDate = "0000-00-00 00:00:00";

bool IsWp(const XmlName& n) {
  return n.ns.substr(0, kWpNamespacePrefix.size()) == kWpNamespacePrefix ||
         n.ns.substr(0, kWpNamespacePrefixTls.size()) == kWpNamespacePrefixTls;
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool IsNumber(std::string_view s) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The fields of one <wp:comment>, as text.
struct CommentFields {
  int64_t line = 0;
  std::string id, parent, author, user_id, date, date_gmt, content, approved, type;
  bool has_content = false;
};

// The fields of one <item>.
struct ItemFields {
  std::string post_id, title, link, guid, pub_date, post_date, post_date_gmt, content;
};

}  // namespace

class WxrReader::Parse : public XmlHandler {
 public:
  Parse(Input* in, const ReaderOptions& options, std::function<void(std::string)> warn)
      : in_(in), options_(options), warn_(std::move(warn)), xml_(in, this) {}

  // The next finished item with comments; false at the end or on error (*status set).
  bool Next(Thread* out, Status* status) {
    while (ready_.empty() && !done_) {
      if (!xml_.Pump(status)) {
        done_ = true;
        if (!status->ok()) return false;
        if (!saw_root_) {
          *status = Status::Error(in_->name() + ": no <rss> element");
          return false;
        }
      }
    }
    if (ready_.empty()) return false;
    *out = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

  void OnStart(XmlStream* xml, const XmlName& name, const char**) override {
    const int depth = xml->depth();
    if (depth == 1) {
      if (name.local != "rss" || !name.ns.empty()) {
        xml->Fail(Status::Error(in_->name() + ":" + std::to_string(xml->line()) +
                                ": the root element is <" + std::string(name.local) +
                                ">, not <rss>; not a WordPress export"));
        return;
      }
      saw_root_ = true;
      return;
    }
    if (item_depth_ == 0) {
      if (name.local == "item" && name.ns.empty()) {
        item_depth_ = depth;
        item_ = ItemFields();
        thread_ = Thread();
        textless_.clear();
      }
      return;
    }
    if (comment_depth_ == 0) {
      if (depth != item_depth_ + 1) return;
      if (IsWp(name) && name.local == "comment") {
        comment_depth_ = depth;
        comment_ = CommentFields();
        comment_.line = xml->line();
        return;
      }
      xml->CaptureText();
      return;
    }
    if (depth == comment_depth_ + 1 && IsWp(name)) xml->CaptureText();
  }

  void OnEnd(XmlStream* xml, const XmlName& name) override {
    const int depth = xml->depth();
    if (item_depth_ == 0) return;
    if (depth == item_depth_) {
      EndItem();
      item_depth_ = 0;
      return;
    }
    if (comment_depth_ != 0) {
      if (depth == comment_depth_) {
        EndComment();
        comment_depth_ = 0;
      } else if (depth == comment_depth_ + 1 && IsWp(name)) {
        CommentField(name.local, xml->text());
      }
      return;
    }
    if (depth == item_depth_ + 1) ItemField(name, xml->text());
  }

 private:
  void Complain(int64_t line, const std::string& what) {
    std::string msg = in_->name() + ":" + std::to_string(line) + ": " + what;
    if (options_.policy == BadRecordPolicy::kStrict)
      xml_.Fail(Status::Error(msg));
    else
      warn_(std::move(msg));
  }

  void ItemField(const XmlName& name, const std::string& text) {
    const std::string_view l = name.local;
    if (name.ns.empty()) {
      if (l == "title")
        item_.title = Trimmed(text);
      else if (l == "link")
        item_.link = Trimmed(text);
      else if (l == "guid")
        item_.guid = Trimmed(text);
      else if (l == "pubDate")
        item_.pub_date = Trimmed(text);
    } else if (name.ns == kContentNamespace && l == "encoded") {
      item_.content = text;
    } else if (IsWp(name)) {
      if (l == "post_id")
        item_.post_id = Trimmed(text);
      else if (l == "post_date")
        item_.post_date = Trimmed(text);
      else if (l == "post_date_gmt")
        item_.post_date_gmt = Trimmed(text);
    }
  }

  void CommentField(std::string_view l, const std::string& text) {
    CommentFields& c = comment_;
    if (l == "comment_id")
      c.id = Trimmed(text);
    else if (l == "comment_parent")
      c.parent = Trimmed(text);
    else if (l == "comment_author")
      c.author = Trimmed(text);
    else if (l == "comment_user_id")
      c.user_id = Trimmed(text);
    else if (l == "comment_date")
      c.date = Trimmed(text);
    else if (l == "comment_date_gmt")
      c.date_gmt = Trimmed(text);
    else if (l == "comment_approved")
      c.approved = Trimmed(text);
    else if (l == "comment_type")
      c.type = Trimmed(text);
    else if (l == "comment_content") {
      c.content = Trimmed(text);
      c.has_content = !Trimmed(text).empty();
    }
  }

  // A WordPress date column: "" for absent or the zero date; a warning when unreadable.
  std::string Date(const std::string& v, const char* field, const CommentFields& c) {
    if (v.empty() || v == kZeroDate) return "";
    std::string iso = IsoUtcFromSqlDateTime(v);
    if (iso.empty())
      Complain(c.line, "comment " + c.id + ": " + field + " '" + v + "' is not a date");
    return iso;
  }

  void EndComment() {
    CommentFields& f = comment_;
    if (f.id.empty()) {
      Complain(f.line, "<wp:comment> without comment_id skipped");
      return;
    }
    if (!IsNumber(f.id)) {
      Complain(f.line, "comment_id '" + f.id + "' is not a number; comment skipped");
      return;
    }
    Comment c;
    c.ext_id = f.id;
    if (!f.parent.empty() && f.parent != "0") {
      if (IsNumber(f.parent))
        c.parent_ext_id = f.parent;
      else
        Complain(f.line, "comment " + f.id + ": comment_parent '" + f.parent +
                             "' is not a number; taken as top level");
    }
    c.author = f.author;
    if (!f.user_id.empty() && f.user_id != "0") c.author_ext_id = f.user_id;
    c.created_at = Date(f.date_gmt, "comment_date_gmt", f);
    if (c.created_at.empty()) {
      c.created_at = Date(f.date, "comment_date", f);
      if (!c.created_at.empty()) c.flags.push_back("local-time");
    }
    c.raw = std::move(f.content);
    c.raw_is_html = true;
    if (f.type == "pingback" || f.type == "trackback") c.flags.push_back(f.type);
    if (f.approved == "0" || f.approved == "hold")
      c.flags.push_back("unapproved");
    else if (f.approved == "trash" || f.approved == "post-trashed")
      c.flags.push_back("trashed");
    else if (f.approved == "spam")
      c.flags.push_back("spam");
    else if (!f.approved.empty() && f.approved != "1" && f.approved != "approve")
      Complain(f.line, "comment " + f.id + ": comment_approved '" + f.approved + "' is unknown");
    if (!f.has_content)
      Complain(f.line,
               "comment " + f.id + " has no text (kept as a placeholder only if replied to)");
    textless_.push_back(!f.has_content);
    thread_.comments.push_back(std::move(c));
  }

  void EndItem() {
    if (thread_.comments.empty()) return;
    Thread& t = thread_;
    ItemFields& f = item_;
    t.platform = "wordpress";
    t.parents_explicit = true;
    t.ext_id = !f.post_id.empty() ? f.post_id : !f.guid.empty() ? f.guid : f.link;
    t.title = std::move(f.title);
    t.url = std::move(f.link);
    t.body_raw = std::move(f.content);
    t.body_raw_is_html = true;  // post_content is the editor's HTML
    if (f.post_date_gmt != kZeroDate) t.created_at = IsoUtcFromSqlDateTime(f.post_date_gmt);
    if (t.created_at.empty()) t.created_at = IsoUtcFromRfc822(f.pub_date);
    if (t.created_at.empty() && f.post_date != kZeroDate) {
      t.created_at = IsoUtcFromSqlDateTime(f.post_date);
      if (!t.created_at.empty()) t.notes.push_back("created_at is the site's local time");
    }
    int dropped = KeepRepliedPlaceholders(&t, textless_);
    if (dropped > 0)
      t.notes.push_back(std::to_string(dropped) + " comments without text or replies dropped");
    if (!t.comments.empty()) ready_.push_back(std::move(t));
    thread_ = Thread();
  }

  Input* in_;
  ReaderOptions options_;
  std::function<void(std::string)> warn_;  // Reader::warnings_ (see reader_warnings.h)
  XmlStream xml_;
  bool saw_root_ = false;
  bool done_ = false;

  int item_depth_ = 0;     // depth of the open <item>; 0 = none
  int comment_depth_ = 0;  // depth of the open <wp:comment>; 0 = none
  ItemFields item_;
  CommentFields comment_;
  Thread thread_;               // the open item's comments
  std::vector<bool> textless_;  // parallel to thread_.comments
  // Items finished in the current chunk (bounded by what one chunk of input can close).
  std::deque<Thread> ready_;
};

WxrReader::WxrReader(Input* in, const ReaderOptions& options)
    : parse_(std::make_unique<Parse>(
          in, options, [this](std::string m) { AddWarning(&warnings_, std::move(m)); })) {}

WxrReader::~WxrReader() = default;

bool WxrReader::Next(Thread* thread, Status* status) {
  if (!parse_) return false;
  if (parse_->Next(thread, status)) return true;
  parse_.reset();
  return false;
}

std::string SniffWxr(std::string_view, std::string_view head) {
  MarkupHead h = ScanMarkupHead(head);
  if (!h.markup) return "not XML (starts with '" + h.first_bytes + "')";
  if (h.root_name.empty()) return "no root element in the first bytes";
  if (h.root_name != "rss") return "root element is <" + h.root_name + ">, not <rss>";
  if (head.find(kWpNamespacePrefix) == std::string_view::npos &&
      head.find(kWpNamespacePrefixTls) == std::string_view::npos)
    return "an RSS feed without the wordpress.org/export/ namespace (not a WXR export)";
  return "";
}

}  // namespace threadlens
