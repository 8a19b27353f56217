// What `threadlens merge` will do, decided before anything is written (internal to merge.cc;
// a header of its own so the decisions can be tested without running a merge).
//
// Each database is summarised (its source rows with their shard coverage, its topics' rules
// fingerprints), the rules are checked to agree, and Plan() lists, in canonical order, which
// input source rows are copied into OUT and what OUT's row for that sha256 covers afterwards.
// Pure functions of the summaries: no I/O except Summarize().
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"
#include "store/merge.h"

namespace threadlens::store::merge_internal {

// Which shards of a source a row holds (sources.shards, schema/002_source_shards.sql).
struct Coverage {
  int n = 0;           // 0: the whole source
  std::vector<int> k;  // ascending, distinct shard indices < n, when n > 0

  bool whole() const { return n == 0; }
  // The column text: "" for whole (stored as NULL), else "K1,K2/N".
  std::string Text() const;
  // For messages: "the whole source" or "shards 0,2/4".
  std::string Describe() const;
};

// Parses "K/N" or "K1,K2,.../N" (any order; 0 <= K < N; no repeats). Empty text, or every
// shard of N, is the whole source. Error on anything else.
Status ParseCoverage(const std::string& text, Coverage* c);

// What an ingest of `mine` (the whole source, or one shard "K/N") does when the database
// already holds `have` of the same file (ingest's early check and SourceWriter::Commit ask the
// same question, the latter for stdin, whose sha256 is known only at the end):
//   kPresent  it holds all of mine already: nothing to do
//   kJoin     mine is a shard of the same cut that it lacks: join the row
//   kReplace  mine is the whole source, it only shards: replace the row
//   kRefuse   shards of another cut: they cannot be combined
enum class ShardAction { kPresent, kJoin, kReplace, kRefuse };
ShardAction DecideShards(const Coverage& have, const Coverage& mine);

struct SourceRow {
  int64_t id = 0;
  std::string sha256, path, ingested_at;
  Coverage cov;
};

struct DbSummary {
  std::string path;
  std::vector<SourceRow> sources;
  std::map<std::string, std::string> topic_sha;  // topic name -> rules_sha256
};

// Reads the sources and topics of `schema` ("main" or an attached name) on `db`, whose file is
// `path` (for messages). Error if a table merge copies is missing, or a table merge does not
// know holds rows (it would be lost).
Status Summarize(Db& db, const std::string& schema, const std::string& path, DbSummary* out);

// Error naming two files and both hashes unless every topic of every database has the same
// rules_sha256.
Status CheckRules(const std::vector<const DbSummary*>& dbs);

// One input source row to copy into OUT.
struct Import {
  size_t input = 0;       // index into the inputs
  SourceRow src;          // the input's source row
  Coverage after;         // what OUT's row for this sha256 covers once this import is done
  bool replaces = false;  // OUT holds part of this source; this whole copy replaces it
};

// The imports, sources in sha256 order and the parts of one source in coverage order, so the
// result does not depend on the order of `inputs`. Counts skipped rows and notes partial
// sources in *report. Error (nothing planned) for shards cut with different N, or overlapping
// without one containing the other.
Status Plan(const DbSummary& out, const std::vector<DbSummary>& inputs, std::vector<Import>* plan,
            MergeReport* report);

}  // namespace threadlens::store::merge_internal
