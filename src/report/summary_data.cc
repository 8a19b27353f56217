#include "report/summary_data.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <unordered_map>

#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

using store::Db;
using store::Stmt;

// Confidence bands for reply links; the gold annotation's "high" and "medium" edges.
constexpr double kHighConfidence = 0.8;
constexpr double kMediumConfidence = 0.5;
// A stance below this is reported as weak (few or hedged cues).
constexpr double kWeakStance = 0.5;

std::string Str(const Stmt& st, int i) { return st.IsNull(i) ? "" : std::string(st.Text(i)); }

// The SQL fragments that restrict a query to one thread (empty for the whole store).
struct Scope {
  int64_t thread = 0;
  std::string Where(const char* alias = "c") const {
    return thread ? std::string(" WHERE ") + alias + ".thread_id = " + std::to_string(thread) : "";
  }
  std::string And(const char* alias = "c") const {
    return thread ? std::string(" AND ") + alias + ".thread_id = " + std::to_string(thread) : "";
  }
};

class Loader {
 public:
  Loader(Db* db, int64_t thread, const SummaryLimits& lim, Summary* out)
      : db_(db), scope_{thread}, lim_(lim), s_(out) {}

  Status Run();

 private:
  // Registers a figure and runs its SQL, calling `row` for each result row.
  template <typename F>
  Status Query(const std::string& key, const std::string& title, const std::string& sql, F&& row) {
    s_->figures.push_back({key, title, sql});
    Stmt st;
    Status status = db_->Prepare(sql, &st);
    if (!status.ok()) return status.Annotate("summary figure '" + key + "'");
    while (st.Step(&status)) row(st);
    return status.Annotate("summary figure '" + key + "'");
  }

  Status Header();
  Status Shape();
  Status Links();
  Status MostAnswered();
  Status Depth();
  Status TopThreads();
  Status Topics();
  Status Voices();
  Status Quotes();
  Status Contested();
  Status Agreement();
  Status Provenance();
  Status Tree();
  Status Lookups();
  void Caveats();

  TopicSummary* Topic(const std::string& name);
  Status Author(int64_t id, std::string* author);
  // Body and author of one comment; `topic`/`pole` non-empty: the sentence carrying that stance.
  Status Text(int64_t id, const std::string& topic, const std::string& pole, CommentText* out);

  Db* db_;
  Scope scope_;
  const SummaryLimits& lim_;
  Summary* s_;
  Stmt body_, span_;
  // Contested edges (topic, parent, reply) read for chain building.
  struct Edge {
    std::string topic;
    int64_t parent, reply;
    std::string parent_stance, reply_stance;
  };
  std::vector<Edge> edges_;
};

Status Loader::Author(int64_t id, std::string* author) {
  Status status;
  body_.Bind(1, id);
  if (body_.Step(&status)) *author = Str(body_, 1);
  body_.Reset();
  return status;
}

TopicSummary* Loader::Topic(const std::string& name) {
  for (auto& t : s_->topics)
    if (t.name == name) return &t;
  return nullptr;
}

Status Loader::Lookups() {
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT c.body, a.name FROM comments c LEFT JOIN authors a ON a.id = c.author_id"
      " WHERE c.id = ?", &body_));
  return db_->Prepare(
      "SELECT e.start, e.end FROM evidence e JOIN topics t ON t.id = e.topic_id"
      " WHERE e.comment_id = ? AND t.name = ? AND e.pole = ?"
      " AND IFNULL(e.flags, '') NOT LIKE '%quoted%' AND IFNULL(e.flags, '') NOT LIKE"
      " '%inherited%' ORDER BY ABS(e.weight) DESC, e.id LIMIT 1", &span_);
}

Status Loader::Text(int64_t id, const std::string& topic, const std::string& pole,
                    CommentText* out) {
  out->id = id;
  Status status;
  body_.Bind(1, id);
  std::string body;
  if (body_.Step(&status)) {
    body = Str(body_, 0);
    out->author = Str(body_, 1);
  }
  body_.Reset();
  TL_RETURN_IF_ERROR(status);
  out->text = Shorten(body, lim_.text_cols);
  if (topic.empty()) return Status::Ok();
  span_.Bind(1, id);
  span_.Bind(2, topic);
  span_.Bind(3, pole);
  if (span_.Step(&status))
    out->text = SentenceAround(body, span_.Int(0), span_.Int(1), lim_.text_cols);
  span_.Reset();
  return status;
}

