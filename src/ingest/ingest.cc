#include "ingest/ingest.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
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
#include "store/merge_plan.h"
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
  p->Add(std::make_unique<RepairStage>());
  p->Add(std::make_unique<SegmentStage>(*page));
  p->Add(std::make_unique<TreeStage>(*page));  // reply cues from the same rules
  p->Add(std::make_unique<stance::StanceStage>(*topics));
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

// One input, opened and identified, with its reader made; perhaps its first thread read.
struct OpenedSource {
  std::unique_ptr<Input> in;
  std::unique_ptr<Reader> reader;
  const Format* format = nullptr;
  std::string known_sha;           // HashFile's, for a regular file
  std::optional<int64_t> existing;  // a stored source with the same bytes (re-ingest with --force)
  // The first thread, read ahead while the rules compiled (ReadAhead).
  bool read_ahead = false, ahead_more = false;
  std::unique_ptr<Thread> ahead;
  Status ahead_status;
};

// A reader that first returns the thread read ahead, then the rest from the source's reader.
class ReadAheadReader : public Reader {
 public:
  explicit ReadAheadReader(OpenedSource* src) : src_(src) {}
  bool Next(Thread* thread, Status* status) override {
    if (!src_->read_ahead) return src_->reader->Next(thread, status);
    src_->read_ahead = false;
    *status = src_->ahead_status;
    if (!src_->ahead_more) return false;
    *thread = std::move(*src_->ahead);
    src_->ahead.reset();
    return true;
  }

 private:
  OpenedSource* src_;
};

// "K/N" for --shard K/N, "" for the whole source (sources.shards).
std::string ShardText(const IngestOptions& o) {
  if (o.shard_count <= 1) return "";
  return std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count);
}

// Identifies a regular file by its sha256 (the cheap check, so that re-ingesting the same bytes
// reads nothing else) and looks it up in the store. An input already stored — the whole of it,
// or with --shard K/N a row that holds shard K — is reported in *r and needs nothing else
// (unless --force, which replaces the stored row). A row holding other shards of the same cut
// is joined at commit (SourceWriter::Commit); a whole ingest replaces a row of shards; shards
// of another cut are refused. Other inputs (stdin, pipes) are hashed as they are read instead.
Status IdentifySource(const IngestOptions& o, store::Store* st, const std::string& path,
                      OpenedSource* out, SourceReport* r) {
  if (!IsRegularFile(path)) return Status::Ok();
  auto sha = HashFile(path);
  if (!sha.ok()) return sha.status();
  out->known_sha = *sha;
  auto found = st->LookupSource(*sha);
  if (!found.ok()) return found.status();
  if (!*found) return Status::Ok();
  const int64_t id = (*found)->id;
  store::merge_internal::Coverage have;
  TL_RETURN_IF_ERROR(store::merge_internal::ParseCoverage((*found)->shards, &have)
                         .Annotate(o.db + ": source " + std::to_string(id)));
  store::merge_internal::Coverage mine;
  TL_RETURN_IF_ERROR(store::merge_internal::ParseCoverage(ShardText(o), &mine));
  if (o.force) {
    out->existing = id;  // replaced, whatever it holds
    return Status::Ok();
  }
  switch (store::merge_internal::DecideShards(have, mine)) {
    case store::merge_internal::ShardAction::kPresent:
      r->already_present = true;
      r->source_id = id;
      break;
    case store::merge_internal::ShardAction::kReplace:
      out->existing = id;
      break;
    case store::merge_internal::ShardAction::kJoin:
      break;  // at commit
    case store::merge_internal::ShardAction::kRefuse:
      return Status::Error(path + ": " + o.db + " holds " + have.Describe() + " of it (source " +
                           std::to_string(id) + "), cut differently from --shard " +
                           ShardText(o) + "; use the same N, or --force to replace what is stored");
  }
  return Status::Ok();
}

