// CsvReader: any CSV or TSV of comments with a header line.
//
// Parsing follows RFC 4180 — fields separated by the delimiter, "quoted" fields may hold the
// delimiter, "" and line breaks — and is lenient where real files are not: CR LF or LF, a UTF-8
// BOM, text after a closing quote kept literally. The delimiter is sniffed from the header
// (the most frequent of , TAB ; | outside quotes). Columns are found by name (case and
// spaces ignored):
//   id      id, comment_id, cid, commentid, objectid
//   parent  parent, parent_id, parentid, in_reply_to, reply_to, parent_comment_id
//   text    text, body, comment, message, content, comment_text, text_original (required)
//   author  author, user, username, user_name, author_name, by, screen_name
//   time    time, created_at, created_utc, created, date, timestamp, datetime, published_at
//   thread  thread, thread_id, post_id, link_id, story_id, video_id, article_id, url
//   score   score, likes, votes, like_count, points, upvotes
// or given by ReaderOptions::csv_map ("id=cid,parent=reply_to,text=body,..."; keys as above).
// A header without a text column is an error naming the header line.
//
// Rows group into threads by the thread column (ThreadGroups: bounded memory, order of first
// appearance); without one the file is one thread named after it. Parents "", "0", "-1",
// "null", "none" that are no comment's id, and parents naming the thread, are top level; Reddit
// fullnames (t1_x) are matched to bare ids. Without a parent column the tree is inferred from
// the text (parents_explicit = false). Times: epoch numbers, ISO-8601, or relative ages against
// the file's modification time (approximate). Empty or "[deleted]"/"[removed]" text is a gone
// comment (dump_reader.h). A row with the wrong number of fields, or an unterminated quoted
// field, follows the bad-record policy ("file:line: ...").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/readers/dump_reader.h"
#include "ingest/readers/thread_groups.h"

namespace threadlens {

class CsvReader : public DumpReader {
 public:
  CsvReader(Input* in, const ReaderOptions& opts, size_t budget_bytes = SpillBudget())
      : DumpReader(in, opts), groups_(budget_bytes) {}
  bool Next(Thread* thread, Status* status) override;

  // The longest record accepted: a quoted field longer than this is taken for an unbalanced
  // quote rather than read to the end of the file.
  static constexpr size_t kMaxRecordBytes = size_t{16} << 20;

 private:
  bool ReadAll(Status* status);
  bool read_ = false;
  bool has_parent_ = false;
  std::string file_thread_;  // thread ext_id when there is no thread column
  ThreadGroups groups_;
};

// Splits one line into fields; false when it ends inside a quoted field.
bool SplitCsvLine(std::string_view line, char delimiter, std::vector<std::string>* fields);

// The delimiter of a header line: the most frequent of , \t ; | outside quotes, or 0.
char SniffDelimiter(std::string_view header);

// "" when the first line is a CSV/TSV header with a recognisable text column; otherwise why not.
std::string SniffCsv(std::string_view path, std::string_view head);

}  // namespace threadlens