Status Loader::Header() {
  s_->thread_id = scope_.thread;
  s_->tool_version = THREADLENS_VERSION;
  if (!scope_.thread) return Status::Ok();
  Stmt st;
  TL_RETURN_IF_ERROR(db_->Prepare("SELECT title, url FROM threads WHERE id = ?", &st));
  st.Bind(1, scope_.thread);
  Status status;
  if (!st.Step(&status)) {
    TL_RETURN_IF_ERROR(status);
    auto n = db_->QueryInt("SELECT COUNT(*) FROM threads");
    return Status::Error(db_->path() + ": no thread " + std::to_string(scope_.thread) +
                         (n.ok() ? " (the store has " + std::to_string(*n) +
                                       " threads; list them with: threadlens query "
                                       "'SELECT id, title FROM threads')"
                                 : std::string()));
  }
  s_->title = Str(st, 0);
  s_->url = Str(st, 1);
  return Status::Ok();
}

Status Loader::Shape() {
  std::string threads = scope_.thread ? "(SELECT COUNT(*) FROM threads WHERE id = " +
                                            std::to_string(scope_.thread) + ")"
                                      : "(SELECT COUNT(*) FROM threads)";
  return Query("shape", "Size and shape",
               "SELECT COUNT(*) AS comments, " + threads +
                   " AS threads, COUNT(DISTINCT c.author_id) AS authors, COUNT(c.author_id),"
                   " COUNT(c.parent_id) AS replies, MAX(c.depth), ROUND(AVG(c.depth), 2),"
                   " COUNT(c.created_at), SUM(c.created_approx), COUNT(c.score) FROM comments c" +
                   scope_.Where(),
               [&](const Stmt& st) {
                 auto& sh = s_->shape;
                 sh.comments = st.Int(0);
                 sh.threads = st.Int(1);
                 sh.authors = st.Int(2);
                 sh.with_author = st.Int(3);
                 sh.replies = st.Int(4);
                 sh.max_depth = st.Int(5);
                 sh.mean_depth = st.Double(6);
                 sh.dated = st.Int(7);
                 sh.dated_approx = st.Int(8);
                 sh.scored = st.Int(9);
               });
}

Status Loader::Links() {
  return Query(
      "links", "How each comment was placed (reply link or top level) and how sure",
      "SELECT c.parent_id IS NULL AS top_level, c.parent_method AS method, COUNT(*) AS comments,"
      " SUM(c.parent_confidence >= 0.8) AS high, SUM(c.parent_confidence >= 0.5 AND"
      " c.parent_confidence < 0.8) AS medium, SUM(c.parent_confidence < 0.5) AS low FROM"
      " comments c" + scope_.Where() + " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
      [&](const Stmt& st) {
        s_->links.push_back(
            {st.Int(0) != 0, Str(st, 1), st.Int(2), st.Int(3), st.Int(4), st.Int(5)});
      });
}

Status Loader::MostAnswered() {
  std::vector<std::pair<int64_t, int64_t>> rows;
  TL_RETURN_IF_ERROR(Query(
      "most_answered", "Most answered comments",
      "SELECT c.parent_id AS comment, COUNT(*) AS replies FROM comments c WHERE c.parent_id IS"
      " NOT NULL" + scope_.And() + " GROUP BY c.parent_id ORDER BY replies DESC, comment LIMIT " +
          std::to_string(lim_.most_answered),
      [&](const Stmt& st) { rows.emplace_back(st.Int(0), st.Int(1)); }));
  for (auto [id, n] : rows) {
    Answered a;
    a.replies = n;
    TL_RETURN_IF_ERROR(Text(id, "", "", &a.comment));
    s_->most_answered.push_back(std::move(a));
  }
  return Status::Ok();
}

