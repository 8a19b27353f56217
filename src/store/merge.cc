#include "store/merge.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "store/merge_plan.h"
#include "store/store.h"

namespace threadlens::store {
namespace {

using merge_internal::CheckRules;
using merge_internal::Coverage;
using merge_internal::DbSummary;
using merge_internal::Import;
using merge_internal::Plan;
using merge_internal::Summarize;

// ---------------------------------------------------------------------------------------------
// Execution: INSERT ... SELECT from an attached input, ids shifted past OUT's.

// Columns of `table` in both OUT (main) and the input `alias`, minus `skip`, each "quoted".
// An input from an older schema lacks later columns: they take their defaults.
Result<std::vector<std::string>> CommonColumns(Db& db, const std::string& table,
                                               const std::string& alias,
                                               const std::set<std::string>& skip) {
  Stmt st;
  TL_RETURN_IF_ERROR(db.Prepare("SELECT m.name FROM pragma_table_info('" + table +
                                    "', 'main') m JOIN pragma_table_info('" + table + "', '" +
                                    alias + "') a ON a.name = m.name ORDER BY m.cid",
                                &st));
  std::vector<std::string> cols;
  Status status;
  while (st.Step(&status)) {
    std::string name(st.Text(0));
    if (!skip.count(name)) cols.push_back("\"" + name + "\"");
  }
  TL_RETURN_IF_ERROR(status);
  return cols;
}

// ", a, b, c" with each column prefixed by `prefix` (e.g. "c."), to follow fixed columns.
std::string List(const std::vector<std::string>& cols, const std::string& prefix = "") {
  std::string out;
  for (const auto& c : cols) out += ", " + prefix + c;
  return out;
}

// "a, b, c": the same without the leading comma.
std::string Join(const std::vector<std::string>& cols) {
  std::string out = List(cols);
  return out.empty() ? out : out.substr(2);
}

Result<int64_t> MaxId(Db& db, const std::string& table) {
  return db.QueryInt("SELECT coalesce(max(id), 0) FROM main." + table);
}

// Runs `sql` with ?1..?n bound to `args`.
Status Run(Db& db, const std::string& sql, const std::vector<int64_t>& args) {
  Stmt st;
  TL_RETURN_IF_ERROR(db.Prepare(sql, &st));
  for (size_t i = 0; i < args.size(); ++i) st.Bind(static_cast<int>(i + 1), args[i]);
  return st.Run();
}

// Copies one input source row's content into OUT. REQUIRES: inside a transaction, the input
// attached as `a`.
Status Apply(Store* out, const std::string& a, const Import& imp, MergeReport* report) {
  Db& db = out->db();
  const std::string sid = std::to_string(imp.src.id);

  // The destination source row: a new one, or the row already holding other shards.
  std::optional<int64_t> dest;
  {
    auto found = out->FindSource(imp.src.sha256);
    if (!found.ok()) return found.status();
    dest = *found;
  }
  if (dest && imp.replaces) {
    TL_RETURN_IF_ERROR(out->DeleteSource(*dest));
    dest.reset();
  }
  if (!dest) {
    auto cols = CommonColumns(db, "sources", a, {"id", "shards"});
    if (!cols.ok()) return cols.status();
    Stmt ins;
    TL_RETURN_IF_ERROR(db.Prepare("INSERT INTO main.sources(shards" + List(*cols) +
                                      ") SELECT nullif(?, '')" + List(*cols) + " FROM " + a +
                                      ".sources WHERE id = " + sid,
                                  &ins));
    ins.Bind(1, imp.after.Text());
    TL_RETURN_IF_ERROR(ins.Run());
    dest = db.LastInsertId();
    ++report->sources_added;
  } else {
    // Another shard of a source OUT holds part of: counts add up, bad-record counts are the
    // same in every shard (each read the whole input), the earliest ingest time stands.
    Stmt upd;
    TL_RETURN_IF_ERROR(db.Prepare(
        "UPDATE main.sources SET shards = nullif(?1, ''),"
        " skipped = max(skipped, (SELECT skipped FROM " + a + ".sources WHERE id = ?3)),"
        " ingested_at = min(ingested_at, (SELECT ingested_at FROM " + a +
            ".sources WHERE id = ?3)),"
        " repairs = (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_group_object(key, total) END"
        "   FROM (SELECT key, sum(value) AS total, min(ord) AS o FROM ("
        "     SELECT j.key, j.value, j.id AS ord FROM main.sources s, json_each(s.repairs) j"
        "       WHERE s.id = ?2"
        "     UNION ALL SELECT j.key, j.value, 1000000 + j.id FROM " + a +
            ".sources s, json_each(s.repairs) j WHERE s.id = ?3)"
        "   GROUP BY key ORDER BY o))"
        " WHERE id = ?2",
        &upd));
    upd.Bind(1, imp.after.Text());
    upd.Bind(2, *dest);
    upd.Bind(3, imp.src.id);
    TL_RETURN_IF_ERROR(upd.Run());
    ++report->shards_added;
  }

  // Threads: ids shifted past OUT's so that one offset maps every reference.
  const std::string in_threads = "(SELECT id FROM " + a + ".threads WHERE source_id = " + sid + ")";
  const std::string in_comments =
      "(SELECT id FROM " + a + ".comments WHERE thread_id IN " + in_threads + ")";
  auto t_lo = db.QueryInt("SELECT coalesce(min(id), 0) FROM " + a + ".threads WHERE source_id = " +
                          sid);
  if (!t_lo.ok()) return t_lo.status();
  auto t_max = MaxId(db, "threads");
  if (!t_max.ok()) return t_max.status();
  const int64_t toff = *t_max + 1 - *t_lo;
  auto tcols = CommonColumns(db, "threads", a, {"id", "source_id"});
  if (!tcols.ok()) return tcols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.threads(id, source_id" + List(*tcols) +
                             ") SELECT id + ?1, ?2" + List(*tcols) + " FROM " + a +
                             ".threads WHERE source_id = " + sid + " ORDER BY id",
                         {toff, *dest}));
  report->threads += db.Changes();

