#include "ingest/readers/pushshift_reader.h"

#include "ingest/readers/comment_record.h"
#include "ingest/readers/json_util.h"
#include "ingest/readers/reddit_fields.h"

namespace threadlens {

using simdjson::dom::element;
using simdjson::dom::object;

bool PushshiftReader::ReadAll(Status* status) {
  jsonin::JsonRecords records(in_, jsonin::JsonRecords::kLines);
  element value;
  std::string bad, rec;
  while (records.Next(&value, &bad, status)) {
    if (!bad.empty()) {
      if (!BadRecord(records.Where(), bad, status)) return false;
      continue;
    }
    object o;
    if (value.get_object().get(o) != simdjson::SUCCESS) {
      if (!BadRecord(records.Where(),
                     std::string("a JSON ") + (value.is_array() ? "array" : "scalar") +
                         ", expected one comment or submission object per line",
                     status))
        return false;
      continue;
    }
    // {"kind": "t1", "data": {...}} as some scrapers write it.
    object inner;
    bool wrapped = false;
    if (jsonin::GetObject(o, "data", &inner, &wrapped).ok() && wrapped) {
      std::string_view kind;
      if (jsonin::GetString(o, "kind", &kind).ok() && (kind == "t1" || kind == "t3")) o = inner;
    }
    element probe;
    const bool is_comment = o["link_id"].get(probe) == simdjson::SUCCESS ||
                            o["body"].get(probe) == simdjson::SUCCESS ||
                            o["parent_id"].get(probe) == simdjson::SUCCESS;
    rec.clear();
    std::string key;
    Status st;
    if (is_comment) {
      Comment c;
      bool has_parent = false;
      st = RedditCommentFromJson(o, &c, &key, &has_parent);
      if (st.ok() && key.empty()) st = Status::Error("comment " + c.ext_id + " has no 'link_id'");
      if (st.ok() && !has_parent)
        st = Status::Error("comment " + c.ext_id + " has no 'parent_id'");
      if (st.ok()) {
        c.line_start = c.line_end = static_cast<int>(records.line());
        EncodeComment(c, records.invalid_utf8(), &rec);
      }
    } else if (o["title"].get(probe) == simdjson::SUCCESS) {
      Thread header;
      st = RedditPostFromJson(o, &header);
      if (st.ok()) {
        key = header.ext_id;
        EncodeHeader(header, &rec);
        for (const auto& n : header.notes) {
          std::string note;
          EncodeNote(n, &note);
          *status = groups_.Add(key, note);
          if (!status->ok()) return false;
        }
      }
    } else {
      st = Status::Error("neither a comment (link_id, parent_id, body) nor a submission (title)");
    }
    if (!st.ok()) {
      if (!BadRecord(records.Where(), st.message(), status)) return false;
      continue;
    }
    *status = groups_.Add(key, rec);
    if (!status->ok()) return false;
    ++records_;
  }
  return status->ok();
}

bool PushshiftReader::Next(Thread* thread, Status* status) {
  if (!read_) {
    read_ = true;
    if (!ReadAll(status)) return false;
  }
  std::string key;
  std::vector<std::string> recs;
  while (groups_.Next(&key, &recs, status)) {
    *thread = Thread();
    thread->platform = "reddit";
    thread->ext_id = key;
    for (const auto& r : recs) {
      *status = DecodeRecord(r, thread).Annotate(in_->name());
      if (!status->ok()) return false;
    }
    if (thread->comments.empty()) continue;  // a submission nobody commented on in this file
    FinishThread(thread);
    return true;
  }
  return false;
}

std::string SniffPushshift(std::string_view, std::string_view head) {
  std::string_view line = jsonin::FirstLine(head);
  if (line.empty() || line.front() != '{') return "the first line is not a JSON object";
  if (jsonin::HasKey(line, "link_id") && jsonin::HasKey(line, "parent_id")) return "";
  if (jsonin::HasKey(line, "subreddit") && jsonin::HasKey(line, "title")) return "";
  return "the first line has no link_id/parent_id (comment) or subreddit/title (submission)";
}

}  // namespace threadlens