Status Loader::Depth() {
  return Query("depth", "Depth profile",
               "SELECT c.depth, COUNT(*) AS comments FROM comments c" + scope_.Where() +
                   " GROUP BY c.depth ORDER BY c.depth",
               [&](const Stmt& st) { s_->depth.emplace_back(st.Int(0), st.Int(1)); });
}

Status Loader::TopThreads() {
  if (scope_.thread || s_->shape.threads < 2) return Status::Ok();
  return Query("top_threads", "Largest threads",
               "SELECT c.thread_id, t.title, COUNT(*) AS comments FROM comments c JOIN threads t"
               " ON t.id = c.thread_id GROUP BY c.thread_id ORDER BY comments DESC, c.thread_id"
               " LIMIT " + std::to_string(lim_.top_threads),
               [&](const Stmt& st) {
                 s_->top_threads.push_back({st.Int(0), st.Int(2), Str(st, 1)});
               });
}

Status Loader::Topics() {
  TL_RETURN_IF_ERROR(Query(
      "topics", "Topics and their rules",
      "SELECT name, question, pole_a, pole_b, rules_sha256 FROM topics ORDER BY name",
      [&](const Stmt& st) {
        TopicSummary t;
        t.name = Str(st, 0);
        t.question = Str(st, 1);
        t.pole_a = Str(st, 2);
        t.pole_b = Str(st, 3);
        t.rules_sha256 = Str(st, 4);
        s_->topics.push_back(std::move(t));
      }));
  // Stances per side, and how many of them are weak (few or hedged cues).
  std::string join = scope_.thread ? " JOIN comments c ON c.id = s.comment_id" : "";
  return Query("topic_counts", "How many comments took each side (and how many weakly)",
               "SELECT t.name AS topic, s.stance, COUNT(*) AS comments, SUM(s.confidence < 0.5)"
               " AS weak FROM stances s JOIN topics t ON t.id = s.topic_id" + join +
                   scope_.Where() + " GROUP BY 1, 2 ORDER BY 1, 2",
               [&](const Stmt& st) {
                 if (TopicSummary* t = Topic(Str(st, 0))) t->counts[Str(st, 1)] = st.Int(2);
                 s_->provenance.stances += st.Int(2);
                 s_->provenance.stances_low += st.Int(3);
               });
}

Status Loader::Voices() {
  // Rows come most confident first per side; the first few per side are kept. (A per-group
  // LIMIT needs a window function, which makes the SQL shown twice as long for the same rows.)
  // The whole store needs no join with comments (wide rows, slow to scan); authors of the few
  // comments kept are looked up afterwards.
  std::string join = scope_.thread ? " JOIN comments c ON c.id = s.comment_id" : "";
  TL_RETURN_IF_ERROR(Query(
      "voices", "Who took each side (most confident first)",
      "SELECT t.name, s.stance, s.comment_id, s.confidence FROM stances s JOIN topics t ON t.id"
      " = s.topic_id" + join + " WHERE s.stance <> 'neutral'" + scope_.And() +
          " ORDER BY 1, 2, 4 DESC, 3",
      [&](const Stmt& st) {
        TopicSummary* t = Topic(Str(st, 0));
        if (!t) return;
        auto& list = t->voices[Str(st, 1)];
        if (static_cast<int>(list.size()) < lim_.voices_per_side)
          list.push_back({st.Int(2), "", st.Double(3)});
      }));
  for (auto& t : s_->topics)
    for (auto& [pole, list] : t.voices)
      for (Voice& v : list) TL_RETURN_IF_ERROR(Author(v.comment_id, &v.author));
  return Status::Ok();
}

