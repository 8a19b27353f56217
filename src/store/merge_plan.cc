#include "store/merge_plan.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

namespace threadlens::store::merge_internal {
namespace {

// The tables merge copies. Any other table with rows is refused rather than silently dropped.
const char* const kKnownTables[] = {"sources", "threads", "authors", "comments", "quotes",
                                    "topics",  "stances", "evidence"};

bool IsKnownTable(const std::string& name) {
  for (const char* t : kKnownTables)
    if (name == t) return true;
  return name.rfind("sqlite_", 0) == 0 || name.rfind("comments_fts", 0) == 0;
}

struct Contribution {
  size_t input;
  const SourceRow* row;
};

std::string Short(const std::string& sha) { return sha.substr(0, 12) + "…"; }

}  // namespace

std::string Coverage::Text() const {
  if (whole()) return "";
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) out += (i ? "," : "") + std::to_string(k[i]);
  return out + "/" + std::to_string(n);
}

std::string Coverage::Describe() const {
  return whole() ? "the whole source" : "shards " + Text();
}

ShardAction DecideShards(const Coverage& have, const Coverage& mine) {
  if (have.whole()) return ShardAction::kPresent;
  if (mine.whole()) return ShardAction::kReplace;
  if (have.n != mine.n) return ShardAction::kRefuse;
  for (int k : mine.k)
    if (std::find(have.k.begin(), have.k.end(), k) == have.k.end()) return ShardAction::kJoin;
  return ShardAction::kPresent;
}

