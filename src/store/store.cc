#include "store/store.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>

#include "core/embedded.h"
#include "core/json.h"
#include "store/merge_plan.h"

namespace threadlens::store {
namespace {

// Migrations embedded from schema/NNN_name.sql, in order.
std::map<int, std::string_view> Migrations() {
  std::map<int, std::string_view> out;
  for (const auto& f : embedded::Files()) {
    if (f.path.rfind("schema/", 0) != 0) continue;
    std::string_view name = f.path.substr(7);
    int n = 0;
    size_t i = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9') n = n * 10 + (name[i++] - '0');
    if (i > 0) out[n] = f.data;
  }
  return out;
}


std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void JoinFlags(const std::vector<std::string>& flags, std::string* out) {
  out->clear();
  for (const auto& f : flags) {
    if (!out->empty()) *out += ',';
    *out += f;
  }
}

}  // namespace

int SchemaVersion() {
  auto m = Migrations();
  return m.empty() ? 0 : m.rbegin()->first;
}

Status Store::Open(const std::string& path, Db::Mode mode, Store* store) {
  if (mode == Db::kReadOnly) {
    // SQLite would happily open a missing or foreign file read-only; say what is wrong instead.
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Status::Error(path + ": no such database (run 'threadlens ingest' first)");
    std::fclose(f);
  }
  Store s;
  TL_RETURN_IF_ERROR(Db::Open(path, mode, &s.db_));
  if (mode == Db::kReadWrite) {
    TL_RETURN_IF_ERROR(s.db_.Exec(
        // 32 MiB of page cache: a bulk load appends, so a bigger cache bought no time on the
        // 200k-comment benchmark (64 MiB: same CPU, +30 MiB peak RSS). A transaction that
        // outgrows it spills pages into the file (the journal still makes a kill -9 safe).
        "PRAGMA journal_mode=DELETE; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-32768;"
        "PRAGMA temp_store=MEMORY;"));
    TL_RETURN_IF_ERROR(s.Migrate());
  } else {
    auto v = s.db_.QueryInt("PRAGMA user_version");
    if (!v.ok()) return v.status().Annotate(path + " is not a threadlens database");
    if (*v == 0) return Status::Error(path + ": not a threadlens database (no schema)");
    if (*v > SchemaVersion())
      return Status::Error(path + ": written by a newer threadlens (schema " + std::to_string(*v) +
                           ", this binary knows " + std::to_string(SchemaVersion()) + ")");
  }
  *store = std::move(s);
  return Status::Ok();
}

Status Store::Migrate() {
  auto v = db_.QueryInt("PRAGMA user_version");
  if (!v.ok()) return v.status().Annotate(db_.path() + " is not a SQLite database");
  int current = static_cast<int>(*v);
  if (current == 0) {
    // A non-empty file without our version is someone else's database: refuse to touch it.
    auto n = db_.QueryInt("SELECT count(*) FROM sqlite_master");
    if (!n.ok()) return n.status();
    if (*n > 0)
      return Status::Error(db_.path() + ": not a threadlens database (it has tables but no "
                                        "threadlens schema version)");
  }
  if (current > SchemaVersion())
    return Status::Error(db_.path() + ": written by a newer threadlens (schema " +
                         std::to_string(current) + ")");
  for (const auto& [n, sql] : Migrations()) {
    if (n <= current) continue;
    Transaction tx(&db_);
    TL_RETURN_IF_ERROR(tx.begin_status());
    TL_RETURN_IF_ERROR(db_.Exec(sql).Annotate("migration " + std::to_string(n)));
    TL_RETURN_IF_ERROR(db_.Exec("PRAGMA user_version=" + std::to_string(n)));
    TL_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> Store::FindSource(const std::string& sha256) {
  auto found = LookupSource(sha256);
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<int64_t>();
  return std::optional<int64_t>((*found)->id);
}

Result<std::optional<Store::StoredSource>> Store::LookupSource(const std::string& sha256) {
  Stmt st;
  TL_RETURN_IF_ERROR(
      db_.Prepare("SELECT id, coalesce(shards, '') FROM sources WHERE sha256 = ?", &st));
  st.Bind(1, sha256);
  Status status;
  if (st.Step(&status)) return std::optional<StoredSource>(StoredSource{st.Int(0), std::string(st.Text(1))});
  if (!status.ok()) return status;
  return std::optional<StoredSource>();
}

Status Store::DeleteSource(int64_t source_id) {
  std::string id = std::to_string(source_id);
  std::string in_threads = "(SELECT id FROM threads WHERE source_id = " + id + ")";
  std::string in_comments = "(SELECT id FROM comments WHERE thread_id IN " + in_threads + ")";
  // FTS5 external content: tell the index which rows go before the rows go.
  TL_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO comments_fts(comments_fts, rowid, body) SELECT 'delete', id, body FROM "
      "comments WHERE thread_id IN " + in_threads));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM evidence WHERE comment_id IN " + in_comments));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM stances WHERE comment_id IN " + in_comments));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM quotes WHERE comment_id IN " + in_comments));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM comments WHERE thread_id IN " + in_threads));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM threads WHERE source_id = " + id));
  TL_RETURN_IF_ERROR(db_.Exec("DELETE FROM sources WHERE id = " + id));
  // Authors no comment refers to any more.
  return db_.Exec(
      "DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM comments WHERE author_id IS "
      "NOT NULL)");
}