Status Loader::Quotes() {
  struct Pick {
    TopicSummary* topic;
    std::string pole;
    QuoteText q;
    int64_t start, end;
  };
  std::vector<Pick> picks;
  std::set<std::pair<std::string, int64_t>> seen;  // (topic, comment): first cue only
  TL_RETURN_IF_ERROR(Query(
      "quotes", "Clearest quotes per side (own words: quoted and inherited cues excluded)",
      std::string("SELECT t.name, e.pole, e.comment_id, s.confidence, e.rule_id, e.start,"
                  " e.end FROM evidence e JOIN stances s ON s.comment_id = e.comment_id AND"
                  " s.topic_id = e.topic_id AND s.stance = e.pole JOIN topics t ON t.id ="
                  " e.topic_id") +
          (scope_.thread ? " JOIN comments c ON c.id = e.comment_id" : "") +
          " WHERE IFNULL(e.flags, '') NOT LIKE '%quoted%' AND IFNULL(e.flags, '') NOT LIKE"
          " '%inherited%'" + scope_.And() + " ORDER BY 1, 2, 4 DESC, 3, ABS(e.weight) DESC",
      [&](const Stmt& st) {
        // Best first per side; a comment's strongest cue comes first among its rows.
        TopicSummary* t = Topic(Str(st, 0));
        if (!t || !seen.insert({t->name, st.Int(2)}).second) return;
        std::string pole = Str(st, 1);
        auto& list = t->quotes[pole];
        if (static_cast<int>(list.size()) >= lim_.quotes_per_side) return;
        QuoteText q;
        q.comment_id = st.Int(2);
        q.confidence = st.Double(3);
        q.rule_id = Str(st, 4);
        list.push_back(q);  // text filled below, once the rows are read
        picks.push_back({t, pole, q, st.Int(5), st.Int(6)});
      }));
  // Bodies only for the quotes shown.
  for (Pick& p : picks) {
    for (QuoteText& q : p.topic->quotes[p.pole]) {
      if (q.comment_id != p.q.comment_id) continue;
      Status status;
      body_.Bind(1, q.comment_id);
      std::string body;
      if (body_.Step(&status)) {
        body = Str(body_, 0);
        q.author = Str(body_, 1);
      }
      body_.Reset();
      TL_RETURN_IF_ERROR(status);
      q.text = SentenceAround(body, p.start, p.end, lim_.quote_cols);
      q.brief = SentenceAround(body, p.start, p.end, lim_.brief_cols);
    }
  }
  return Status::Ok();
}

