// RedditReader: a Reddit thread page's JSON, as https://www.reddit.com/comments/ID.json returns
// it — an array [Listing(t3 post), Listing(t1 comments)] — or any Listing (or array of
// Listings) of t3/t1 things, e.g. a user's comment history (then one thread per link_id).
//
// The document is read whole (JsonRecords, document mode); nested `replies` (a Listing, or ""
// when empty) are walked with an explicit stack, so any depth the JSON parser accepts is fine.
// Comments come out in page order (depth first). `more` stubs are not comments: each becomes a
// thread note ("more: 3 replies under d8rzxi2 not in dump", or "continue this thread" for an
// empty one). Field handling as in reddit_fields.h; deleted comments as in dump_reader.h.
// Errors (invalid JSON, wrong types, missing ids) fail the source and name the record by its
// path, e.g. "[1].data.children[3].data.replies.data.children[0] (d8r9gyy): 'body' is a number".
#pragma once

#include <string>
#include <string_view>

#include "ingest/readers/dump_reader.h"

namespace threadlens {

class RedditReader : public DumpReader {
 public:
  RedditReader(Input* in, const ReaderOptions& opts) : DumpReader(in, opts) {}
  bool Next(Thread* thread, Status* status) override;

 private:
  Status ReadAll();
  bool read_ = false;
  ThreadSet threads_;
};

// "" when head looks like a Reddit Listing; otherwise why not.
std::string SniffReddit(std::string_view path, std::string_view head);

}  // namespace threadlens