Status Store::SetTopics(const std::vector<TopicInfo>& topics, const std::string& rules_sha256,
                        std::vector<int64_t>* ids, std::string* warning) {
  ids->clear();
  Stmt sel, ins, upd;
  TL_RETURN_IF_ERROR(db_.Prepare("SELECT id, rules_sha256 FROM topics WHERE name = ?", &sel));
  TL_RETURN_IF_ERROR(db_.Prepare(
      "INSERT INTO topics(name, question, pole_a, pole_b, rules_sha256) VALUES(?,?,?,?,?)", &ins));
  TL_RETURN_IF_ERROR(db_.Prepare(
      "UPDATE topics SET question=?, pole_a=?, pole_b=?, rules_sha256=? WHERE id=?", &upd));
  for (const auto& t : topics) {
    sel.Bind(1, t.name);
    Status status;
    if (sel.Step(&status)) {
      int64_t id = sel.Int(0);
      std::string old(sel.Text(1));
      sel.Reset();
      if (old != rules_sha256) {
        if (warning)
          *warning = "topics were stored with other rules (sha256 " + old.substr(0, 12) +
                     "…); stances of earlier sources keep their old rules — use --force on them "
                     "to reclassify";
        upd.Bind(1, t.question);
        upd.Bind(2, t.pole_a);
        upd.Bind(3, t.pole_b);
        upd.Bind(4, rules_sha256);
        upd.Bind(5, id);
        TL_RETURN_IF_ERROR(upd.Run());
      }
      ids->push_back(id);
      continue;
    }
    sel.Reset();
    TL_RETURN_IF_ERROR(status);
    ins.Bind(1, t.name);
    ins.Bind(2, t.question);
    ins.Bind(3, t.pole_a);
    ins.Bind(4, t.pole_b);
    ins.Bind(5, rules_sha256);
    TL_RETURN_IF_ERROR(ins.Run());
    ids->push_back(db_.LastInsertId());
  }
  return Status::Ok();
}

Status Store::Finalize() {
  // Statistics from a sample of each index (1,000 rows): the planner needs their shape, not
  // exact counts, and a full ANALYZE reads the whole file after every ingest (0.75 s of a
  // 200k-comment ingest, 0.07 s sampled).
  TL_RETURN_IF_ERROR(db_.Exec("PRAGMA analysis_limit=1000; ANALYZE"));
  return Status::Ok();
}