Status Loader::Contested() {
  TL_RETURN_IF_ERROR(Query(
      "contested", "Contested exchanges: replies on the opposite side of their parent",
      "SELECT t.name AS topic, c.parent_id AS parent, ps.stance AS parent_stance, c.id AS reply,"
      " cs.stance AS reply_stance, MIN(cs.confidence, ps.confidence) AS confidence FROM comments"
      " c JOIN stances cs ON cs.comment_id = c.id JOIN stances ps ON ps.comment_id = c.parent_id"
      " AND ps.topic_id = cs.topic_id JOIN topics t ON t.id = cs.topic_id WHERE cs.stance <>"
      " ps.stance AND cs.stance <> 'neutral' AND ps.stance <> 'neutral'" + scope_.And() +
          " ORDER BY confidence DESC, reply LIMIT " + std::to_string(lim_.contested_rows),
      [&](const Stmt& st) {
        edges_.push_back({Str(st, 0), st.Int(1), st.Int(3), Str(st, 2), Str(st, 4)});
        if (TopicSummary* t = Topic(Str(st, 0))) ++t->contested;
        // Exchanges to show are picked below; remember the confidence in order.
        Exchange x;
        x.topic = Str(st, 0);
        x.parent.id = st.Int(1);
        x.parent_stance = Str(st, 2);
        x.reply.id = st.Int(3);
        x.reply_stance = Str(st, 4);
        x.confidence = st.Double(5);
        s_->contested.push_back(std::move(x));
      }));
  s_->contested_total = static_cast<int64_t>(edges_.size());
  s_->contested_capped = s_->contested_total >= lim_.contested_rows;

  // Show the most confident exchanges, but no topic more than its share at first.
  std::vector<Exchange> all = std::move(s_->contested);
  s_->contested.clear();
  const size_t shown = static_cast<size_t>(std::max(0, lim_.contested_shown));
  const size_t per_topic = std::max<size_t>(2, shown / std::max<size_t>(1, s_->topics.size()));
  std::map<std::string, size_t> taken;
  std::vector<bool> used(all.size());
  for (size_t i = 0; i < all.size() && s_->contested.size() < shown; ++i) {
    if (taken[all[i].topic] >= per_topic) continue;
    ++taken[all[i].topic];
    used[i] = true;
    s_->contested.push_back(all[i]);
  }
  for (size_t i = 0; i < all.size() && s_->contested.size() < shown; ++i)
    if (!used[i]) s_->contested.push_back(all[i]);
  for (Exchange& x : s_->contested) {
    TL_RETURN_IF_ERROR(Text(x.parent.id, x.topic, x.parent_stance, &x.parent));
    TL_RETURN_IF_ERROR(Text(x.reply.id, x.topic, x.reply_stance, &x.reply));
  }

  // Back-and-forths: per topic, contested replies that share a comment form one run. Union-find
  // with path halving (iterative; the runs can be as deep as the thread).
  std::unordered_map<int64_t, int64_t> up;
  auto find = [&](int64_t x) {
    auto it = up.find(x);
    if (it == up.end()) {
      up[x] = x;
      return x;
    }
    while (up[x] != x) {
      up[x] = up[up[x]];
      x = up[x];
    }
    return x;
  };
  std::map<std::string, std::vector<const Edge*>> by_topic;
  for (const Edge& e : edges_) by_topic[e.topic].push_back(&e);
  for (auto& [topic, list] : by_topic) {
    up.clear();
    for (const Edge* e : list) {
      int64_t a = find(e->parent), b = find(e->reply);
      if (a != b) up[std::max(a, b)] = std::min(a, b);
    }
    std::map<int64_t, Chain> runs;
    std::map<int64_t, std::map<int64_t, std::string>> members;  // root -> id -> stance
    for (const Edge* e : list) {
      int64_t r = find(e->parent);
      Chain& c = runs[r];
      c.topic = topic;
      ++c.exchanges;
      members[r][e->parent] = e->parent_stance;
      members[r][e->reply] = e->reply_stance;
    }
    for (auto& [root, c] : runs) {
      if (c.exchanges < 2) continue;
      for (auto& [id, stance] : members[root]) {
        c.comments.push_back(id);
        c.stances.push_back(stance);
      }
      s_->chains.push_back(std::move(c));
    }
  }
  std::stable_sort(s_->chains.begin(), s_->chains.end(), [](const Chain& a, const Chain& b) {
    if (a.exchanges != b.exchanges) return a.exchanges > b.exchanges;
    return a.comments.front() < b.comments.front();
  });
  if (s_->chains.size() > static_cast<size_t>(std::max(0, lim_.chains_shown)))
    s_->chains.resize(static_cast<size_t>(std::max(0, lim_.chains_shown)));
  for (Chain& c : s_->chains) {
    for (int64_t id : c.comments) {
      CommentText t;
      TL_RETURN_IF_ERROR(Text(id, "", "", &t));
      c.authors.push_back(t.author);
    }
  }
  return Status::Ok();
}

Status Loader::Agreement() {
  std::string sql =
      scope_.thread
          ? "SELECT t.name AS topic, ps.stance AS parent_stance, cs.stance AS reply_stance,"
            " COUNT(*) AS n FROM comments c JOIN stances cs ON cs.comment_id = c.id JOIN stances"
            " ps ON ps.comment_id = c.parent_id AND ps.topic_id = cs.topic_id JOIN topics t ON"
            " t.id = cs.topic_id" + scope_.Where() +
                " GROUP BY t.name, ps.stance, cs.stance ORDER BY topic, parent_stance, reply_stance"
          : "SELECT topic, parent_stance, reply_stance, n FROM reply_stance ORDER BY topic,"
            " parent_stance, reply_stance";
  return Query("agreement", "Who answers whom: reply stance against parent stance", sql,
               [&](const Stmt& st) {
                 if (TopicSummary* t = Topic(Str(st, 0)))
                   t->agreement[{Str(st, 1), Str(st, 2)}] = st.Int(3);
               });
}