  // Authors this source's comments name; (platform, name) is the identity across databases.
  auto acols = CommonColumns(db, "authors", a, {"id"});
  if (!acols.ok()) return acols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.authors(" + Join(*acols) + ") SELECT " +
                             Join(*acols) + " FROM " + a +
                             ".authors WHERE id IN (SELECT author_id FROM " + a +
                             ".comments WHERE thread_id IN " + in_threads +
                             ") ORDER BY id"
                             " ON CONFLICT(platform, name) DO UPDATE SET"
                             " ext_id = coalesce(authors.ext_id, excluded.ext_id)",
                         {}));

  // Comments: parent_id lives in the same thread, so the same offset maps it.
  auto c_lo = db.QueryInt("SELECT coalesce(min(id), 0) FROM " + a + ".comments WHERE thread_id IN " +
                          in_threads);
  if (!c_lo.ok()) return c_lo.status();
  auto c_max = MaxId(db, "comments");
  if (!c_max.ok()) return c_max.status();
  const int64_t coff = *c_max + 1 - *c_lo;
  auto ccols = CommonColumns(db, "comments", a, {"id", "thread_id", "parent_id", "author_id"});
  if (!ccols.ok()) return ccols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.comments(id, thread_id, parent_id, author_id" +
                             List(*ccols) +
                             ") SELECT c.id + ?1, c.thread_id + ?2, c.parent_id + ?1, ma.id" +
                             List(*ccols, "c.") + " FROM " + a + ".comments c LEFT JOIN " + a +
                             ".authors sa ON sa.id = c.author_id"
                             " LEFT JOIN main.authors ma ON ma.platform = sa.platform"
                             " AND ma.name = sa.name WHERE c.thread_id IN " + in_threads +
                             " ORDER BY c.id",
                         {coff, toff}));
  report->comments += db.Changes();
  // Index exactly the new rows: they are the ids above OUT's previous maximum.
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.comments_fts(rowid, body) SELECT id, body FROM "
                         "main.comments WHERE id > ?1",
                         {*c_max}));

  // Quotes, stances, evidence hang off comments (same offset); topics map by name.
  auto qcols = CommonColumns(db, "quotes", a, {"comment_id", "quoted_comment_id"});
  if (!qcols.ok()) return qcols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.quotes(comment_id, quoted_comment_id" + List(*qcols) +
                             ") SELECT comment_id + ?1, quoted_comment_id + ?1" + List(*qcols) +
                             " FROM " + a + ".quotes WHERE comment_id IN " + in_comments +
                             " ORDER BY rowid",
                         {coff}));
  // The input's topics are in OUT (MergeTopics ran when it was attached).
  auto scols = CommonColumns(db, "stances", a, {"comment_id", "topic_id"});
  if (!scols.ok()) return scols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.stances(comment_id, topic_id" + List(*scols) +
                             ") SELECT s.comment_id + ?1, mt.id" + List(*scols, "s.") + " FROM " +
                             a + ".stances s JOIN " + a +
                             ".topics st ON st.id = s.topic_id JOIN main.topics mt"
                             " ON mt.name = st.name WHERE s.comment_id IN " + in_comments +
                             " ORDER BY s.comment_id, s.topic_id",
                         {coff}));
  auto ecols = CommonColumns(db, "evidence", a, {"id", "comment_id", "topic_id"});
  if (!ecols.ok()) return ecols.status();
  TL_RETURN_IF_ERROR(Run(db,
                         "INSERT INTO main.evidence(comment_id, topic_id" + List(*ecols) +
                             ") SELECT e.comment_id + ?1, mt.id" + List(*ecols, "e.") + " FROM " +
                             a + ".evidence e JOIN " + a +
                             ".topics st ON st.id = e.topic_id JOIN main.topics mt"
                             " ON mt.name = st.name WHERE e.comment_id IN " + in_comments +
                             " ORDER BY e.id",
                         {coff}));
  return Status::Ok();
}

