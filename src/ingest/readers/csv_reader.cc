#include "ingest/readers/csv_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <unordered_set>

#include "ingest/readers/comment_record.h"
#include "ingest/readers/youtube_reader.h"
#include "ingest/time_util.h"

namespace threadlens {
namespace {

enum Col { kId, kParent, kText, kAuthor, kTime, kThread, kScore, kCols };
const char* const kColNames[kCols] = {"id", "parent", "text", "author", "time", "thread", "score"};
const std::vector<std::string_view> kSynonyms[kCols] = {
    {"id", "comment_id", "cid", "commentid", "objectid"},
    {"parent", "parent_id", "parentid", "in_reply_to", "in_reply_to_id", "reply_to",
     "parent_comment_id"},
    {"text", "body", "comment", "message", "content", "comment_text", "text_original",
     "textoriginal", "comment_body"},
    {"author", "user", "username", "user_name", "author_name", "by", "screen_name"},
    {"time", "created_at", "created_utc", "created", "date", "timestamp", "datetime",
     "published_at", "publishedat", "time_parsed"},
    {"thread", "thread_id", "post_id", "link_id", "story_id", "video_id", "videoid",
     "article_id", "url"},
    {"score", "likes", "votes", "like_count", "likecount", "points", "upvotes"},
};

std::string NormalizeName(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r')) s.remove_suffix(1);
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
    out.push_back(c);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits text into fields line by line, carrying a quoted field over line ends.
class FieldSplitter {
 public:
  explicit FieldSplitter(char d) : d_(d) {}
  void Reset() {
    field_.clear();
    in_quotes_ = false;
    at_start_ = true;
  }
  bool in_quotes() const { return in_quotes_; }
  // Feeds one line (without its terminator). Completes the record unless inside quotes.
  void Feed(std::string_view line, std::vector<std::string>* out) {
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (in_quotes_) {
        if (c == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field_.push_back('"');
            ++i;
          } else {
            in_quotes_ = false;
          }
        } else {
          field_.push_back(c);
        }
      } else if (c == d_) {
        out->push_back(std::move(field_));
        field_.clear();
        at_start_ = true;
      } else if (c == '"' && at_start_) {  // only spaces before it: a quoted field
        in_quotes_ = true;
        at_start_ = false;
        field_.clear();
      } else {
        if (c != ' ') at_start_ = false;
        field_.push_back(c);
      }
    }
    if (in_quotes_) {
      field_.push_back('\n');
    } else {
      if (!field_.empty() && field_.back() == '\r') field_.pop_back();
      out->push_back(std::move(field_));
      Reset();
    }
  }
  size_t pending() const { return field_.size(); }

 private:
  char d_;
  std::string field_;
  bool in_quotes_ = false, at_start_ = true;
};

}  // namespace

bool SplitCsvLine(std::string_view line, char d, std::vector<std::string>* fields) {
  fields->clear();
  FieldSplitter s(d);
  s.Feed(line, fields);
  return !s.in_quotes();
}

char SniffDelimiter(std::string_view header) {
  char best = 0;
  size_t best_n = 0;
  for (char d : {',', '\t', ';', '|'}) {
    size_t n = 0;
    bool q = false;
    for (char c : header) {
      if (c == '"') q = !q;
      else if (c == d && !q) ++n;
    }
    if (n > best_n) {
      best = d;
      best_n = n;
    }
  }
  return best;
}

