#include "ingest/readers/ytapi_reader.h"

#include <utility>
#include <vector>

#include "ingest/readers/comment_record.h"
#include "ingest/readers/json_util.h"

namespace threadlens {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

using Keyed = std::vector<std::pair<std::string, std::string>>;  // (video, record)

// One youtube#comment resource into *c. Error names the field.
Status CommentFromJson(element e, Comment* c) {
  object o, snippet, channel;
  if (e.get_object().get(o) != simdjson::SUCCESS)
    return Status::Error(std::string("is ") + jsonin::TypeName(e.type()) + ", expected a comment");
  std::string_view id, author, original, display, parent, channel_id;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "id", &id));
  if (id.empty()) return Status::Error("no 'id'");
  c->ext_id = std::string(id);
  bool found = false;
  TL_RETURN_IF_ERROR(jsonin::GetObject(o, "snippet", &snippet, &found));
  if (!found) return Status::Error("comment " + c->ext_id + " has no 'snippet'");
  Status st = [&]() -> Status {
    TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "authorDisplayName", &author));
    TL_RETURN_IF_ERROR(jsonin::GetObject(snippet, "authorChannelId", &channel, &found));
    if (found) TL_RETURN_IF_ERROR(jsonin::GetString(channel, "value", &channel_id).Annotate("authorChannelId"));
    TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "parentId", &parent));
    TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "textOriginal", &original));
    TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "textDisplay", &display));
    element probe;
    bool has_original = snippet["textOriginal"].get(probe) == simdjson::SUCCESS && !probe.is_null();
    bool has_display = snippet["textDisplay"].get(probe) == simdjson::SUCCESS && !probe.is_null();
    if (!has_original && !has_display) return Status::Error("no 'textOriginal' or 'textDisplay'");
    if (has_original) {
      c->raw = std::string(original);
    } else {
      c->raw = std::string(display);
      c->raw_is_html = true;
    }
    TL_RETURN_IF_ERROR(jsonin::GetInt(snippet, "likeCount", &c->score));
    TL_RETURN_IF_ERROR(jsonin::GetTime(snippet, "publishedAt", &c->created_at));
    return Status::Ok();
  }();
  if (!st.ok()) return st.Annotate("comment " + c->ext_id + ": snippet");
  c->author = std::string(author);
  c->author_ext_id = std::string(channel_id);
  c->parent_ext_id = std::string(parent);
  return Status::Ok();
}

// One youtube#commentThread into records keyed by video. `at` names it for errors.
Status AddThread(element e, const std::string& at, int line, Keyed* out) {
  object o, snippet, replies;
  if (e.get_object().get(o) != simdjson::SUCCESS)
    return Status::Error(at + ": is " + jsonin::TypeName(e.type()) + ", expected a commentThread");
  std::string_view id, video;
  bool found = false;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "id", &id).Annotate(at));
  if (id.empty()) return Status::Error(at + ": commentThread without 'id'");
  const std::string where = at + " (" + std::string(id) + ")";
  TL_RETURN_IF_ERROR(jsonin::GetObject(o, "snippet", &snippet, &found).Annotate(where));
  if (!found) return Status::Error(where + ": no 'snippet'");
  TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "videoId", &video).Annotate(where + ": snippet"));
  if (video.empty())
    TL_RETURN_IF_ERROR(jsonin::GetString(snippet, "channelId", &video).Annotate(where + ": snippet"));
  std::optional<int64_t> total;
  TL_RETURN_IF_ERROR(jsonin::GetInt(snippet, "totalReplyCount", &total).Annotate(where + ": snippet"));
  element top;
  if (snippet["topLevelComment"].get(top) != simdjson::SUCCESS || top.is_null())
    return Status::Error(where + ": no 'snippet.topLevelComment'");
  Comment c;
  TL_RETURN_IF_ERROR(CommentFromJson(top, &c).Annotate(where + ": snippet.topLevelComment"));
  if (video.empty()) {
    object ts;
    if (top.get_object().get(ts) == simdjson::SUCCESS &&
        ts["snippet"].get_object().get(ts) == simdjson::SUCCESS)
      TL_RETURN_IF_ERROR(jsonin::GetString(ts, "videoId", &video).Annotate(where));
  }
  if (video.empty()) return Status::Error(where + ": no 'snippet.videoId' or 'snippet.channelId'");
  const std::string key(video);
  const std::string top_id = c.ext_id;
  c.parent_ext_id.clear();
  c.line_start = c.line_end = line;
  Keyed mine;
  std::string rec;
  EncodeComment(c, 0, &rec);
  mine.emplace_back(key, std::move(rec));
  size_t included = 0;
  TL_RETURN_IF_ERROR(jsonin::GetObject(o, "replies", &replies, &found).Annotate(where));
  if (found) {
    array list;
    TL_RETURN_IF_ERROR(jsonin::GetArray(replies, "comments", &list, &found).Annotate(where + ": replies"));
    if (found) {
      for (element r : list) {
        Comment reply;
        std::string rat = where + ": replies.comments[" + std::to_string(included) + "]";
        TL_RETURN_IF_ERROR(CommentFromJson(r, &reply).Annotate(rat));
        if (reply.parent_ext_id.empty()) reply.parent_ext_id = top_id;
        reply.line_start = reply.line_end = line;
        rec.clear();
        EncodeComment(reply, 0, &rec);
        mine.emplace_back(key, std::move(rec));
        ++included;
      }
    }
  }
  if (total && *total > static_cast<int64_t>(included)) {
    rec.clear();
    const int64_t missing = *total - static_cast<int64_t>(included);
    EncodeNote("more: " + std::to_string(missing) + (missing == 1 ? " reply" : " replies") +
                   " to " + top_id + " not in dump",
               &rec);
    mine.emplace_back(key, std::move(rec));
  }
  for (auto& kv : mine) out->push_back(std::move(kv));
  return Status::Ok();
}

