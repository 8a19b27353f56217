// Merge: combine threadlens databases ingested separately into one, as if ingested together.
//
//   MergeReport report;
//   TL_RETURN_IF_ERROR(store::Merge("all.db", {"shard0.db", "shard1.db"}, &report));
//
// What "as if ingested together" means, exactly:
//   - Every source (sha256) appears once. Rows of the same source from shard databases
//     (sources.shards 'K/N', written by `ingest --shard K/N`) are unioned into one source row;
//     when all N shards are present the row becomes whole (shards NULL) and its repair counts
//     are the sum of the shards'. A source present whole in two inputs, or already in OUT, is
//     taken once. A whole source replaces a partial one already in OUT.
//   - Threads, comments, quotes, stances and evidence are copied with fresh row ids; every
//     reference (parent_id, quoted_comment_id, thread_id, source_id) is remapped. Authors are
//     unique by (platform, name), topics by name.
//   - The content of OUT does not depend on the order of the inputs: sources are taken in
//     sha256 order, the shards of one source in shard order, duplicates resolved by a total
//     order on (coverage, ingested_at, path). Only row ids can differ.
//
// Refusals (nothing is written): an input that is not a threadlens database, was written by a
// newer schema, or holds a table this code does not know how to merge; topics whose
// rules_sha256 differ between inputs (or from OUT's), since stances made by different rules do
// not add up; shards of one source cut with different N, or overlapping without one containing
// the other; an input that is OUT itself.
//
// Atomicity: the whole merge is one transaction when it has at most as many inputs as SQLite
// can ATTACH to one connection (SQLITE_LIMIT_ATTACHED, 10 in Debian's build). Beyond that it
// commits once per group of inputs; each commit leaves OUT consistent (every source row says
// which shards it holds), and running the same command again finishes the job, since what is
// already in OUT is skipped. If OUT did not exist and the merge fails, OUT is removed.
//
// Cost: INSERT ... SELECT from ATTACHed inputs (read-only), so rows are copied by SQLite
// without passing through C++; FTS rows are added for the new comments only; ANALYZE once.
// Memory is bounded by SQLite's cache, not by the inputs' size.
//
// Thread safety: one call at a time per OUT file (it is a writer on OUT).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace threadlens::store {

struct MergeReport {
  int64_t inputs = 0;
  int64_t sources_added = 0;     // new source rows in OUT
  int64_t shards_added = 0;      // partial contributions unioned into a source row
  int64_t sources_skipped = 0;   // contributions already present (in OUT or another input)
  int64_t threads = 0, comments = 0;  // rows copied
  int64_t transactions = 0;
  std::vector<std::string> notes;     // e.g. "source abc… (x.ndjson) still lacks shards 2,3 of 4"
};

// Merges `inputs` into `out` (created if missing). Fills *report on success.
// Errors name the file (and source) at fault.
Status Merge(const std::string& out, const std::vector<std::string>& inputs, MergeReport* report);

}  // namespace threadlens::store