Status Loader::Provenance() {
  auto& p = s_->provenance;
  // Links: given = replies whose parent the dump named; repaired = named but broken (made top
  // level or re-attached); inferred = every other reply.
  for (const LinkMethod& m : s_->links) {
    if (m.top_level) p.top_level += m.comments;
    if (m.method == "repaired") p.links_repaired += m.comments;
    else if (!m.top_level && m.method == "explicit") p.links_given += m.comments;
    else if (!m.top_level) p.links_inferred += m.comments;
  }
  p.with_author = s_->shape.with_author;
  p.dated = s_->shape.dated;
  p.dated_approx = s_->shape.dated_approx;
  p.scored = s_->shape.scored;
  std::set<std::string> formats, versions;
  TL_RETURN_IF_ERROR(Query(
      "sources", "Dump formats and the threadlens versions that stored them",
      scope_.thread ? "SELECT DISTINCT s.format, s.tool_version FROM sources s JOIN threads t ON"
                      " t.source_id = s.id WHERE t.id = " + std::to_string(scope_.thread) +
                          " ORDER BY 1, 2"
                    : std::string("SELECT DISTINCT format, tool_version FROM sources ORDER BY 1, 2"),
      [&](const Stmt& st) {
        formats.insert(Str(st, 0));
        if (!st.IsNull(1)) versions.insert(Str(st, 1));
      }));
  p.formats.assign(formats.begin(), formats.end());
  p.tool_versions.assign(versions.begin(), versions.end());

  std::set<std::string> shas;
  for (const auto& t : s_->topics) shas.insert(t.rules_sha256);
  p.rules_sha256.assign(shas.begin(), shas.end());
  return Status::Ok();
}

Status Loader::Tree() {
  if (!lim_.load_tree) return Status::Ok();
  std::unordered_map<int64_t, size_t> index;
  TL_RETURN_IF_ERROR(Query(
      "tree", "Reply tree (document order)",
      "SELECT c.id, c.thread_id, c.parent_id, c.depth, a.name AS author, c.parent_method,"
      " c.parent_confidence, c.body FROM comments c LEFT JOIN authors a ON a.id = c.author_id" +
          scope_.Where() + " ORDER BY c.thread_id, c.position LIMIT " +
          std::to_string(lim_.tree_nodes + 1),
      [&](const Stmt& st) {
        if (static_cast<int>(s_->tree.size()) >= lim_.tree_nodes) {
          s_->tree_capped = true;
          return;
        }
        TreeNode n;
        n.id = st.Int(0);
        n.thread_id = st.Int(1);
        n.parent_id = st.IsNull(2) ? 0 : st.Int(2);
        n.depth = st.Int(3);
        n.author = Str(st, 4);
        n.method = Str(st, 5);
        n.confidence = st.Double(6);
        n.body = Shorten(st.Text(7), 600);
        index[n.id] = s_->tree.size();
        s_->tree.push_back(std::move(n));
      }));
  if (s_->tree.empty()) return Status::Ok();
  // Stances of the comments shown: one indexed lookup per comment id range.
  Stmt st;
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT s.comment_id, t.name, s.stance, s.confidence FROM stances s JOIN topics t ON t.id"
      " = s.topic_id WHERE s.comment_id = ?", &st));
  std::map<std::string, size_t> topic_index;
  for (size_t i = 0; i < s_->topics.size(); ++i) topic_index[s_->topics[i].name] = i;
  for (TreeNode& n : s_->tree) {
    st.Bind(1, n.id);
    Status status;
    while (st.Step(&status)) {
      auto it = topic_index.find(Str(st, 1));
      if (it == topic_index.end()) continue;
      n.stances.emplace_back(it->second, Str(st, 2));
      n.stance_confidence.push_back(st.Double(3));
    }
    st.Reset();
    TL_RETURN_IF_ERROR(status);
  }
  return Status::Ok();
}

