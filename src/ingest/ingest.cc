#include "ingest/ingest.h"

#include <sys/stat.h>

#include <atomic>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "ingest/formats.h"
#include "ingest/input.h"
#include "ingest/progress.h"
#include "ingest/runner.h"
#include "rules/rule_source.h"
#include "stance/ruleset.h"
#include "stance/stance_stage.h"
#include "store/store.h"
#include "text/repair.h"
#include "thread/page_rules.h"
#include "thread/segment.h"
#include "thread/tree.h"

namespace threadlens {

Result<std::unique_ptr<StagePipeline>> StagePipeline::Build(const std::string& rules_dir) {
  auto src = rules::LoadRuleSource(rules_dir);
  if (!src.ok()) return src.status();
  auto page = PageRules::Load(*src);
  if (!page.ok()) return page.status();
  auto topics = stance::RuleSet::Load(*src);
  if (!topics.ok()) return topics.status();
  auto p = std::make_unique<StagePipeline>();
  p->rules_sha256_ = src->sha256;
  for (const auto& t : (*topics)->topics()) {
    p->topic_names_.push_back(t.name);
    p->topics_.push_back({t.name, t.question, t.pole_a, t.pole_b});
  }
  p->stages_.push_back(std::make_unique<RepairStage>());
  p->stages_.push_back(std::make_unique<SegmentStage>(*page));
  p->stages_.push_back(std::make_unique<TreeStage>(*page));  // reply cues from the same rules
  p->stages_.push_back(std::make_unique<stance::StanceStage>(*topics));
  return p;
}

Status StagePipeline::Run(Thread* thread) const {
  for (const auto& s : stages_) TL_RETURN_IF_ERROR(s->Process(thread).Annotate(s->name()));
  return Status::Ok();
}

int ShardOf(const Thread& t, int count) {
  if (count <= 1) return 0;
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(t.platform);
  mix(std::string_view("\0", 1));
  if (!t.ext_id.empty()) mix(t.ext_id);
  else if (!t.comments.empty()) mix(t.comments.front().raw);
  else if (!t.lines.empty()) mix(t.lines.front().raw);
  return static_cast<int>(h % static_cast<uint64_t>(count));
}

Status ParseShard(const std::string& spec, int* index, int* count) {
  size_t slash = spec.find('/');
  auto bad = [&] { return Status::Error("--shard wants K/N with 0 <= K < N, got '" + spec + "'"); };
  if (slash == std::string::npos || slash == 0 || slash + 1 >= spec.size()) return bad();
  try {
    size_t used = 0;
    int k = std::stoi(spec.substr(0, slash), &used);
    if (used != slash) return bad();
    int n = std::stoi(spec.substr(slash + 1), &used);
    if (used != spec.size() - slash - 1) return bad();
    if (n < 1 || k < 0 || k >= n) return bad();
    *index = k;
    *count = n;
  } catch (...) {
    return bad();
  }
  return Status::Ok();
}

namespace {

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Ingests one input into the open store. Fills *r; returns its status.
Status IngestOne(const IngestOptions& o, const StagePipeline& pipeline,
                 const std::vector<int64_t>& topic_ids, store::Store* st, const std::string& path,
                 Progress* progress, SourceReport* r) {
  r->path = path;
  // Cheap identity check first, so re-ingesting the same bytes reads nothing else.
  std::optional<int64_t> existing;
  std::string known_sha;
  if (IsRegularFile(path)) {
    auto sha = HashFile(path);
    if (!sha.ok()) return sha.status();
    known_sha = *sha;
    auto found = st->FindSource(*sha);
    if (!found.ok()) return found.status();
    existing = *found;
    if (existing && !o.force) {
      r->already_present = true;
      r->source_id = *existing;
      return Status::Ok();
    }
  }

  auto in = Input::Open(path);
  if (!in.ok()) return in.status();
  if (!known_sha.empty()) (*in)->DisableHash();
  Status status;
  std::string_view head = (*in)->Peek(kSniffBytes, &status);
  TL_RETURN_IF_ERROR(status);
  if (head.empty()) return Status::Error((*in)->name() + ": empty input, nothing to ingest");
  const Format* format = nullptr;
  if (o.format == "auto") {
    auto f = DetectFormat(path, head);
    if (!f.ok()) return f.status();
    format = *f;
  } else {
    format = FindFormat(o.format);
    if (!format) return Status::Error("unknown format '" + o.format + "'");
  }
  r->format = format->name;
  ReaderOptions ro;
  ro.policy = o.strict ? BadRecordPolicy::kStrict : BadRecordPolicy::kSkip;
  ro.csv_map = o.csv_map;
  std::unique_ptr<Reader> reader = format->make(in->get(), ro);

  store::SourceInfo info{path, format->name, (*in)->compression(), (*in)->raw_size()};
  if (o.shard_count > 1)  // merge needs to know this row holds only part of the source
    info.shards = std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count);
  store::SourceWriter writer(st, std::move(info), topic_ids);
  TL_RETURN_IF_ERROR(writer.Begin());
  if (existing) TL_RETURN_IF_ERROR(st->DeleteSource(*existing));