bool CsvReader::ReadAll(Status* status) {
  const std::string& file = in_->name();
  std::string_view head = in_->Peek(size_t{64} << 10, status);
  if (!status->ok()) return false;
  size_t eol = head.find('\n');
  char delim = SniffDelimiter(head.substr(0, eol));
  if (!delim) delim = ',';

  std::optional<int64_t> reference;
  file_thread_ = "stdin";
  if (in_->path() != "-") {
    std::string stem = std::filesystem::path(in_->path()).filename().string();
    for (const char* ext : {".gz", ".zst", ".csv", ".tsv", ".txt"}) {
      std::string_view e(ext);
      if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0)
        stem.resize(stem.size() - e.size());
    }
    file_thread_ = stem;
    struct stat st;
    if (::stat(in_->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) reference = st.st_mtime;
  }

  FieldSplitter splitter(delim);
  std::vector<std::string> fields;
  std::string line;
  // The header: the first non-blank line.
  int64_t header_line = 0;
  while (in_->ReadLine(&line, status)) {
    if (in_->line_number() == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (Trim(line).empty()) continue;
    header_line = in_->line_number();
    splitter.Feed(line, &fields);
    break;
  }
  if (!status->ok()) return false;
  if (header_line == 0) {
    *status = Status::Error(file + ": empty CSV, no header line");
    return false;
  }
  if (splitter.in_quotes()) {
    *status = Status::Error(file + ":" + std::to_string(header_line) +
                            ": the header line ends inside a quoted field");
    return false;
  }
  const std::vector<std::string> header = fields;
  std::string header_text = line.size() > 200 ? line.substr(0, 200) + "..." : line;
  auto header_error = [&](const std::string& what) {
    *status = Status::Error(file + ":" + std::to_string(header_line) + ": " + what +
                            " in header \"" + header_text + "\"");
    return false;
  };
  int col[kCols];
  std::fill(col, col + kCols, -1);
  std::vector<std::string> names;
  for (const auto& h : header) names.push_back(NormalizeName(h));
  if (!opts_.csv_map.empty()) {
    std::string_view spec = opts_.csv_map;
    while (!spec.empty()) {
      size_t comma = spec.find(',');
      std::string_view item = spec.substr(0, comma);
      spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
      size_t eq = item.find('=');
      if (eq == std::string_view::npos)
        return header_error("--map item '" + std::string(item) + "' is not key=column");
      std::string key = NormalizeName(item.substr(0, eq));
      std::string want = NormalizeName(item.substr(eq + 1));
      int k = 0;
      while (k < kCols && key != kColNames[k]) ++k;
      if (k == kCols)
        return header_error("--map key '" + key +
                            "' is none of id, parent, text, author, time, thread, score");
      auto it = std::find(names.begin(), names.end(), want);
      if (it == names.end())
        return header_error("--map " + key + "=" + std::string(item.substr(eq + 1)) +
                            ": no such column");
      col[k] = static_cast<int>(it - names.begin());
    }
  }
  for (int k = 0; k < kCols; ++k) {
    for (std::string_view syn : kSynonyms[k]) {
      if (col[k] >= 0) break;
      auto it = std::find(names.begin(), names.end(), syn);
      if (it == names.end()) continue;
      int idx = static_cast<int>(it - names.begin());
      bool taken = false;
      for (int j = 0; j < kCols; ++j) taken |= col[j] == idx;
      if (!taken) col[k] = idx;
    }
  }
  if (col[kText] < 0) {
    std::string tried;
    for (std::string_view s : kSynonyms[kText]) tried += (tried.empty() ? "" : ", ") + std::string(s);
    return header_error("no text column (looked for " + tried +
                        "; name one with --map text=COLUMN)");
  }
  has_parent_ = col[kParent] >= 0;

  std::string rec;
  while (true) {
    fields.clear();
    splitter.Reset();
    if (!in_->ReadLine(&line, status)) break;
    const int64_t first = in_->line_number();
    if (Trim(line).empty()) continue;
    splitter.Feed(line, &fields);
    std::string bad;
    while (splitter.in_quotes()) {
      if (splitter.pending() > kMaxRecordBytes) {
        bad = "quoted field runs over " + std::to_string(kMaxRecordBytes >> 20) +
              " MiB (an unbalanced quote?)";
        break;
      }
      if (!in_->ReadLine(&line, status)) {
        if (!status->ok()) return false;
        bad = "quoted field not closed before the end of the file (an unbalanced quote?)";
        break;
      }
      splitter.Feed(line, &fields);
    }
    const int64_t last = in_->line_number();
    const std::string where = file + ":" + std::to_string(first);
    if (bad.empty() && fields.size() != header.size())
      bad = std::to_string(fields.size()) + " fields, the header has " +
            std::to_string(header.size());
    if (!bad.empty()) {
      if (!BadRecord(where, bad, status)) return false;
      continue;
    }
    auto get = [&](Col k) -> std::string_view {
      return col[k] >= 0 ? Trim(fields[static_cast<size_t>(col[k])]) : std::string_view();
    };
    Comment c;
    c.ext_id = std::string(get(kId));
    c.parent_ext_id = std::string(get(kParent));
    std::string_view author = get(kAuthor);
    if (author != "[deleted]" && author != "[removed]") c.author = std::string(author);
    std::string_view text = fields[static_cast<size_t>(col[kText])];
    if (Trim(text).empty() || Trim(text) == "[deleted]") {
      c.flags.push_back("deleted");
    } else if (Trim(text) == "[removed]") {
      c.flags.push_back("removed");
    } else {
      c.raw = std::string(text);
    }
    std::string_view time = get(kTime);
    if (!time.empty()) NormalizeTime(time, reference, &c.created_at, &c.created_approx);
    std::string_view score = get(kScore);
    if (!score.empty()) c.score = ParseDisplayCount(score);
    c.line_start = static_cast<int>(first);
    c.line_end = static_cast<int>(last);
    rec.clear();
    EncodeComment(c, 0, &rec);
    *status = groups_.Add(get(kThread), rec);
    if (!status->ok()) return false;
  }
  return status->ok();
}

bool CsvReader::Next(Thread* thread, Status* status) {
  if (!read_) {
    read_ = true;
    if (!ReadAll(status)) return false;
  }
  std::string key;
  std::vector<std::string> recs;
  while (groups_.Next(&key, &recs, status)) {
    *thread = Thread();
    thread->platform = "csv";
    thread->ext_id = key.empty() ? file_thread_ : key;
    if (key.rfind("http://", 0) == 0 || key.rfind("https://", 0) == 0) thread->url = key;
    for (const auto& r : recs) {
      *status = DecodeRecord(r, thread).Annotate(in_->name());
      if (!status->ok()) return false;
    }
    // Parents that mean "none", and Reddit fullnames next to bare ids.
    std::unordered_set<std::string> ids;
    for (const Comment& c : thread->comments) ids.insert(c.ext_id);
    for (Comment& c : thread->comments) {
      std::string& p = c.parent_ext_id;
      if (p.empty() || ids.count(p)) continue;
      std::string lower;
      for (char ch : p) lower.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
      if (lower == "0" || lower == "-1" || lower == "null" || lower == "none" || lower == "nan" ||
          p.rfind("t3_", 0) == 0) {
        p.clear();
      } else if (p.size() > 3 && p[0] == 't' && p[2] == '_' && ids.count(p.substr(3))) {
        p = p.substr(3);
      }
    }
    FinishThread(thread);
    thread->parents_explicit = has_parent_;
    if (thread->comments.empty()) continue;
    return true;
  }
  return false;
}

std::string SniffCsv(std::string_view, std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t eol = head.find('\n');
  std::string_view first = head.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (first.empty()) return "the first line is empty, not a header";
  if (first[0] == '{' || first[0] == '[' || first[0] == '<') return "looks like JSON or markup";
  char d = SniffDelimiter(first);
  if (!d) return "no delimiter (, TAB ; |) in the first line";
  std::vector<std::string> fields;
  if (!SplitCsvLine(first, d, &fields) || fields.size() < 2) return "the first line is not a header";
  bool text = false;
  for (const auto& f : fields) {
    if (f.size() > 64) return "the first line has a long field: data, not a header";
    std::string n = NormalizeName(f);
    for (std::string_view syn : kSynonyms[kText]) text |= n == syn;
  }
  if (!text) return "no text/body/comment/message column in the header";
  return "";
}

}  // namespace threadlens
