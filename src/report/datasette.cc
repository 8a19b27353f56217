#include "report/datasette.h"

#include <set>
#include <vector>

#include "core/json.h"
#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

using store::Stmt;

struct Column {
  const char* name;
  const char* description;
};

struct Table {
  const char* name;
  const char* description;
  std::vector<Column> columns;
  std::vector<const char*> facets;
  const char* label_column;  // nullptr: none
};

// The public tables and views (DESIGN.md section 2), described for someone browsing them.
const std::vector<Table>& Tables() {
  static const std::vector<Table> kTables = {
      {"sources", "One row per dump ingested; re-ingesting the same bytes changes nothing.",
       {{"id", "Source id"},
        {"path", "File as given on the command line (\"-\" for stdin)"},
        {"format", "Reader used: text, reddit, pushshift, hn, youtube, disqus, wxr, html, csv"},
        {"sha256", "sha256 of the raw bytes"},
        {"bytes", "Raw (possibly compressed) size"},
        {"ingested_at", "When it was ingested (ISO-8601 UTC)"},
        {"compression", "none, gzip or zstd"},
        {"repairs", "JSON: text repairs made, by kind"},
        {"skipped", "Bad records skipped in lenient mode"},
        {"tool_version", "threadlens version that stored it"},
        {"shards", "Which shards of the source this database holds ('K/N', from ingest --shard);"
                   " NULL: the whole source"}},
       {"format"},
       "path"},
      {"threads", "The article or post each set of comments hangs under.",
       {{"id", "Thread id (threadlens summary --thread ID)"},
        {"source_id", "The dump it came from"},
        {"ext_id", "Platform id of the post"},
        {"title", "Title"},
        {"url", "Address of the page"},
        {"body", "Repaired article or post text"},
        {"created_at", "When it was posted (ISO-8601 UTC)"},
        {"platform", "Site or platform"},
        {"raw", "Article text as found"},
        {"notes", "JSON array: structural repairs (cycles broken, missing parents)"}},
       {"source_id", "platform"},
       "title"},
      {"authors", "People who wrote comments, per platform (text dumps often have none).",
       {{"id", "Author id"},
        {"name", "Display name"},
        {"platform", "Platform the name belongs to"},
        {"ext_id", "Platform user id, when the dump has one"}},
       {"platform"},
       "name"},
      {"comments",
       "One row per comment, in document order within each thread. parent_id is NULL for "
       "comments on the thread itself; parent_method and parent_confidence say how each link "
       "was found (given by the data, or inferred from the text).",
       {{"id", "Comment id, as shown in summaries (#id)"},
        {"thread_id", "Thread it belongs to"},
        {"ext_id", "Platform id (empty for text dumps)"},
        {"parent_id", "The comment it answers; NULL: the thread itself"},
        {"depth", "0 = top level"},
        {"position", "0-based document order in the thread"},
        {"path", "Sortable materialised path (sort by it for a depth-first outline)"},
        {"author_id", "Author, when known"},
        {"created_at", "When it was posted (ISO-8601 UTC), when known"},
        {"score", "Votes or likes, when the platform shows them"},
        {"body", "Repaired, normalised text (searchable)"},
        {"raw", "Text as found"},
        {"line_start", "First input line (line-oriented dumps)"},
        {"line_end", "Last input line (line-oriented dumps)"},
        {"parent_method",
         "How the parent was found: explicit (given), repaired, quote, address, opener, answer, "
         "continuation, adjacency, indent, or none for top level"},
        {"parent_confidence", "Confidence in the parent link, 0..1"},
        {"created_approx", "1 when the date was resolved from a relative time"},
        {"flags", "Comma-separated: deleted, placeholder, ..."}},
       {"thread_id", "depth", "parent_method", "author_id"},
       nullptr},
      {"quotes", "Spans of a comment that reproduce other text (an earlier comment or the article).",
       {{"comment_id", "The quoting comment"},
        {"quoted_comment_id", "The comment quoted; NULL: the article or something outside"},
        {"start", "Byte offset of the span in comments.body"},
        {"end", "Byte offset after the span"},
        {"similarity", "1 = exact"},
        {"of_article", "1 when it quotes the thread's article"}},
       {"of_article"},
       nullptr},
      {"topics", "The questions comments are classified on, each with two poles.",
       {{"id", "Topic id"},
        {"name", "Topic name"},
        {"question", "The question the topic asks"},
        {"pole_a", "First pole (positive scores)"},
        {"pole_b", "Second pole (negative scores)"},
        {"rules_sha256", "Fingerprint of the rules the stances were made with"}},
       {},
       "name"},
      {"stances",
       "Where each comment stands on each topic it takes up; no row means off topic.",
       {{"comment_id", "The comment"},
        {"topic_id", "The topic"},
        {"stance", "pole_a's name, pole_b's name, or neutral"},
        {"score", "Signed: positive towards pole_a"},
        {"confidence", "0..1; below 0.5 means few or weak cues"}},
       {"topic_id", "stance"},
       nullptr},
      {"evidence",
       "Every cue that counted towards a stance, with its span in the comment's body.",
       {{"id", "Evidence id"},
        {"comment_id", "The comment"},
        {"topic_id", "The topic"},
        {"rule_id", "The rule that matched"},
        {"pole", "Pole the cue counts for (empty: it only shaped confidence)"},
        {"weight", "Signed contribution after negation and hedging"},
        {"start", "Byte offset of the cue in comments.body"},
        {"end", "Byte offset after the cue"},
        {"snippet", "The matched text"},
        {"flags", "Comma-separated: negated, hedged, quoted, inherited, ..."}},
       {"topic_id", "pole", "rule_id", "flags"},
       nullptr},
      {"stance_counts", "View: how many comments took each side, per topic (share of on-topic).",
       {{"topic", "Topic name"},
        {"stance", "Side"},
        {"comments", "Comments"},
        {"share", "Share of the topic's on-topic comments"}},
       {"topic"},
       nullptr},
      {"reply_stance", "View: reply stance against parent stance, per topic (who answers whom).",
       {{"topic", "Topic name"},
        {"parent_stance", "Stance of the comment answered"},
        {"reply_stance", "Stance of the reply"},
        {"n", "Replies"}},
       {"topic", "parent_stance"},
       nullptr},
  };
  return kTables;
}

