// ThreadGroups: records keyed by thread (Pushshift's link_id, a video id, a CSV thread column),
// handed back grouped one thread at a time, with memory bounded by a budget plus the largest
// thread, whatever the size of the input.
//
//   ThreadGroups groups(SpillBudget());
//   for (...) TL_RETURN_IF_ERROR(groups.Add(link_id, record));
//   std::string key;  std::vector<std::string> records;  Status st;
//   while (groups.Next(&key, &records, &st)) Emit(key, records);
//   if (!st.ok()) return st;
//
// While the buffered bytes stay under the budget everything stays in memory and groups come back
// in order of first appearance. Past the budget every buffered group is appended to one of
// kSpillBuckets temporary files chosen by a stable hash of its key (in $TMPDIR, or /tmp; each
// file is unlinked as soon as it is created, so nothing is left behind even after a crash) and
// buffering starts over. At the end the buckets are read back in order: a bucket within the
// budget is grouped in memory (groups in order of first appearance within it), a bigger one is
// split again with another hash seed (unless splitting does not divide it: one huge thread).
// The records of a key always come back in the order they were added. The emission order depends
// only on the input and the budget. Not thread-safe; one reader owns it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace threadlens {

// Bytes buffered before spilling to disk: large enough that ordinary dumps (a subreddit-month,
// a video's comments) never touch the disk, small enough for a laptop running two ingests.
inline constexpr size_t kDefaultSpillBudget = size_t{64} << 20;
// Files a spill is partitioned into: a 10 GB month gives ~160 MB buckets, each then split once.
inline constexpr int kSpillBuckets = 64;

// kDefaultSpillBudget, or THREADLENS_SPILL_BUDGET (bytes) when set: tests force the spill path
// with it, and small machines can lower it.
size_t SpillBudget();

class ThreadGroups {
 public:
  explicit ThreadGroups(size_t budget_bytes);
  ~ThreadGroups();
  ThreadGroups(const ThreadGroups&) = delete;
  ThreadGroups& operator=(const ThreadGroups&) = delete;

  // Buffers one record under key. Error only when spilling fails (disk full, no $TMPDIR).
  // REQUIRES: Next() not called yet.
  Status Add(std::string_view key, std::string_view record);

  // The next group: its key and records in the order added. False at the end or on error
  // (*status set). The first call ends the adding.
  bool Next(std::string* key, std::vector<std::string>* records, Status* status);

  bool spilled() const { return spilled_; }
  int64_t spill_bytes() const { return spill_bytes_; }  // bytes written to temp files

 private:
  struct Group {
    std::string key;
    std::string data;  // records, each as LEB128 length + bytes
  };
  struct Bucket;  // a temporary file of (key, data) entries
  Status Spill();
  Status SplitOrLoad(std::unique_ptr<Bucket> bucket);

  size_t budget_;
  size_t bytes_ = 0;
  bool finished_ = false, spilled_ = false;
  int64_t spill_bytes_ = 0;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Group> groups_;  // buffered (before Next) or ready to emit (after)
  size_t emit_ = 0;
  std::vector<std::unique_ptr<Bucket>> spill_;  // kSpillBuckets files while adding
  std::deque<std::unique_ptr<Bucket>> todo_;    // buckets still to read back, in order
};

}  // namespace threadlens