  PipelineRunner runner(pipeline, o.jobs);
  std::atomic<int64_t> bytes_read{0};
  Input* input = in->get();
  Status run = runner.Run(
      reader.get(),
      [&](const Thread& t) {
        return o.shard_count <= 1 || ShardOf(t, o.shard_count) == o.shard_index;
      },
      [&](Thread& t) {
        r->repairs += t.repairs;
        TL_RETURN_IF_ERROR(writer.WriteThread(t));
        progress->Update(bytes_read.load(std::memory_order_relaxed), writer.comments_written());
        return Status::Ok();
      },
      [&] { bytes_read.store(input->raw_bytes_read(), std::memory_order_relaxed); });
  // Every failure names the input, also those from below the reader (spill files, the store).
  if (!run.ok() && run.message().rfind((*in)->name(), 0) != 0) return run.Annotate((*in)->name());
  TL_RETURN_IF_ERROR(run);
  r->warnings = reader->warnings();
  r->skipped = reader->warning_count();
  if (r->skipped > static_cast<int64_t>(r->warnings.size()))  // only the first ones are kept
    r->warnings.push_back((*in)->name() + ": " +
                          std::to_string(r->skipped - static_cast<int64_t>(r->warnings.size())) +
                          " more warnings like these not shown");
  if (writer.comments_written() == 0 && o.shard_count <= 1)
    return Status::Error((*in)->name() + ": no comments found in this " + format->name + " dump");
  std::string sha = known_sha.empty() ? (*in)->Sha256Hex(&status) : known_sha;
  TL_RETURN_IF_ERROR(status);
  Status commit = writer.Commit(sha, (*in)->raw_bytes_read(), r->repairs, r->skipped);
  if (!commit.ok()) {
    if (commit.message().rfind("already ingested", 0) == 0) {
      r->already_present = true;  // stdin with bytes we have seen: a no-op, not a failure
      return Status::Ok();
    }
    return commit.Annotate((*in)->name());
  }
  r->stored = true;
  r->source_id = writer.source_id();
  r->threads = writer.threads_written();
  r->comments = writer.comments_written();
  return Status::Ok();
}

}  // namespace

Status RunIngest(const IngestOptions& o, std::vector<SourceReport>* reports) {
#if defined(__GLIBC__)
  // glibc gives every thread that allocates its own heap arena, and memory freed into one arena
  // is not reused by another: the reader allocates the records, the workers the stages' scratch,
  // the writer frees the threads. Two arenas took 49 MiB off the peak RSS of the 200k-comment
  // benchmark at no measurable CPU cost (one arena: 16 MiB less again). Set before any worker
  // thread exists.
  static const bool arenas_set = mallopt(M_ARENA_MAX, 2) == 1;
  (void)arenas_set;
#endif
  // A wrong --format is a usage error, found before any input is looked at.
  if (o.format != "auto" && !FindFormat(o.format)) {
    std::string known;
    for (const auto& f : Formats()) known += std::string(known.empty() ? "" : ", ") + f.name;
    return Status::Error("unknown format '" + o.format + "' (known: auto, " + known + ")");
  }
  auto pipeline = StagePipeline::Build(o.rules_dir);
  if (!pipeline.ok()) return pipeline.status();
  store::Store st;
  TL_RETURN_IF_ERROR(store::Store::Open(o.db, store::Db::kReadWrite, &st));
  std::vector<store::TopicInfo> topics;
  for (const auto& t : (*pipeline)->topics())
    topics.push_back({t.name, t.question, t.pole_a, t.pole_b});
  std::vector<int64_t> topic_ids;
  std::string warning;
  {
    store::Transaction tx(&st.db());
    TL_RETURN_IF_ERROR(tx.begin_status());
    TL_RETURN_IF_ERROR(st.SetTopics(topics, (*pipeline)->rules_sha256(), &topic_ids, &warning));
    TL_RETURN_IF_ERROR(tx.Commit());
  }
  int failed = 0;
  Progress progress(!o.quiet);
  int index = 0;
  for (const auto& path : o.inputs) {
    SourceReport r;
    struct stat sb;
    progress.Begin(++index, static_cast<int>(o.inputs.size()), path,
                   path != "-" && ::stat(path.c_str(), &sb) == 0 ? sb.st_size : -1);
    r.status = IngestOne(o, **pipeline, topic_ids, &st, path, &progress, &r);
    progress.Finish();
    if (!r.status.ok()) ++failed;
    if (!warning.empty()) r.warnings.insert(r.warnings.begin(), warning);
    warning.clear();
    reports->push_back(std::move(r));
  }
  TL_RETURN_IF_ERROR(st.Finalize());
  if (failed > 0)
    return Status::Error(std::to_string(failed) + " of " + std::to_string(o.inputs.size()) +
                         " inputs could not be ingested");
  return Status::Ok();
}

}  // namespace threadlens