Status ParseCoverage(const std::string& text, Coverage* c) {
  *c = Coverage();
  if (text.empty()) return Status::Ok();
  auto bad = [&] { return Status::Error("malformed sources.shards '" + text + "'"); };
  size_t slash = text.rfind('/');
  if (slash == std::string::npos) return bad();
  auto parse_int = [](std::string_view s, int* v) {
    if (s.empty() || s.size() > 6) return false;
    int x = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return false;
      x = x * 10 + (ch - '0');
    }
    *v = x;
    return true;
  };
  if (!parse_int(std::string_view(text).substr(slash + 1), &c->n) || c->n < 1) return bad();
  std::string_view list = std::string_view(text).substr(0, slash);
  while (true) {
    size_t comma = list.find(',');
    int k = 0;
    if (!parse_int(list.substr(0, comma), &k) || k >= c->n) return bad();
    c->k.push_back(k);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  std::sort(c->k.begin(), c->k.end());
  if (std::adjacent_find(c->k.begin(), c->k.end()) != c->k.end()) return bad();
  if (static_cast<int>(c->k.size()) == c->n) *c = Coverage();  // all shards: whole
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// What each database holds, read before anything is written.

Status Summarize(Db& db, const std::string& schema, const std::string& path, DbSummary* out) {
  out->path = path;
  Stmt st;
  Status status;
  TL_RETURN_IF_ERROR(db.Prepare(
      "SELECT name FROM \"" + schema + "\".sqlite_master WHERE type = 'table' ORDER BY name", &st));
  std::set<std::string> tables;
  while (st.Step(&status)) tables.insert(std::string(st.Text(0)));
  TL_RETURN_IF_ERROR(status);
  for (const char* t : kKnownTables)
    if (!tables.count(t))
      return Status::Error(path + ": not a threadlens database (no table '" + t + "')");
  for (const auto& t : tables) {
    if (IsKnownTable(t)) continue;
    auto rows = db.QueryInt("SELECT count(*) FROM \"" + schema + "\".\"" + t + "\"");
    if (!rows.ok()) return rows.status();
    if (*rows > 0)
      return Status::Error(path + ": table '" + t + "' holds " + std::to_string(*rows) +
                           " rows that this threadlens does not know how to merge");
  }
  auto has_shards = db.QueryInt("SELECT count(*) FROM pragma_table_info('sources', '" + schema +
                                "') WHERE name = 'shards'");
  if (!has_shards.ok()) return has_shards.status();
  TL_RETURN_IF_ERROR(db.Prepare(
      "SELECT id, sha256, path, ingested_at, " +
          std::string(*has_shards ? "coalesce(shards, '')" : "''") + " FROM \"" + schema +
          "\".sources ORDER BY id",
      &st));
  while (st.Step(&status)) {
    SourceRow r;
    r.id = st.Int(0);
    r.sha256 = st.Text(1);
    r.path = st.Text(2);
    r.ingested_at = st.Text(3);
    TL_RETURN_IF_ERROR(ParseCoverage(std::string(st.Text(4)), &r.cov)
                           .Annotate(path + ": source " + std::to_string(r.id)));
    out->sources.push_back(std::move(r));
  }
  TL_RETURN_IF_ERROR(status);
  TL_RETURN_IF_ERROR(
      db.Prepare("SELECT name, rules_sha256 FROM \"" + schema + "\".topics ORDER BY id", &st));
  while (st.Step(&status)) out->topic_sha[std::string(st.Text(0))] = std::string(st.Text(1));
  return status;
}

// Stances made by different rules would be counted together by every view.
Status CheckRules(const std::vector<const DbSummary*>& dbs) {
  const DbSummary* first = nullptr;
  std::string first_topic;
  for (const DbSummary* d : dbs) {
    for (const auto& [name, sha] : d->topic_sha) {
      if (!first) {
        first = d;
        first_topic = name;
        continue;
      }
      const std::string& want = first->topic_sha.at(first_topic);
      if (sha == want) continue;
      return Status::Error(
          "rules differ: " + first->path + " has topic '" + first_topic + "' from rules sha256 " +
          want + ", " + d->path + " has topic '" + name + "' from rules sha256 " + sha +
          "; merge combines only databases classified by the same rules (re-ingest one side "
          "with the other's --rules)");
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// The plan: which input rows go where, decided in canonical order before anything is written.

Status Plan(const DbSummary& out, const std::vector<DbSummary>& inputs, std::vector<Import>* plan,
            MergeReport* report) {
  std::map<std::string, const SourceRow*> in_out;
  for (const auto& s : out.sources) in_out[s.sha256] = &s;
  std::map<std::string, std::vector<Contribution>> by_sha;  // sha256 order: canonical
  for (size_t i = 0; i < inputs.size(); ++i)
    for (const auto& s : inputs[i].sources) by_sha[s.sha256].push_back({i, &s});

  for (auto& entry : by_sha) {
    // Named references, not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string& sha = entry.first;
    std::vector<Contribution>& list = entry.second;
    // A total order on content-defining keys, so the input order cannot matter.
    std::sort(list.begin(), list.end(), [&](const Contribution& a, const Contribution& b) {
      return std::tie(a.row->cov.n, a.row->cov.k, a.row->ingested_at, a.row->path,
                      inputs[a.input].path) < std::tie(b.row->cov.n, b.row->cov.k,
                                                       b.row->ingested_at, b.row->path,
                                                       inputs[b.input].path);
    });
    auto where = [&](const Contribution& c) {
      return inputs[c.input].path + " (source " + Short(sha) + ", " + c.row->path + ", " +
             c.row->cov.Describe() + ")";
    };
    const SourceRow* existing = in_out.count(sha) ? in_out[sha] : nullptr;
    if (existing && existing->cov.whole()) {
      report->sources_skipped += static_cast<int64_t>(list.size());
      continue;
    }
    if (list.front().row->cov.whole()) {  // a whole copy wins over any set of shards
      plan->push_back({list.front().input, *list.front().row, Coverage(), existing != nullptr});
      report->sources_skipped += static_cast<int64_t>(list.size()) - 1;
      continue;
    }
    Coverage have = existing ? existing->cov : Coverage{list.front().row->cov.n, {}};
    std::string have_where = existing ? out.path + " (" + existing->cov.Describe() + ")" : "";
    for (const Contribution& c : list) {
      const Coverage& cov = c.row->cov;
      if (cov.n != have.n)
        return Status::Error("cannot merge shards cut differently: " + where(c) + " vs " +
                             (have_where.empty() ? where(list.front()) : have_where) +
                             "; ingest every shard of a source with the same N");
      std::vector<int> common;
      std::set_intersection(cov.k.begin(), cov.k.end(), have.k.begin(), have.k.end(),
                            std::back_inserter(common));
      if (common.size() == cov.k.size()) {  // already have all of it
        ++report->sources_skipped;
        continue;
      }
      if (!common.empty())
        return Status::Error("overlapping shards: " + where(c) + " overlaps what " +
                             (have_where.empty() ? "other inputs" : have_where) +
                             " already hold; merge shards of one source only once");
      Coverage next = have;
      next.k.insert(next.k.end(), cov.k.begin(), cov.k.end());
      std::sort(next.k.begin(), next.k.end());
      if (static_cast<int>(next.k.size()) == next.n) next = Coverage();
      plan->push_back({c.input, *c.row, next, false});
      have = next;
      if (have_where.empty()) have_where = where(c);
      if (have.whole()) {  // the rest are parts of what is now whole
        report->sources_skipped += &list.back() - &c;
        break;
      }
    }
    if (!have.whole())
      report->notes.push_back("source " + Short(sha) + " (" + list.front().row->path +
                              ") is partial: " + have.Describe());
  }
  return Status::Ok();
}

}  // namespace threadlens::store::merge_internal
