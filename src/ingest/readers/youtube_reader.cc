#include "ingest/readers/youtube_reader.h"

#include <sys/stat.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "ingest/readers/json_util.h"
#include "ingest/time_util.h"

namespace threadlens {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::optional<int64_t> ParseDisplayCount(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  double scale = 1;
  char last = s.back();
  if (last == 'K' || last == 'k') scale = 1e3;
  if (last == 'M' || last == 'm') scale = 1e6;
  if (last == 'B' || last == 'b') scale = 1e9;
  if (scale > 1) {
    s.remove_suffix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  }
  std::string digits(s);
  // "1,234,567": thousands separators (only without a K/M/B suffix, where "1,2K" is a decimal).
  bool grouped = scale == 1 && digits.find(',') != std::string::npos;
  for (size_t i = 0, run = 0; grouped && i < digits.size(); ++i) {
    if (digits[i] == ',') {
      grouped = run > 0 && (i == run ? run <= 3 : run == 3);
      run = 0;
      if (i + 1 >= digits.size()) grouped = false;
    } else if (digits[i] >= '0' && digits[i] <= '9') {
      ++run;
      if (i + 1 == digits.size() && run != 3) grouped = false;
    } else {
      grouped = false;
    }
  }
  if (grouped) std::erase(digits, ',');
  bool point = false;
  for (char& c : digits) {
    if (c == ',' || c == '.') {
      if (point) return std::nullopt;
      c = '.';
      point = true;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits == ".") return std::nullopt;
  double v = std::strtod(digits.c_str(), nullptr) * scale;
  if (!std::isfinite(v) || v > 9e18) return std::nullopt;
  return static_cast<int64_t>(std::llround(v));
}

bool YoutubeReader::Next(Thread* thread, Status* status) {
  if (done_) return false;
  done_ = true;
  *thread = Thread();
  thread->platform = "youtube";
  std::optional<int64_t> reference;
  if (in_->path() != "-") {
    std::filesystem::path p(in_->path());
    std::string stem = p.filename().string();
    for (const char* ext : {".gz", ".zst", ".jsonl", ".ndjson", ".json"}) {
      std::string_view e(ext);
      if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0)
        stem.resize(stem.size() - e.size());
    }
    thread->ext_id = stem;
    bool video_like = stem.size() == 11;
    for (char c : stem)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') video_like = false;
    if (video_like) thread->url = "https://www.youtube.com/watch?v=" + stem;
    struct stat st;
    if (::stat(in_->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) reference = st.st_mtime;
  }
  jsonin::JsonRecords records(in_, jsonin::JsonRecords::kLines);
  element value;
  std::string bad;
  while (records.Next(&value, &bad, status)) {
    auto parse = [&](Comment* c) -> Status {
      if (!bad.empty()) return Status::Error(bad);
      object o;
      if (value.get_object().get(o) != simdjson::SUCCESS)
        return Status::Error(std::string("a JSON ") + jsonin::TypeName(value.type()) +
                             ", expected one comment object per line");
      std::string_view cid, text, author, channel, time;
      TL_RETURN_IF_ERROR(jsonin::GetString(o, "cid", &cid));
      if (cid.empty()) return Status::Error("no 'cid'");
      c->ext_id = std::string(cid);
      Status st = [&]() -> Status {
        element probe;
        if (o["text"].get(probe) != simdjson::SUCCESS || probe.is_null())
          return Status::Error("no 'text'");
        TL_RETURN_IF_ERROR(jsonin::GetString(o, "text", &text));
        TL_RETURN_IF_ERROR(jsonin::GetString(o, "author", &author));
        TL_RETURN_IF_ERROR(jsonin::GetString(o, "channel", &channel));
        TL_RETURN_IF_ERROR(jsonin::GetString(o, "time", &time));
        bool is_reply = false;
        TL_RETURN_IF_ERROR(jsonin::GetBool(o, "reply", &is_reply));
        if (o["votes"].get(probe) == simdjson::SUCCESS && !probe.is_null()) {
          if (probe.is_string()) {
            std::string_view v = probe.get_string().value_unsafe();
            c->score = ParseDisplayCount(v);
            if (!c->score && !v.empty())
              return Status::Error("'votes' is \"" + std::string(v.substr(0, 20)) +
                                   "\", not a count");
          } else {
            TL_RETURN_IF_ERROR(jsonin::GetInt(o, "votes", &c->score));
          }
        }
        TL_RETURN_IF_ERROR(jsonin::GetTime(o, "time_parsed", &c->created_at));
        bool approx = true;
        if (c->created_at.empty() && !time.empty())
          NormalizeTime(time, reference, &c->created_at, &approx);
        c->created_approx = !c->created_at.empty();
        size_t dot = cid.find('.');
        if (dot != std::string_view::npos && dot > 0) c->parent_ext_id = std::string(cid.substr(0, dot));
        else if (is_reply) return Status::Error("'reply' is true but cid has no parent part");
        return Status::Ok();
      }();
      if (!st.ok()) return st.Annotate("comment " + c->ext_id);
      c->raw = std::string(text);
      c->author = std::string(author);
      c->author_ext_id = std::string(channel);
      c->line_start = c->line_end = static_cast<int>(records.line());
      if (records.invalid_utf8() > 0) thread->repairs.invalid_utf8 += records.invalid_utf8();
      return Status::Ok();
    };
    Comment c;
    Status st = parse(&c);
    if (!st.ok()) {
      if (!BadRecord(records.Where(), st.message(), status)) return false;
      continue;
    }
    thread->comments.push_back(std::move(c));
  }
  if (!status->ok()) return false;
  if (thread->comments.empty()) return false;
  FinishThread(thread);
  return true;
}

std::string SniffYoutube(std::string_view, std::string_view head) {
  std::string_view line = jsonin::FirstLine(head);
  if (line.empty() || line.front() != '{') return "the first line is not a JSON object";
  if (jsonin::HasKey(line, "cid") && jsonin::HasKey(line, "votes") && jsonin::HasKey(line, "text"))
    return "";
  return "the first line has no cid, votes and text";
}

}  // namespace threadlens