struct Canned {
  const char* name;
  const char* title;
  const char* description;
  const char* sql;
};

const std::vector<Canned>& Queries() {
  static const std::vector<Canned> kQueries = {
      {"stance_counts_per_topic", "Stance counts per topic",
       "How many comments took each side of each topic.",
       "SELECT sc.topic, t.question, sc.stance, sc.comments, sc.share FROM stance_counts sc"
       " JOIN topics t ON t.name = sc.topic ORDER BY sc.topic, sc.comments DESC"},
      {"contested_exchanges", "Contested exchanges",
       "Replies that take the opposite side of the comment they answer, most confident first.",
       "SELECT t.name AS topic, p.id AS parent_id, ps.stance AS parent_stance,"
       " substr(p.body, 1, 300) AS parent_text, c.id AS reply_id, cs.stance AS reply_stance,"
       " substr(c.body, 1, 300) AS reply_text, MIN(cs.confidence, ps.confidence) AS confidence"
       " FROM comments c JOIN comments p ON p.id = c.parent_id JOIN stances cs ON"
       " cs.comment_id = c.id JOIN stances ps ON ps.comment_id = p.id AND ps.topic_id ="
       " cs.topic_id JOIN topics t ON t.id = cs.topic_id WHERE cs.stance <> ps.stance AND"
       " cs.stance <> 'neutral' AND ps.stance <> 'neutral' ORDER BY confidence DESC LIMIT 200"},
      {"most_answered_comments", "Most answered comments",
       "Comments with the most direct replies.",
       "SELECT p.id, p.thread_id, a.name AS author, COUNT(*) AS replies, substr(p.body, 1, 300)"
       " AS text FROM comments c JOIN comments p ON p.id = c.parent_id LEFT JOIN authors a ON"
       " a.id = p.author_id GROUP BY p.id ORDER BY replies DESC, p.id LIMIT 50"},
      {"comments_by_author", "Comments by author",
       "Everything one author wrote, with the stances found in it.",
       "SELECT c.id, c.thread_id, c.parent_id, c.created_at, (SELECT group_concat(t.name || ':"
       " ' || s.stance, '; ') FROM stances s JOIN topics t ON t.id = s.topic_id WHERE"
       " s.comment_id = c.id) AS stances, c.body FROM comments c JOIN authors a ON a.id ="
       " c.author_id WHERE a.name = :author ORDER BY c.thread_id, c.position"},
      {"most_active_authors", "Most active authors",
       "Authors by number of comments.",
       "SELECT a.name, a.platform, COUNT(*) AS comments FROM comments c JOIN authors a ON a.id"
       " = c.author_id GROUP BY a.id ORDER BY comments DESC LIMIT 100"},
      {"search", "Search comments",
       "Full-text search over comment bodies (FTS5 syntax: words, \"phrases\", OR, NOT, prefix*).",
       "SELECT c.id, c.thread_id, a.name AS author, snippet(comments_fts, 0, '[', ']', ' … ',"
       " 20) AS match, c.body FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid"
       " LEFT JOIN authors a ON a.id = c.author_id WHERE comments_fts MATCH :q ORDER BY rank"
       " LIMIT 100"},
      {"reply_stance_matrix", "Who answers whom",
       "Reply stance against parent stance, per topic.",
       "SELECT topic, parent_stance, reply_stance, n FROM reply_stance ORDER BY topic, n DESC"},
      {"quotes_per_side", "Clearest quotes per side",
       "The strongest cue of each confident stance, quoted text excluded.",
       "SELECT t.name AS topic, e.pole, e.comment_id, s.confidence, e.snippet, c.body FROM"
       " evidence e JOIN stances s ON s.comment_id = e.comment_id AND s.topic_id = e.topic_id"
       " AND s.stance = e.pole JOIN topics t ON t.id = e.topic_id JOIN comments c ON c.id ="
       " e.comment_id WHERE COALESCE(e.flags, '') NOT LIKE '%quoted%' ORDER BY t.name, e.pole,"
       " s.confidence DESC LIMIT 300"},
      {"thread_outline", "Thread outline",
       "One thread's comments depth-first, with how each reply link was found.",
       "SELECT c.id, c.depth, c.parent_id, a.name AS author, c.parent_method,"
       " c.parent_confidence, (SELECT group_concat(t.name || ': ' || s.stance, '; ') FROM"
       " stances s JOIN topics t ON t.id = s.topic_id WHERE s.comment_id = c.id) AS stances,"
       " c.body FROM comments c LEFT JOIN authors a ON a.id = c.author_id WHERE c.thread_id ="
       " :thread ORDER BY c.path"},
  };
  return kQueries;
}

