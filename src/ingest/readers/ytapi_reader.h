// YtApiReader: YouTube Data API v3 `commentThreads` — a commentThreadListResponse ({"items":
// [...]}), an array of commentThreads, or one commentThread per line (as collectors save pages).
//
// Each commentThread gives its top-level comment and the replies the API included
// (`replies.comments[]`, linked by `snippet.parentId`); when `totalReplyCount` says there are
// more, the thread gets a note "more: N replies to ID not in dump". Text: `textOriginal` (plain)
// when present, else `textDisplay` (HTML, raw_is_html). Times are `publishedAt`; score is
// `likeCount`; author ext id is the channel id. Threads are videos (`snippet.videoId`, or the
// channel for channel discussions), grouped with ThreadGroups so memory stays bounded however
// many lines there are; order of first appearance.
//
// A commentThread with a missing id, snippet or topLevelComment, no text, or wrong types is a bad
// record: in line mode it follows the bad-record policy ("file:line: ..."), in a document it
// fails the source naming its path ("items[3].replies.comments[1]").
#pragma once

#include <string>
#include <string_view>

#include "ingest/readers/dump_reader.h"
#include "ingest/readers/thread_groups.h"

namespace threadlens {

class YtApiReader : public DumpReader {
 public:
  YtApiReader(Input* in, const ReaderOptions& opts, size_t budget_bytes = SpillBudget())
      : DumpReader(in, opts), groups_(budget_bytes) {}
  bool Next(Thread* thread, Status* status) override;

 private:
  bool ReadAll(Status* status);
  bool read_ = false;
  ThreadGroups groups_;
};

// "" when head holds YouTube commentThread resources; otherwise why not.
std::string SniffYtApi(std::string_view path, std::string_view head);

}  // namespace threadlens