// A commentThread, a list response, or an array of either.
Status AddValue(element v, const std::string& at, int line, Keyed* out) {
  array list;
  if (v.get_array().get(list) == simdjson::SUCCESS) {
    size_t k = 0;
    for (element e : list) {
      // Arrays nest at most once here (an array of responses), so this recursion is bounded.
      std::string sub = at + "[" + std::to_string(k++) + "]";
      object o;
      if (e.get_object().get(o) != simdjson::SUCCESS)
        return Status::Error(sub + ": is " + jsonin::TypeName(e.type()) + ", expected an object");
      TL_RETURN_IF_ERROR(AddValue(e, sub, line, out));
    }
    return Status::Ok();
  }
  object o;
  if (v.get_object().get(o) != simdjson::SUCCESS)
    return Status::Error((at.empty() ? "the value" : at) + ": is " + jsonin::TypeName(v.type()) +
                         ", expected a commentThread or a list response");
  std::string_view kind;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "kind", &kind).Annotate(at.empty() ? "the value" : at));
  array items;
  bool found = false;
  TL_RETURN_IF_ERROR(jsonin::GetArray(o, "items", &items, &found).Annotate(at.empty() ? "the value" : at));
  if (found) {
    size_t k = 0;
    for (element e : items)
      TL_RETURN_IF_ERROR(AddThread(e, at + (at.empty() ? "" : ".") + "items[" +
                                          std::to_string(k++) + "]", line, out));
    return Status::Ok();
  }
  if (!kind.empty() && kind != "youtube#commentThread")
    return Status::Error((at.empty() ? "the value" : at) + ": kind '" + std::string(kind) +
                         "', expected youtube#commentThread or a list of them");
  return AddThread(v, at.empty() ? "commentThread" : at, line, out);
}

}  // namespace

bool YtApiReader::ReadAll(Status* status) {
  jsonin::JsonRecords records(in_, jsonin::JsonRecords::kAuto);
  element value;
  std::string bad;
  Keyed keyed;
  while (records.Next(&value, &bad, status)) {
    const bool lines = records.mode() == jsonin::JsonRecords::kLines;
    if (!bad.empty()) {
      if (!BadRecord(records.Where(), bad, status)) return false;
      continue;
    }
    keyed.clear();
    Status st = AddValue(value, "", lines ? static_cast<int>(records.line()) : 0, &keyed);
    if (!st.ok()) {
      if (!lines) {
        *status = st.Annotate(in_->name());
        return false;
      }
      if (!BadRecord(records.Where(), st.message(), status)) return false;
      continue;
    }
    for (const auto& [key, rec] : keyed) {
      *status = groups_.Add(key, rec);
      if (!status->ok()) return false;
    }
  }
  return status->ok();
}

bool YtApiReader::Next(Thread* thread, Status* status) {
  if (!read_) {
    read_ = true;
    if (!ReadAll(status)) return false;
  }
  std::string key;
  std::vector<std::string> recs;
  while (groups_.Next(&key, &recs, status)) {
    *thread = Thread();
    thread->platform = "youtube";
    thread->ext_id = key;
    thread->url = "https://www.youtube.com/watch?v=" + key;
    for (const auto& r : recs) {
      *status = DecodeRecord(r, thread).Annotate(in_->name());
      if (!status->ok()) return false;
    }
    if (thread->comments.empty()) continue;
    FinishThread(thread);
    return true;
  }
  return false;
}

std::string SniffYtApi(std::string_view, std::string_view head) {
  char c = jsonin::FirstNonSpace(head);
  if (c != '[' && c != '{') return "not JSON (starts with neither '[' nor '{')";
  if (jsonin::HasKeyValue(head, "kind", "youtube#commentThread") ||
      jsonin::HasKeyValue(head, "kind", "youtube#commentThreadListResponse"))
    return "";
  return "no \"kind\": \"youtube#commentThread\"";
}

}  // namespace threadlens
