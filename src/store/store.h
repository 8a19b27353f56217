// Store: the threadlens SQLite file (schema/*.sql, DESIGN.md section 2).
//
//   Store store;
//   TL_RETURN_IF_ERROR(Store::Open("threadlens.db", Db::kReadWrite, &store));  // migrates
//   SourceWriter w(&store, {"dump.txt", "text", ...});
//   TL_RETURN_IF_ERROR(w.Begin());                 // one transaction for the whole source
//   for (...) TL_RETURN_IF_ERROR(w.WriteThread(thread));
//   TL_RETURN_IF_ERROR(w.Commit(sha256, repairs, skipped));  // FTS rows added, then COMMIT
//   TL_RETURN_IF_ERROR(store.Finalize());          // ANALYZE; file left self-contained
//
// Invariants: a source is present completely or not at all (one transaction; a kill -9 at any
// point leaves the previous state, by SQLite's journal); comment ids are assigned here in
// document order, so a parent's id is known before its row is written. One writer at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"
#include "store/db.h"

namespace threadlens::store {

namespace merge_internal {
struct Coverage;  // store/merge_plan.h
}

// The schema version this binary writes (the highest migration in schema/).
int SchemaVersion();

struct TopicInfo {
  std::string name, question, pole_a, pole_b;
};

struct SourceInfo {
  std::string path;    // as given ("-" for stdin)
  std::string format;  // reader name
  std::string compression;
  int64_t bytes = 0;   // raw bytes (filled at Commit if unknown up front)
  std::string shards = {};  // "K/N": only shard K of N was kept (ingest --shard); "": whole
};

class Store {
 public:
  // kReadWrite creates and migrates; kReadOnly requires an existing threadlens database.
  static Status Open(const std::string& path, Db::Mode mode, Store* store);

  Db& db() { return db_; }

  // The source with this sha256, if stored.
  Result<std::optional<int64_t>> FindSource(const std::string& sha256);
  // The same, with which shards of it the row holds (sources.shards: "" for the whole source,
  // "K1,K2/N" for some shards of N).
  struct StoredSource {
    int64_t id = 0;
    std::string shards;
  };
  Result<std::optional<StoredSource>> LookupSource(const std::string& sha256);
  // Removes a source and everything under it (threads, comments, stances, ...).
  // REQUIRES: inside a transaction.
  Status DeleteSource(int64_t source_id);

  // Makes sure every topic has a row with this rules fingerprint and returns their ids in the
  // order given. A topic stored with another fingerprint is updated (and *warning set), since
  // the stored stances of other sources were made with other rules.
  Status SetTopics(const std::vector<TopicInfo>& topics, const std::string& rules_sha256,
                   std::vector<int64_t>* ids, std::string* warning);

  // ANALYZE and a passive check that the file is one self-contained database.
  Status Finalize();

 private:
  friend class SourceWriter;
  Status Migrate();
  Db db_;
};

class SourceWriter {
 public:
  // topic_ids maps StanceResult::topic (an index) to topics.id.
  SourceWriter(Store* store, SourceInfo info, std::vector<int64_t> topic_ids);
  ~SourceWriter();

  Status Begin();
  // Writes one finished thread (comments, authors, quotes, stances, evidence).
  // REQUIRES: Begin() succeeded; every Comment::parent < comments.size().
  Status WriteThread(const Thread& thread);
  // Records the sha256 (known only at the end for stdin), indexes the new comments in FTS and
  // commits. Another source with this sha256: when both hold shards of one cut (ingest --shard
  // K/N) and they do not overlap, this shard joins that row (its threads move there, and its
  // shards list grows; all N make it the whole source again); when this is the whole source and
  // that row only shards, that row is replaced; otherwise error "already ingested" and nothing
  // is stored.
  Status Commit(const std::string& sha256, int64_t raw_bytes, const RepairCounts& repairs,
                int64_t skipped);

  int64_t source_id() const { return source_id_; }
  int64_t threads_written() const { return threads_; }
  int64_t comments_written() const { return comments_; }

 private:
  // authors.id by name, per platform; found once per source, then cached. Heterogeneous
  // lookup, so a cache hit copies nothing.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using AuthorIds = std::unordered_map<std::string, int64_t, NameHash, std::equal_to<>>;
  // Commit's second half when this shard joins source `other`, which holds shards `have`.
  Status JoinShards(int64_t other, const merge_internal::Coverage& have,
                    const merge_internal::Coverage& mine, const std::string& repairs,
                    int64_t skipped);
  Result<int64_t> AuthorId(AuthorIds* ids, std::string_view platform, const std::string& name,
                           const std::string& ext_id);

  Store* store_;
  SourceInfo info_;
  std::vector<int64_t> topic_ids_;
  std::unique_ptr<Transaction> tx_;
  int64_t source_id_ = 0;
  int64_t next_comment_id_ = 1;
  int64_t threads_ = 0, comments_ = 0;
  Stmt ins_thread_, ins_author_, sel_author_, upd_author_, ins_fts_;
  BatchInsert ins_comment_, ins_quote_, ins_stance_, ins_evidence_;
  // Scratch for WriteThread: each comment's joined flags, and the thread's evidence rows with
  // the stance each belongs to (bound in place, so they live until their batch runs).
  std::vector<std::string> flags_;
  std::vector<std::pair<const StanceResult*, const Evidence*>> evidence_;
  std::unordered_map<std::string, AuthorIds> author_cache_;  // by platform
};

}  // namespace threadlens::store
