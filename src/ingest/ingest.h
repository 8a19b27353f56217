// RunIngest: the whole `threadlens ingest` job — each input read, repaired, segmented, given a
// reply tree, classified and stored, one transaction per source.
//
//   IngestOptions o;
//   o.inputs = {"comments.txt"};
//   std::vector<SourceReport> reports;
//   Status st = RunIngest(o, &reports);
//
// A source already stored (same sha256) is skipped unless force; a source that fails leaves
// nothing behind and the run goes on with the next input (the status then reports the failure).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/pipeline.h"
#include "core/status.h"

namespace threadlens {

struct IngestOptions {
  std::string db = "threadlens.db";
  std::string format = "auto";
  std::string rules_dir;  // empty: THREADLENS_RULES, beside the binary, or built in
  int jobs = 0;           // 0: one per core
  bool force = false;
  bool strict = false;
  bool quiet = false;     // no progress display
  std::string csv_map;
  // Scale-out: keep only threads whose stable hash falls in shard `shard_index` of `shard_count`
  // (ShardOf below); shard_count 1 keeps everything.
  int shard_index = 0;
  int shard_count = 1;
  std::vector<std::string> inputs;
};

// The shard (0..count-1) a thread belongs to: FNV-1a 64 of "platform\0ext_id" (or of the first
// comment's text for a thread without an id) modulo count. Stable across runs, machines and
// builds, so N workers reading the same input partition it exactly.
int ShardOf(const Thread& thread, int count);

// Parses "K/N" (0 <= K < N). Error names what is wrong.
Status ParseShard(const std::string& spec, int* index, int* count);

struct SourceReport {
  std::string path;
  std::string format;
  bool stored = false;
  bool already_present = false;
  int64_t source_id = 0;
  int64_t threads = 0, comments = 0, skipped = 0;
  RepairCounts repairs;
  std::vector<std::string> warnings;
  Status status;
};

// The stages every thread goes through, in order, built from one rule source.
class StagePipeline {
 public:
  static Result<std::unique_ptr<StagePipeline>> Build(const std::string& rules_dir);
  Status Run(Thread* thread) const;
  // Appends a stage (Build adds repair, segmentation, tree and stance; tests run the worker
  // pool with stages of their own).
  void Add(std::unique_ptr<Stage> stage) { stages_.push_back(std::move(stage)); }
  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }
  const std::string& rules_sha256() const { return rules_sha256_; }
  const std::vector<std::string>& topic_names() const { return topic_names_; }
  struct TopicRow { std::string name, question, pole_a, pole_b; };
  const std::vector<TopicRow>& topics() const { return topics_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
  std::string rules_sha256_;
  std::vector<std::string> topic_names_;
  std::vector<TopicRow> topics_;
};

// Runs the ingest. Returns ok when every input was stored or already present.
Status RunIngest(const IngestOptions& options, std::vector<SourceReport>* reports);

}  // namespace threadlens