SourceWriter::SourceWriter(Store* store, SourceInfo info, std::vector<int64_t> topic_ids)
    : store_(store), info_(std::move(info)), topic_ids_(std::move(topic_ids)) {}

SourceWriter::~SourceWriter() = default;  // an uncommitted transaction rolls back

Status SourceWriter::Begin() {
  Db& db = store_->db_;
  tx_ = std::make_unique<Transaction>(&db);
  TL_RETURN_IF_ERROR(tx_->begin_status());
  Stmt ins;
  TL_RETURN_IF_ERROR(db.Prepare(
      "INSERT INTO sources(path, format, sha256, bytes, ingested_at, compression, tool_version,"
      " shards) VALUES(?,?,?,?,?,?,?,?)", &ins));
  ins.Bind(1, info_.path);
  ins.Bind(2, info_.format);
  // The real hash is known at the end (stdin); a unique placeholder until Commit.
  ins.Bind(3, "pending-" + NowUtc() + "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
  ins.Bind(4, info_.bytes);
  ins.Bind(5, NowUtc());
  ins.Bind(6, info_.compression);
  ins.Bind(7, THREADLENS_VERSION);
  ins.BindTextOrNull(8, info_.shards);
  TL_RETURN_IF_ERROR(ins.Run());
  source_id_ = db.LastInsertId();
  auto max_id = db.QueryInt("SELECT coalesce(max(id), 0) FROM comments");
  if (!max_id.ok()) return max_id.status();
  next_comment_id_ = *max_id + 1;

  TL_RETURN_IF_ERROR(db.Prepare(
      "INSERT INTO threads(source_id, ext_id, title, url, body, created_at, platform, raw, notes)"
      " VALUES(?,?,?,?,?,?,?,?,?)", &ins_thread_));
  TL_RETURN_IF_ERROR(ins_comment_.Prepare(
      &db,
      "comments(id, thread_id, ext_id, parent_id, depth, position, path, author_id, created_at,"
      " score, body, raw, line_start, line_end, parent_method, parent_confidence, created_approx,"
      " flags)",
      18));
  TL_RETURN_IF_ERROR(ins_quote_.Prepare(
      &db, "quotes(comment_id, quoted_comment_id, start, end, similarity, of_article)", 6));
  TL_RETURN_IF_ERROR(
      ins_stance_.Prepare(&db, "stances(comment_id, topic_id, stance, score, confidence)", 5));
  TL_RETURN_IF_ERROR(ins_evidence_.Prepare(
      &db, "evidence(comment_id, topic_id, rule_id, pole, weight, start, end, snippet, flags)",
      9));
  // The full-text index row by row as comments are written, while the other workers go on
  // classifying (all at Commit would leave the whole build, a second on 200k comments, to one
  // core at the end). FTS5 keeps the terms pending until its hashsize budget (schema 003) is
  // full, so this writes no more index segments than a rebuild would.
  TL_RETURN_IF_ERROR(
      db.Prepare("INSERT INTO comments_fts(rowid, body) VALUES(?,?)", &ins_fts_));
  // Authors by a lookup, then a plain INSERT or UPDATE. An upsert with RETURNING runs in a
  // statement transaction (SQLite implements RETURNING as a trigger), and opening one makes FTS5
  // write its pending terms out as a new index segment (its xSavepoint flushes): every new author
  // cut the full-text index into another small segment to merge later (store_test.cc).
  TL_RETURN_IF_ERROR(db.Prepare(
      "SELECT id, ext_id IS NULL FROM authors WHERE platform = ? AND name = ?", &sel_author_));
  TL_RETURN_IF_ERROR(
      db.Prepare("INSERT INTO authors(name, platform, ext_id) VALUES(?,?,?)", &ins_author_));
  TL_RETURN_IF_ERROR(db.Prepare("UPDATE authors SET ext_id = ? WHERE id = ?", &upd_author_));
  return Status::Ok();
}

Result<int64_t> SourceWriter::AuthorId(AuthorIds* ids, std::string_view platform,
                                       const std::string& name, const std::string& ext_id) {
  if (auto it = ids->find(std::string_view(name)); it != ids->end()) return it->second;
  Db& db = store_->db_;
  sel_author_.BindRef(1, platform);
  sel_author_.BindRef(2, name);
  Status status;
  int64_t id = 0;
  bool found = sel_author_.Step(&status), no_ext_id = found && sel_author_.Int(1) != 0;
  if (found) id = sel_author_.Int(0);
  sel_author_.Reset();
  TL_RETURN_IF_ERROR(status);
  if (!found) {
    ins_author_.BindRef(1, name);
    ins_author_.BindRef(2, platform);
    ins_author_.BindRefOrNull(3, ext_id);
    TL_RETURN_IF_ERROR(ins_author_.Run());
    id = db.LastInsertId();
  } else if (no_ext_id && !ext_id.empty()) {  // a later source knows the author's id
    upd_author_.BindRef(1, ext_id);
    upd_author_.Bind(2, id);
    TL_RETURN_IF_ERROR(upd_author_.Run());
  }
  ids->emplace(name, id);
  return id;
}

Status SourceWriter::WriteThread(const Thread& t) {
  Db& db = store_->db_;
  std::string notes;
  if (!t.notes.empty()) {
    notes = "[";
    for (size_t i = 0; i < t.notes.size(); ++i) {
      if (i) notes += ',';
      json::AppendString(&notes, t.notes[i]);
    }
    notes += "]";
  }
  // Text is bound by reference (BindRef): `t` and the locals outlive each statement's Run().
  ins_thread_.Bind(1, source_id_);
  ins_thread_.BindRefOrNull(2, t.ext_id);
  ins_thread_.BindRefOrNull(3, t.title);
  ins_thread_.BindRefOrNull(4, t.url);
  ins_thread_.BindRef(5, t.body);
  ins_thread_.BindRefOrNull(6, t.created_at);
  ins_thread_.BindRefOrNull(7, t.platform);
  ins_thread_.BindRef(8, t.body_raw);
  ins_thread_.BindRefOrNull(9, notes);
  TL_RETURN_IF_ERROR(ins_thread_.Run());
  int64_t thread_id = db.LastInsertId();

  const int64_t base = next_comment_id_;
  // Both arms string_view: `? "unknown" : t.platform` would make a temporary std::string that
  // dies at the end of this line (ASan found it through the fuzz targets).
  const std::string_view platform =
      t.platform.empty() ? std::string_view("unknown") : std::string_view(t.platform);
  AuthorIds& authors = author_cache_[std::string(platform)];
  const size_t n = t.comments.size();
  flags_.resize(std::max(flags_.size(), n));
  TL_RETURN_IF_ERROR(ins_comment_.Insert(n, [&](Stmt& s, int at, size_t i) {
    const Comment& c = t.comments[i];
    s.Bind(at + 1, base + static_cast<int64_t>(i));
    s.Bind(at + 2, thread_id);
    s.BindRefOrNull(at + 3, c.ext_id);
    if (c.parent >= 0) s.Bind(at + 4, base + c.parent); else s.BindNull(at + 4);
    s.Bind(at + 5, c.depth);
    s.Bind(at + 6, static_cast<int64_t>(i));
    s.BindRef(at + 7, c.path);
    if (!c.author.empty()) {
      auto aid = AuthorId(&authors, platform, c.author, c.author_ext_id);
      if (!aid.ok()) return aid.status();
      s.Bind(at + 8, *aid);
    } else {
      s.BindNull(at + 8);
    }
    s.BindRefOrNull(at + 9, c.created_at);
    s.BindOptional(at + 10, c.score);
    s.BindRef(at + 11, c.body);
    s.BindRef(at + 12, c.raw);
    if (c.line_start > 0) s.Bind(at + 13, c.line_start); else s.BindNull(at + 13);
    if (c.line_end > 0) s.Bind(at + 14, c.line_end); else s.BindNull(at + 14);
    s.BindRef(at + 15, c.parent_method);
    s.Bind(at + 16, c.parent_confidence);
    s.Bind(at + 17, c.created_approx ? 1 : 0);
    JoinFlags(c.flags, &flags_[i]);  // one string a row: bound in place until the batch runs
    s.BindRefOrNull(at + 18, flags_[i]);
    return Status::Ok();
  }));
  for (size_t i = 0; i < n; ++i) {
    ins_fts_.Bind(1, base + static_cast<int64_t>(i));
    ins_fts_.BindRef(2, t.comments[i].body);
    TL_RETURN_IF_ERROR(ins_fts_.Run());
  }
  next_comment_id_ = base + static_cast<int64_t>(n);

  TL_RETURN_IF_ERROR(ins_quote_.Insert(t.quotes.size(), [&](Stmt& s, int at, size_t i) {
    const Quote& q = t.quotes[i];
    s.Bind(at + 1, base + q.comment);
    if (q.quoted_comment >= 0) s.Bind(at + 2, base + q.quoted_comment);
    else s.BindNull(at + 2);
    s.Bind(at + 3, q.start);
    s.Bind(at + 4, q.end);
    s.Bind(at + 5, q.similarity);
    s.Bind(at + 6, q.of_article ? 1 : 0);
    return Status::Ok();
  }));
  evidence_.clear();
  for (const StanceResult& r : t.stances) {
    if (r.topic < 0 || static_cast<size_t>(r.topic) >= topic_ids_.size())
      return Status::Error("internal: stance for unknown topic index " + std::to_string(r.topic));
    for (const Evidence& e : r.evidence) evidence_.push_back({&r, &e});
  }
  auto topic_id = [&](const StanceResult& r) { return topic_ids_[static_cast<size_t>(r.topic)]; };
  TL_RETURN_IF_ERROR(ins_stance_.Insert(t.stances.size(), [&](Stmt& s, int at, size_t i) {
    const StanceResult& r = t.stances[i];
    s.Bind(at + 1, base + r.comment);
    s.Bind(at + 2, topic_id(r));
    s.BindRef(at + 3, r.stance);
    s.Bind(at + 4, r.score);
    s.Bind(at + 5, r.confidence);
    return Status::Ok();
  }));
  TL_RETURN_IF_ERROR(ins_evidence_.Insert(evidence_.size(), [&](Stmt& s, int at, size_t i) {
    const auto& [r, e] = evidence_[i];
    s.Bind(at + 1, base + r->comment);
    s.Bind(at + 2, topic_id(*r));
    s.BindRef(at + 3, e->rule_id);
    s.BindRefOrNull(at + 4, e->pole);
    s.Bind(at + 5, e->weight);
    s.Bind(at + 6, e->start);
    s.Bind(at + 7, e->end);
    s.BindRef(at + 8, e->snippet);
    s.BindRefOrNull(at + 9, e->flags);
    return Status::Ok();
  }));
  ++threads_;
  comments_ += static_cast<int64_t>(n);
  return Status::Ok();
}

Status SourceWriter::Commit(const std::string& sha256, int64_t raw_bytes,
                            const RepairCounts& r, int64_t skipped) {
  Db& db = store_->db_;
  std::string repairs = "{\"invalid_utf8\":" + std::to_string(r.invalid_utf8) +
                        ",\"mojibake_reversed\":" + std::to_string(r.mojibake_reversed) +
                        ",\"lossy_punctuation\":" + std::to_string(r.lossy_punctuation) +
                        ",\"html_to_text\":" + std::to_string(r.html_to_text) +
                        ",\"control_chars\":" + std::to_string(r.control_chars) + "}";
  {
    Stmt dup;
    TL_RETURN_IF_ERROR(db.Prepare(
        "SELECT id, coalesce(shards, '') FROM sources WHERE sha256 = ? AND id <> ?", &dup));
    dup.Bind(1, sha256);
    dup.Bind(2, source_id_);
    Status status;
    if (dup.Step(&status)) {
      const int64_t other = dup.Int(0);
      merge_internal::Coverage have, mine;
      TL_RETURN_IF_ERROR(merge_internal::ParseCoverage(std::string(dup.Text(1)), &have)
                             .Annotate("source " + std::to_string(other)));
      TL_RETURN_IF_ERROR(merge_internal::ParseCoverage(info_.shards, &mine));
      dup.Reset();
      switch (merge_internal::DecideShards(have, mine)) {
        case merge_internal::ShardAction::kReplace:
          TL_RETURN_IF_ERROR(store_->DeleteSource(other));
          break;
        case merge_internal::ShardAction::kJoin:
          return JoinShards(other, have, mine, repairs, skipped);
        case merge_internal::ShardAction::kRefuse:
          return Status::Error("source " + std::to_string(other) + " holds " + have.Describe() +
                               " of the same bytes, cut differently from shard " + info_.shards +
                               "; use the same N, or --force to replace what is stored");
        case merge_internal::ShardAction::kPresent:
          return Status::Error("already ingested (source " + std::to_string(other) +
                               " has the same sha256); use --force to redo it");
      }
    }
    TL_RETURN_IF_ERROR(status);
  }
  Stmt upd;
  TL_RETURN_IF_ERROR(db.Prepare(
      "UPDATE sources SET sha256 = ?, bytes = ?, repairs = ?, skipped = ? WHERE id = ?", &upd));
  upd.Bind(1, sha256);
  upd.Bind(2, raw_bytes);
  upd.Bind(3, repairs);
  upd.Bind(4, skipped);
  upd.Bind(5, source_id_);
  TL_RETURN_IF_ERROR(upd.Run());
  Status st = tx_->Commit();
  tx_.reset();
  return st;
}

Status SourceWriter::JoinShards(int64_t other, const merge_internal::Coverage& have,
                                const merge_internal::Coverage& mine, const std::string& repairs,
                                int64_t skipped) {
  Db& db = store_->db_;
  merge_internal::Coverage both = have;
  both.k.push_back(mine.k[0]);
  TL_RETURN_IF_ERROR(merge_internal::ParseCoverage(both.Text(), &both));  // sorted; all N: whole
  const std::string own = std::to_string(source_id_), to = std::to_string(other);
  TL_RETURN_IF_ERROR(
      db.Exec("UPDATE threads SET source_id = " + to + " WHERE source_id = " + own));
  // As merge joins shards: repair counts add up, bad-record counts are the same in every shard
  // (each read the whole input), the earliest ingest time stands.
  Stmt upd;
  TL_RETURN_IF_ERROR(db.Prepare(
      "UPDATE sources SET shards = nullif(?1, ''), skipped = max(skipped, ?2),"
      " repairs = (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_group_object(key, total) END"
      "   FROM (SELECT key, sum(value) AS total, min(ord) AS o FROM ("
      "     SELECT j.key, j.value, j.id AS ord FROM sources s, json_each(s.repairs) j"
      "       WHERE s.id = ?3"
      "     UNION ALL SELECT j.key, j.value, 1000000 + j.id FROM json_each(?4) j)"
      "   GROUP BY key ORDER BY o))"
      " WHERE id = ?3",
      &upd));
  upd.Bind(1, both.Text());
  upd.Bind(2, skipped);
  upd.Bind(3, other);
  upd.Bind(4, repairs);
  TL_RETURN_IF_ERROR(upd.Run());
  TL_RETURN_IF_ERROR(db.Exec("DELETE FROM sources WHERE id = " + own));
  source_id_ = other;
  Status st = tx_->Commit();
  tx_.reset();
  return st;
}

}  // namespace threadlens::store