// Opens `path` and makes its reader. A regular file is not hashed while read: IdentifySource
// hashes it (before, or beside the read).
Status OpenReader(const IngestOptions& o, const std::string& path, OpenedSource* out,
                  SourceReport* r) {
  auto in = Input::Open(path);
  if (!in.ok()) return in.status();
  out->in = std::move(*in);
  if (IsRegularFile(path)) out->in->DisableHash();
  Status status;
  std::string_view head = out->in->Peek(kSniffBytes, &status);
  TL_RETURN_IF_ERROR(status);
  if (head.empty()) return Status::Error(out->in->name() + ": empty input, nothing to ingest");
  if (o.format == "auto") {
    auto f = DetectFormat(path, head);
    if (!f.ok()) return f.status();
    out->format = *f;
  } else {
    out->format = FindFormat(o.format);
    if (!out->format) return Status::Error("unknown format '" + o.format + "'");
  }
  r->format = out->format->name;
  ReaderOptions ro;
  ro.policy = o.strict ? BadRecordPolicy::kStrict : BadRecordPolicy::kSkip;
  ro.csv_map = o.csv_map;
  out->reader = out->format->make(out->in.get(), ro);
  return Status::Ok();
}

// IdentifySource, then OpenReader unless the input is already stored. Fills *out; returns its
// status.
Status OpenSource(const IngestOptions& o, store::Store* st, const std::string& path,
                  OpenedSource* out, SourceReport* r) {
  r->path = path;
  TL_RETURN_IF_ERROR(IdentifySource(o, st, path, out, r));
  if (r->already_present) return Status::Ok();
  return OpenReader(o, path, out, r);
}

// Reads the source's first thread into src->ahead. Dumps grouped by thread (Pushshift, CSV, …)
// read the whole file for it, which then overlaps the rules' compilation.
void ReadAhead(OpenedSource* src) {
  src->ahead = std::make_unique<Thread>();
  src->ahead_more = src->reader->Next(src->ahead.get(), &src->ahead_status);
  src->read_ahead = true;
}

