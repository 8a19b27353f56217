// What the structured-dump readers (reddit, pushshift, hn, ytapi, youtube, csv) share: the
// bad-record policy, finishing a thread the same way everywhere, and an in-memory thread set for
// the formats that are read whole.
//
// Deleted comments: a comment whose text is gone is flagged "deleted" (or "removed") with an
// empty raw. FinishThread keeps it as a "placeholder" when it has replies, so the tree keeps its
// shape, and drops it otherwise (a chain of deleted comments with no living reply goes whole),
// counting the dropped ones in a thread note.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

class DumpReader : public Reader {
 protected:
  DumpReader(Input* in, const ReaderOptions& opts) : in_(in), opts_(opts) {}

  // A bad record at `where` ("file:line", or "file: record path"). kSkip: adds the warning
  // "where: what" and returns true (go on). kStrict: sets *status to that message and returns
  // false (the source fails).
  bool BadRecord(const std::string& where, const std::string& what, Status* status);

  Input* in_;
  ReaderOptions opts_;
};

// Finishes a thread assembled by a reader: parents that name the thread itself become top level;
// deleted comments are kept as placeholders or dropped (see above); parents_explicit is set.
void FinishThread(Thread* thread);

// Threads assembled in memory, handed out in order of first appearance of their key.
class ThreadSet {
 public:
  // The thread with this key, created (platform and ext_id set) on first use. The pointer is
  // valid until the next Get.
  Thread* Get(const std::string& key, const std::string& platform);
  // Moves out the next thread in order; false when none is left.
  bool Pop(Thread* out);
  size_t size() const { return threads_.size(); }

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<Thread> threads_;
  size_t next_ = 0;
};

// "t1_abc" -> "abc" (any "tN_" fullname prefix); other text unchanged.
std::string StripFullname(std::string_view id);

}  // namespace threadlens
