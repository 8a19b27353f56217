// PushshiftReader: Pushshift / Arctic Shift Reddit archives — NDJSON, one comment (RC_*) or
// submission (RS_*) per line, plain, .gz or .zst (Input decompresses; zstd windows up to 2^31).
//
// Comments of one thread are spread over the file (archives are ordered by time), so lines are
// grouped by link_id in ThreadGroups: memory stays within SpillBudget() plus the largest thread,
// spilling to temporary files past it (a 10 GB month never sits in memory). A submission row
// gives its thread the title, text, url and time; comments whose submission is not in the file
// still form a thread (ext_id = the bare link id, no title). Threads without comments are not
// emitted. Within a thread comments keep file order; thread order is first appearance (in
// memory) or bucket then first appearance (spilled). `created_utc` may be an integer, a float or
// a string; lines wrapped as {"kind": "t1", "data": {...}} are unwrapped.
//
// Bad lines (not JSON, not an object, no id / link_id / parent_id, wrong types) follow the
// bad-record policy: skipped with a warning "file:line: what", or fatal under --strict.
#pragma once

#include <string>
#include <string_view>

#include "ingest/readers/dump_reader.h"
#include "ingest/readers/thread_groups.h"

namespace threadlens {

class PushshiftReader : public DumpReader {
 public:
  // budget_bytes: see ThreadGroups (tests pass a tiny one to force the spill path).
  PushshiftReader(Input* in, const ReaderOptions& opts, size_t budget_bytes = SpillBudget())
      : DumpReader(in, opts), groups_(budget_bytes) {}
  bool Next(Thread* thread, Status* status) override;

  bool spilled() const { return groups_.spilled(); }
  int64_t records() const { return records_; }  // comment and submission lines kept

 private:
  bool ReadAll(Status* status);
  bool read_ = false;
  int64_t records_ = 0;
  ThreadGroups groups_;
};

// "" when the first line looks like a Pushshift comment or submission; otherwise why not.
std::string SniffPushshift(std::string_view path, std::string_view head);

}  // namespace threadlens