// Ingests one opened input into the open store. Fills *r; returns its status.
Status IngestOpened(const IngestOptions& o, const StagePipeline& pipeline,
                    const std::vector<int64_t>& topic_ids, store::Store* st, OpenedSource* src,
                    Progress* progress, SourceReport* r) {
  Input* input = src->in.get();
  store::SourceInfo info{r->path, src->format->name, input->compression(), input->raw_size()};
  info.shards = ShardText(o);  // merge needs to know when a row holds only part of the source
  store::SourceWriter writer(st, std::move(info), topic_ids);
  TL_RETURN_IF_ERROR(writer.Begin());
  if (src->existing) TL_RETURN_IF_ERROR(st->DeleteSource(*src->existing));

  PipelineRunner runner(pipeline, o.jobs);
  std::atomic<int64_t> bytes_read{0};
  ReadAheadReader reader(src);
  Status run = runner.Run(
      &reader,
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
  if (!run.ok() && run.message().rfind(input->name(), 0) != 0) return run.Annotate(input->name());
  TL_RETURN_IF_ERROR(run);
  r->warnings = src->reader->warnings();
  r->skipped = src->reader->warning_count();
  if (r->skipped > static_cast<int64_t>(r->warnings.size()))  // only the first ones are kept
    r->warnings.push_back(input->name() + ": " +
                          std::to_string(r->skipped - static_cast<int64_t>(r->warnings.size())) +
                          " more warnings like these not shown");
  if (writer.comments_written() == 0 && o.shard_count <= 1)
    return Status::Error(input->name() + ": no comments found in this " + src->format->name +
                         " dump");
  Status status;
  std::string sha = src->known_sha.empty() ? input->Sha256Hex(&status) : src->known_sha;
  TL_RETURN_IF_ERROR(status);
  Status commit = writer.Commit(sha, input->raw_bytes_read(), r->repairs, r->skipped);
  if (!commit.ok()) {
    if (commit.message().rfind("already ingested", 0) == 0) {
      r->already_present = true;  // stdin with bytes we have seen: a no-op, not a failure
      return Status::Ok();
    }
    return commit.Annotate(input->name());
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
  // thread exists. (The CLI is linked with mimalloc, see CMakeLists.txt, and then this only
  // tunes an allocator nobody calls; it matters to builds without it, the tests among them.)
  static const bool arenas_set = mallopt(M_ARENA_MAX, 2) == 1;
  (void)arenas_set;
#endif
  // A wrong --format is a usage error, found before any input is looked at.
  if (o.format != "auto" && !FindFormat(o.format)) {
    std::string known;
    for (const auto& f : Formats()) known += std::string(known.empty() ? "" : ", ") + f.name;
    return Status::Error("unknown format '" + o.format + "' (known: auto, " + known + ")");
  }
  struct stat db_stat;
  const bool db_existed = ::stat(o.db.c_str(), &db_stat) == 0;
  store::Store st;
  TL_RETURN_IF_ERROR(store::Store::Open(o.db, store::Db::kReadWrite, &st));
  Progress progress(!o.quiet);
  auto begin = [&](int index, const std::string& path) {
    struct stat sb;
    progress.Begin(index, static_cast<int>(o.inputs.size()), path,
                   path != "-" && ::stat(path.c_str(), &sb) == 0 ? sb.st_size : -1);
  };
  // The first input is opened and its first thread read while the rules compile, on another
  // core: for a dump grouped by thread that is the whole file's parse (Pushshift 200k comments:
  // ~0.5 s) beside the rules' ~0.3 s, and then the file's sha256 (~0.15 s), which is only needed
  // to skip a source already stored. Should the rules fail, or the source be stored already, the
  // read is stopped.
  std::atomic<bool> stop_reading{false};
  OpenedSource first;
  SourceReport first_report;
  Status first_status;
  std::thread ahead;
  const bool overlap = !o.inputs.empty() && o.jobs != 1;
  if (overlap) {
    begin(1, o.inputs[0]);
    first_report.path = o.inputs[0];
    ahead = std::thread([&] {
      first_status = OpenReader(o, o.inputs[0], &first, &first_report);
      if (first_status.ok()) {
        first.in->StopWhen(&stop_reading);
        ReadAhead(&first);
      }
    });
  } else if (!o.inputs.empty()) {
    begin(1, o.inputs[0]);
    first_status = OpenSource(o, &st, o.inputs[0], &first, &first_report);
    if (first_status.ok() && first.reader) ReadAhead(&first);
  }
  auto pipeline = StagePipeline::Build(o.rules_dir);
  Status identified;
  SourceReport present;  // filled by IdentifySource while the reader thread fills first_report
  if (overlap) {
    if (pipeline.ok()) identified = IdentifySource(o, &st, o.inputs[0], &first, &present);
    if (!pipeline.ok() || !identified.ok() || present.already_present) stop_reading = true;
    ahead.join();
    if (present.already_present || !identified.ok()) {  // what was read goes unused
      first = OpenedSource();
      first_report = SourceReport();
      first_report.path = o.inputs[0];
      first_report.already_present = present.already_present;
      first_report.source_id = present.source_id;
      first_status = identified;
    }
  }
  if (!pipeline.ok()) {
    // Nothing was stored; a database this run created goes too, as if it never started.
    st = store::Store();
    if (!db_existed) std::remove(o.db.c_str());
    return pipeline.status();
  }
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
  for (size_t i = 0; i < o.inputs.size(); ++i) {
    SourceReport r;
    OpenedSource next;
    OpenedSource* src = &first;
    if (i == 0) {
      r = std::move(first_report);
      r.status = first_status;
    } else {
      begin(static_cast<int>(i) + 1, o.inputs[i]);
      r.status = OpenSource(o, &st, o.inputs[i], &next, &r);
      src = &next;
    }
    if (r.status.ok() && src->reader)
      r.status = IngestOpened(o, **pipeline, topic_ids, &st, src, &progress, &r);
    if (i == 0) first = OpenedSource();  // its reader's memory goes before the next input's
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