void Loader::Caveats() {
  auto& c = s_->caveats;
  const auto& p = s_->provenance;
  if (p.stances == 0) {
    c.push_back("No stances are stored for these comments: the topic figures are empty.");
  } else {
    c.push_back(
        "Stances come from cue rules, not from reading: irony, sarcasm and long arguments are "
        "often missed. " + std::to_string(p.stances_low) + " of " + std::to_string(p.stances) +
        " stances are weak (confidence below 0.5).");
  }
  if (p.links_inferred > 0) {
    int64_t low = 0, top_low = 0;
    for (const auto& m : s_->links) {
      if (m.top_level) top_low += m.low;
      else if (m.method != "explicit" && m.method != "repaired") low += m.low;
    }
    c.push_back(std::to_string(p.links_inferred) +
                " reply links were inferred from the text (quotes, addressing, position), not "
                "given; " + std::to_string(low) + " of them have confidence below 0.5" +
                (top_low ? ", as have " + std::to_string(top_low) + " top-level placements."
                         : "."));
  }
  if (p.links_repaired > 0)
    c.push_back(std::to_string(p.links_repaired) +
                " given reply links were broken (missing parent, cycle) and repaired.");
  if (s_->shape.comments > 0 && p.with_author == 0)
    c.push_back("Authors are not recorded in this dump: sides are named by comment id.");
  for (const auto& f : p.formats)
    if (f == "text" || f == "html")
      c.push_back("Comment boundaries were inferred from page text (" + f + " dump).");
  if (p.rules_sha256.size() > 1)
    c.push_back("Topics were classified with different rule versions (see the sha256s).");
  if (s_->contested_capped)
    c.push_back("Only the first " + std::to_string(lim_.contested_rows) +
                " contested replies were read: that count is a lower bound.");
  if (s_->tree_capped)
    c.push_back("The reply tree shows the first " + std::to_string(lim_.tree_nodes) +
                " comments only.");
}

Status Loader::Run() {
  TL_RETURN_IF_ERROR(Header());
  TL_RETURN_IF_ERROR(Lookups());
  TL_RETURN_IF_ERROR(Shape());
  TL_RETURN_IF_ERROR(Links());
  TL_RETURN_IF_ERROR(MostAnswered());
  TL_RETURN_IF_ERROR(Depth());
  TL_RETURN_IF_ERROR(TopThreads());
  TL_RETURN_IF_ERROR(Topics());
  TL_RETURN_IF_ERROR(Voices());
  TL_RETURN_IF_ERROR(Quotes());
  TL_RETURN_IF_ERROR(Contested());
  TL_RETURN_IF_ERROR(Agreement());
  TL_RETURN_IF_ERROR(Provenance());
  TL_RETURN_IF_ERROR(Tree());
  Caveats();
  return Status::Ok();
}

}  // namespace

int64_t TopicSummary::on_topic() const {
  int64_t n = 0;
  for (const auto& [stance, c] : counts) n += c;
  return n;
}

int64_t TopicSummary::Count(const std::string& stance) const {
  auto it = counts.find(stance);
  return it == counts.end() ? 0 : it->second;
}

int64_t TopicSummary::Agree() const {
  int64_t n = 0;
  for (const auto& [k, v] : agreement)
    if (k.first == k.second && k.first != "neutral") n += v;
  return n;
}

int64_t TopicSummary::Oppose() const {
  int64_t n = 0;
  for (const auto& [k, v] : agreement)
    if (k.first != k.second && k.first != "neutral" && k.second != "neutral") n += v;
  return n;
}

int64_t TopicSummary::NeutralPairs() const {
  int64_t n = 0;
  for (const auto& [k, v] : agreement)
    if (k.first == "neutral" || k.second == "neutral") n += v;
  return n;
}

std::string Summary::Ref(const std::string& key) const {
  for (size_t i = 0; i < figures.size(); ++i)
    if (figures[i].key == key) return "q" + std::to_string(i + 1);
  return "";
}

const Figure* Summary::Find(const std::string& key) const {
  for (const auto& f : figures)
    if (f.key == key) return &f;
  return nullptr;
}

Status LoadSummary(store::Db* db, int64_t thread_id, const SummaryLimits& limits, Summary* out) {
  *out = Summary();
  Loader loader(db, thread_id, limits, out);
  return loader.Run();
}

}  // namespace threadlens::report
