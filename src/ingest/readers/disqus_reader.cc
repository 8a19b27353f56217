#include "ingest/readers/disqus_reader.h"

#include <functional>
#include <unordered_map>
#include <vector>

#include "ingest/readers/placeholders.h"
#include "ingest/readers/reader_warnings.h"
#include "ingest/readers/xml_sniff.h"
#include "ingest/readers/xml_stream.h"
#include "ingest/readers/xml_time.h"

namespace threadlens {
namespace {

// Element depths in the export (the root is 1).
constexpr int kTopLevel = 2;     // <thread>, <post>, <category>
constexpr int kField = 3;        // <message>, <createdAt>, <author>, <thread dsq:id/>, ...
constexpr int kAuthorField = 4;  // <author><name>

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

class DisqusReader::Parse : public XmlHandler {
 public:
  Parse(Input* in, const ReaderOptions& options, std::function<void(std::string)> warn)
      : in_(in), options_(options), warn_(std::move(warn)), xml_(in, this) {}

  // Reads the whole file; then threads are handed out by Take.
  Status Run() {
    Status st;
    while (xml_.Pump(&st)) {
    }
    if (!st.ok()) return st;
    if (!saw_root_) return Status::Error(in_->name() + ": no <disqus> element");
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].defined) order_.push_back(i);
    for (size_t i = 0; i < slots_.size(); ++i)
      if (!slots_[i].defined) order_.push_back(i);
    return Status::Ok();
  }

  // The next thread with at least one comment; false when none is left.
  bool Take(Thread* out) {
    while (next_ < order_.size()) {
      Slot& s = slots_[order_[next_++]];
      if (s.thread.comments.empty()) continue;
      int dropped = KeepRepliedPlaceholders(&s.thread, s.textless);
      if (dropped > 0)
        s.thread.notes.push_back(std::to_string(dropped) +
                                 " deleted or empty posts without replies dropped");
      if (!s.defined)
        s.thread.notes.push_back("thread " + s.thread.ext_id +
                                 " is not defined in the export; its posts refer to it");
      if (s.thread.comments.empty()) continue;
      *out = std::move(s.thread);
      s = Slot();
      return true;
    }
    return false;
  }

  void OnStart(XmlStream* xml, const XmlName& name, const char** attrs) override {
    const int depth = xml->depth();
    if (depth == 1) {
      if (name.local != "disqus") {
        xml->Fail(Status::Error(in_->name() + ":" + std::to_string(xml->line()) +
                                ": the root element is <" + std::string(name.local) +
                                ">, not <disqus>; not a Disqus export"));
        return;
      }
      saw_root_ = true;
      return;
    }
    if (depth == kTopLevel) {
      kind_ = Kind::kOther;
      record_line_ = xml->line();
      if (name.local == "thread") {
        kind_ = Kind::kThread;
        thread_ = Thread();
        const char* id = XmlStream::Attr(attrs, "id");
        thread_.ext_id = id ? Trimmed(id) : "";
      } else if (name.local == "post") {
        kind_ = Kind::kPost;
        post_ = Comment();
        post_thread_.clear();
        post_has_message_ = false;
        const char* id = XmlStream::Attr(attrs, "id");
        post_.ext_id = id ? Trimmed(id) : "";
      }
      return;
    }
    if (kind_ == Kind::kOther) return;
    if (depth == kField) {
      field_ = std::string(name.local);
      if (kind_ == Kind::kPost && (field_ == "thread" || field_ == "parent")) {
        const char* id = XmlStream::Attr(attrs, "id");
        std::string v = id ? Trimmed(id) : "";
        if (field_ == "thread") {
          post_thread_ = v;
        } else if (v.empty()) {
          Complain(xml->line(),
                   "post " + post_.ext_id + ": <parent> without dsq:id, taken as top level");
        } else {
          post_.parent_ext_id = v;
        }
        return;
      }
      if (field_ != "author") xml->CaptureText();
      return;
    }
    if (depth == kAuthorField && field_ == "author") xml->CaptureText();
  }

  void OnEnd(XmlStream* xml, const XmlName& name) override {
    const int depth = xml->depth();
    if (depth == kTopLevel) {
      if (kind_ == Kind::kThread) EndThread();
      if (kind_ == Kind::kPost) EndPost();
      kind_ = Kind::kOther;
      return;
    }
    if (kind_ == Kind::kOther) return;
    if (depth == kAuthorField && field_ == "author") {
      if (kind_ != Kind::kPost) return;
      if (name.local == "name") post_.author = Trimmed(xml->text());
      if (name.local == "username") post_.author_ext_id = Trimmed(xml->text());
      return;
    }
    if (depth != kField) return;
    const std::string& text = xml->text();
    if (kind_ == Kind::kThread) {
      if (field_ == "link")
        thread_.url = Trimmed(text);
      else if (field_ == "title")
        thread_.title = Trimmed(text);
      else if (field_ == "message")
        thread_.body_raw = text;
      else if (field_ == "createdAt")
        thread_.created_at = Date(xml, text, "thread");
    } else {
      if (field_ == "message") {
        post_.raw = Trimmed(text);
        post_has_message_ = !IsBlank(text);
      } else if (field_ == "createdAt") {
        post_.created_at = Date(xml, text, "post " + post_.ext_id);
      } else if (field_ == "isDeleted") {
        if (Bool(xml, text, "isDeleted")) post_.flags.push_back("deleted");
      } else if (field_ == "isSpam") {
        if (Bool(xml, text, "isSpam")) post_.flags.push_back("spam");
      }
    }
    field_.clear();
  }