std::string Stem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  return base;
}

void Str(std::string* out, const std::string& s) { json::AppendString(out, ValidUtf8(s)); }

}  // namespace

std::string DatasetteMetadataPath(const std::string& db_path) {
  size_t slash = db_path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "" : db_path.substr(0, slash + 1);
  return dir + Stem(db_path) + ".metadata.json";
}

Status DatasetteMetadata(store::Db* db, const std::string& db_path, std::string* out) {
  // What the store holds, for the description.
  auto comments = db->QueryInt("SELECT COUNT(*) FROM comments");
  if (!comments.ok()) return comments.status();
  auto threads = db->QueryInt("SELECT COUNT(*) FROM threads");
  if (!threads.ok()) return threads.status();
  std::string topics;
  std::set<std::string> shas;
  {
    Stmt st;
    TL_RETURN_IF_ERROR(db->Prepare(
        "SELECT name, pole_a, pole_b, question, rules_sha256 FROM topics ORDER BY name", &st));
    Status status;
    while (st.Step(&status)) {
      topics += (topics.empty() ? "" : "; ") + std::string(st.Text(0)) + " (" +
                std::string(st.Text(1)) + " / " + std::string(st.Text(2)) + ")";
      if (!st.IsNull(3) && !st.Text(3).empty()) topics += ": " + std::string(st.Text(3));
      shas.insert(std::string(st.Text(4)));
    }
    TL_RETURN_IF_ERROR(status);
  }
  std::string description =
      "Comment threads analysed by threadlens " THREADLENS_VERSION ": " +
      std::to_string(*comments) + " comments in " + std::to_string(*threads) +
      " threads, with who answered whom (comments.parent_id, and how each link was found) and "
      "where each comment stands on each topic (stances, with the evidence behind it).";
  if (!topics.empty()) description += " Topics: " + topics + ".";
  if (!shas.empty()) {
    description += " Rules sha256:";
    for (const auto& s : shas) description += " " + s;
    description += ".";
  }

  std::string& o = *out;
  o.clear();
  o += "{\n  \"title\": ";
  Str(&o, "threadlens: " + Stem(db_path));
  o += ",\n  \"description\": ";
  Str(&o, description);
  o += ",\n  \"source\": \"threadlens " THREADLENS_VERSION "\",\n  \"databases\": {\n    ";
  Str(&o, Stem(db_path));
  o += ": {\n      \"description\": ";
  Str(&o, description);
  o += ",\n      \"tables\": {";
  bool first_table = true;
  for (const Table& t : Tables()) {
    o += first_table ? "\n        " : ",\n        ";
    first_table = false;
    Str(&o, t.name);
    o += ": {\n          \"description\": ";
    Str(&o, t.description);
    if (t.label_column) {
      o += ",\n          \"label_column\": ";
      Str(&o, t.label_column);
    }
    if (std::string(t.name) == "comments")
      o += ",\n          \"fts_table\": \"comments_fts\",\n          \"fts_pk\": \"id\"";
    if (!t.facets.empty()) {
      o += ",\n          \"facets\": [";
      for (size_t i = 0; i < t.facets.size(); ++i) {
        if (i) o += ", ";
        Str(&o, t.facets[i]);
      }
      o += "]";
    }
    o += ",\n          \"columns\": {";
    // Described columns first, then any a later schema version added (so none is missing).
    std::vector<std::pair<std::string, std::string>> cols;
    for (const Column& c : t.columns) cols.emplace_back(c.name, c.description);
    {
      Stmt info;
      TL_RETURN_IF_ERROR(
          db->Prepare(std::string("SELECT name FROM pragma_table_info('") + t.name + "')", &info));
      Status status;
      while (info.Step(&status)) {
        std::string name(info.Text(0));
        bool known = false;
        for (const Column& c : t.columns) known = known || name == c.name;
        if (!known) cols.emplace_back(name, "See the schema/*.sql migration that added it.");
      }
      TL_RETURN_IF_ERROR(status);
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      o += i ? ",\n            " : "\n            ";
      Str(&o, cols[i].first);
      o += ": ";
      Str(&o, cols[i].second);
    }
    o += "\n          }\n        }";
  }
  o += "\n      },\n      \"queries\": {";
  bool first_query = true;
  for (const Canned& q : Queries()) {
    o += first_query ? "\n        " : ",\n        ";
    first_query = false;
    Str(&o, q.name);
    o += ": {\n          \"title\": ";
    Str(&o, q.title);
    o += ",\n          \"description\": ";
    Str(&o, q.description);
    o += ",\n          \"sql\": ";
    Str(&o, q.sql);
    o += "\n        }";
  }
  o += "\n      }\n    }\n  }\n}\n";
  return Status::Ok();
}

}  // namespace threadlens::report