// Topics of the input `a` missing from OUT, in the input's order.
Status MergeTopics(Db& db, const std::string& a) {
  auto cols = CommonColumns(db, "topics", a, {"id"});
  if (!cols.ok()) return cols.status();
  return Run(db,
             "INSERT INTO main.topics(" + Join(*cols) + ") SELECT " +
                 Join(*cols) + " FROM " + a +
                 ".topics WHERE name NOT IN (SELECT name FROM main.topics) ORDER BY id",
             {});
}

// The ATTACH argument for an input: a read-only URI when this SQLite understands URIs.
std::string AttachName(const std::string& path) {
  if (!sqlite3_compileoption_used("USE_URI")) return path;  // plain name: we only read it
  std::error_code ec;
  std::string abs = std::filesystem::absolute(path, ec).string();
  if (ec) abs = path;
  std::string uri = "file:";
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char ch : abs) {
    if (std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      uri += static_cast<char>(ch);
    } else {
      uri += '%';
      uri += kHex[ch >> 4];
      uri += kHex[ch & 15];
    }
  }
  return uri + "?mode=ro";
}

struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId& o) const { return dev == o.dev && ino == o.ino; }
};

std::optional<FileId> IdOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

Status MergeInto(const std::string& out_path, const std::vector<std::string>& input_paths,
                 Store* out, MergeReport* report) {
  // 1. Read every input (read-only) and check it before OUT is touched.
  std::optional<FileId> out_id = IdOf(out_path);
  std::vector<DbSummary> inputs;
  for (const auto& path : input_paths) {
    std::optional<FileId> id = IdOf(path);
    if (out_id && id && *id == *out_id)
      return Status::Error(path + ": is the output database itself");
    Store in;
    TL_RETURN_IF_ERROR(Store::Open(path, Db::kReadOnly, &in));
    DbSummary s;
    TL_RETURN_IF_ERROR(Summarize(in.db(), "main", path, &s));
    inputs.push_back(std::move(s));
  }
  report->inputs = static_cast<int64_t>(inputs.size());

  // 2. OUT, then the checks that involve it.
  TL_RETURN_IF_ERROR(Store::Open(out_path, Db::kReadWrite, out));
  DbSummary out_summary;
  TL_RETURN_IF_ERROR(Summarize(out->db(), "main", out_path, &out_summary));
  std::vector<const DbSummary*> all = {&out_summary};
  for (const auto& s : inputs) all.push_back(&s);
  TL_RETURN_IF_ERROR(CheckRules(all));
  std::vector<Import> plan;
  TL_RETURN_IF_ERROR(Plan(out_summary, inputs, &plan, report));

  // 3. Groups of imports whose inputs fit in SQLite's ATTACH limit (a database cannot be
  // detached inside a transaction); one transaction per group. Each group first adds the
  // topics of the inputs it attaches, so every stance finds its topic by name; the first group
  // also attaches an input with topics when no import needs one (topics alone still merge).
  Db& db = out->db();
  const size_t max_attached =
      static_cast<size_t>(std::max(1, sqlite3_limit(db.raw(), SQLITE_LIMIT_ATTACHED, -1)));
  std::optional<size_t> topics_from;
  for (size_t i = 0; i < inputs.size() && !topics_from; ++i)
    if (!inputs[i].topic_sha.empty()) topics_from = i;
  size_t next = 0;
  bool first = true;
  while (next < plan.size() || first) {
    std::map<size_t, std::string> alias;  // input index -> attached schema name
    if (first && topics_from) alias.emplace(*topics_from, "in0");
    size_t end = next;
    for (; end < plan.size(); ++end) {
      size_t i = plan[end].input;
      if (!alias.count(i) && alias.size() >= max_attached) break;
      alias.emplace(i, "in" + std::to_string(alias.size()));
    }
    std::vector<std::string> attached;
    Status st;
    {
      Transaction tx(&db);
      TL_RETURN_IF_ERROR(tx.begin_status());
      for (const auto& [i, name] : alias) {
        Stmt attach;
        st = db.Prepare("ATTACH ? AS " + name, &attach);
        if (st.ok()) {
          attach.Bind(1, AttachName(inputs[i].path));
          st = attach.Run().Annotate(inputs[i].path);
        }
        if (!st.ok()) break;
        attached.push_back(name);
        st = MergeTopics(db, name).Annotate(inputs[i].path);
        if (!st.ok()) break;
      }
      for (size_t k = next; st.ok() && k < end; ++k)
        st = Apply(out, alias[plan[k].input], plan[k], report)
                 .Annotate("merging " + inputs[plan[k].input].path);
      if (st.ok()) st = tx.Commit();
    }  // rolled back unless committed; only then can the inputs be detached
    for (const auto& name : attached) (void)db.Exec("DETACH " + name);
    TL_RETURN_IF_ERROR(st);
    ++report->transactions;
    first = false;
    next = end;
  }
  return out->Finalize();
}

}  // namespace

Status Merge(const std::string& out, const std::vector<std::string>& inputs,
             MergeReport* report) {
  *report = MergeReport();
  if (inputs.empty()) return Status::Error("merge: no input databases given");
  const bool existed = IdOf(out).has_value();
  Status st;
  {
    Store store;
    st = MergeInto(out, inputs, &store, report);
  }  // closed before a failed new OUT is removed
  if (!st.ok() && !existed) {
    ::unlink(out.c_str());
    ::unlink((out + "-journal").c_str());
  }
  return st;
}

}  // namespace threadlens::store