 private:
  enum class Kind { kOther, kThread, kPost };
  struct Slot {
    Thread thread;
    std::vector<bool> textless;  // parallel to thread.comments
    bool defined = false;
  };

  void Complain(int64_t line, const std::string& what) {
    std::string msg = in_->name() + ":" + std::to_string(line) + ": " + what;
    if (options_.policy == BadRecordPolicy::kStrict)
      xml_.Fail(Status::Error(msg));
    else
      warn_(std::move(msg));
  }

  bool Bool(XmlStream* xml, const std::string& text, const char* field) {
    std::string v = Trimmed(text);
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0" || v.empty()) return false;
    Complain(xml->line(), "post " + post_.ext_id + ": " + field + " is '" + v +
                              "', expected true or false (taken as false)");
    return false;
  }

  std::string Date(XmlStream* xml, const std::string& text, const std::string& what) {
    std::string v = Trimmed(text);
    if (v.empty()) return "";
    std::string iso = IsoUtcFromIso8601(v);
    if (iso.empty())
      Complain(xml->line(), what + ": createdAt '" + v + "' is not an ISO-8601 date");
    return iso;
  }

  Slot& SlotFor(const std::string& dsq_id) {
    auto [it, fresh] = slot_by_id_.emplace(dsq_id, slots_.size());
    if (fresh) {
      slots_.emplace_back();
      Thread& t = slots_.back().thread;
      t.platform = "disqus";
      t.ext_id = dsq_id;
      t.parents_explicit = true;
    }
    return slots_[it->second];
  }

  void EndThread() {
    if (thread_.ext_id.empty()) {
      Complain(record_line_, "<thread> without dsq:id skipped");
      return;
    }
    Slot& s = SlotFor(thread_.ext_id);
    if (s.defined) {
      Complain(record_line_, "thread " + thread_.ext_id + " defined twice; the first kept");
      return;
    }
    s.defined = true;
    s.thread.title = std::move(thread_.title);
    s.thread.url = std::move(thread_.url);
    s.thread.created_at = std::move(thread_.created_at);
    s.thread.body_raw = std::move(thread_.body_raw);
    s.thread.body_raw_is_html = true;  // <message> is HTML, as in posts
  }

  void EndPost() {
    if (post_.ext_id.empty()) {
      Complain(record_line_, "<post> without dsq:id skipped");
      return;
    }
    if (post_thread_.empty()) {
      Complain(record_line_, "post " + post_.ext_id + " has no <thread dsq:id>; skipped");
      return;
    }
    bool deleted = post_.HasFlag("deleted");
    if (!deleted && !post_has_message_)
      Complain(record_line_, "post " + post_.ext_id +
                                 " has no message (kept as a placeholder only if replied to)");
    post_.raw_is_html = true;
    Slot& s = SlotFor(post_thread_);
    s.textless.push_back(deleted || !post_has_message_);
    s.thread.comments.push_back(std::move(post_));
    post_ = Comment();
  }

  Input* in_;
  ReaderOptions options_;
  std::function<void(std::string)> warn_;  // Reader::warnings_ (see reader_warnings.h)
  XmlStream xml_;
  bool saw_root_ = false;

  // The record being read.
  Kind kind_ = Kind::kOther;
  int64_t record_line_ = 0;
  std::string field_;  // local name of the depth-3 element being read
  Thread thread_;      // a <thread> definition's fields
  Comment post_;
  std::string post_thread_;
  bool post_has_message_ = false;

  // Everything collected: one slot per thread id, in order of first appearance.
  std::vector<Slot> slots_;
  std::unordered_map<std::string, size_t> slot_by_id_;
  std::vector<size_t> order_;  // emission order (filled by Run)
  size_t next_ = 0;
};

DisqusReader::DisqusReader(Input* in, const ReaderOptions& options)
    : parse_(std::make_unique<Parse>(
          in, options, [this](std::string m) { AddWarning(&warnings_, std::move(m)); })) {}

DisqusReader::~DisqusReader() = default;

bool DisqusReader::Next(Thread* thread, Status* status) {
  if (!parse_) return false;
  if (!ran_) {
    ran_ = true;
    Status st = parse_->Run();
    if (!st.ok()) {
      *status = st;
      parse_.reset();
      return false;
    }
  }
  return parse_->Take(thread);
}

std::string SniffDisqus(std::string_view, std::string_view head) {
  MarkupHead h = ScanMarkupHead(head);
  if (!h.markup) return "not XML (starts with '" + h.first_bytes + "')";
  if (h.root_name.empty()) return "no root element in the first bytes";
  std::string_view local = h.root_name;
  if (size_t colon = local.find(':'); colon != std::string_view::npos)
    local = local.substr(colon + 1);
  if (local == "disqus") return "";
  if (h.root_tag.find("\"http://disqus.com\"") != std::string::npos) return "";
  return "root element is <" + h.root_name + ">, not <disqus>";
}

}  // namespace threadlens
