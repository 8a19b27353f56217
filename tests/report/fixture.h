// Synthetic stores for the report tests. Store::Open migrates an empty file; rows go in with
// plain SQL in the shapes the pipeline writes (schema/001_init.sql), so these tests depend on
// the schema only, not on the readers, tree inference or stance engine.
//
// SmallStore: two threads, 17 comments, 6 named authors and one anonymous comment, three topics
// (hype, fraud, labour) with stances, evidence (one span flagged 'quoted' that must never be
// shown as a quote) and quotes. The facts the tests rely on are listed in kSmall below.
// RandomStore: N comments in random trees with random stances, for scale and agreement tests.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace threadlens::testing {

inline void MustExec(store::Db& db, const std::string& sql) {
  Status st = db.Exec(sql);
  if (!st.ok()) throw std::runtime_error("fixture SQL failed: " + st.message() + "\n" + sql);
}

// Known facts about SmallStore, written out by hand (the tests compare against these too).
struct SmallFacts {
  int64_t comments = 17, thread1_comments = 14, threads = 2, authors = 6;
  int64_t thread1_contested = 7;  // 1-2, 2-3, 3-4 (hype); 5-6 (fraud); 7-8, 8-9, 9-10 (labour)
  int64_t thread1_max_depth = 3;
};
inline const SmallFacts kSmall;

inline std::string CreateSmallStore(const std::string& path) {
  store::Store s;
  Status st = store::Store::Open(path, store::Db::kReadWrite, &s);
  if (!st.ok()) throw std::runtime_error(st.message());
  store::Db& db = s.db();
  MustExec(db, R"sql(
BEGIN;
INSERT INTO sources(id, path, format, sha256, bytes, ingested_at, tool_version)
  VALUES (1, 'synthetic.txt', 'text', 'aa', 100, '2025-01-27T10:00:00Z', '0.1.0');
INSERT INTO threads(id, source_id, title, body) VALUES
  (1, 1, 'DeepSeek & the "AI bubble"', 'Article text.'),
  (2, 1, 'Second thread', 'Other article.');
INSERT INTO authors(id, name, platform) VALUES
  (1, 'alice', 'text'), (2, 'bob', 'text'), (3, 'carol', 'text'), (4, 'dave', 'text'),
  (5, 'erin', 'text'), (6, 'frank <f@x>', 'text');
INSERT INTO topics(id, name, question, pole_a, pole_b, rules_sha256) VALUES
  (1, 'fraud', 'Are the claims fraudulent or credible?', 'suspicious', 'credible', 'abc123'),
  (2, 'hype', 'Is AI hype or justified?', 'overhyped', 'justified', 'abc123'),
  (3, 'labour', 'Will AI eliminate jobs or will work adapt?', 'displacement', 'adaptation', 'abc123');
INSERT INTO comments(id, thread_id, parent_id, depth, position, path, author_id, body, raw,
                     parent_method, parent_confidence) VALUES
  (1, 1, NULL, 0, 0, '0000', 1, 'The valuations are absurd. This is a bubble and it will burst soon. Sell.', 'r', 'none', 1.0),
  (2, 1, 1, 1, 1, '0000.0000', 2, 'I disagree. AI is genuinely transformative and the investment is justified.', 'r', 'address', 0.9),
  (3, 1, 2, 2, 2, '0000.0000.0000', 1, 'Transformative? It is hype, pure and simple.', 'r', 'quote', 0.95),
  (4, 1, 3, 3, 3, '0000.0000.0000.0000', 3, 'You wrote "It is hype". Nvidia earnings are real money, and demand is real.', 'r', 'quote', 0.7),
  (5, 1, NULL, 0, 4, '0001', 4, 'Their cost claims are propaganda; they used smuggled chips.', 'r', 'none', 1.0),
  (6, 1, 5, 1, 5, '0001.0000', 5, 'The paper is public and people reproduced it. Credible.', 'r', 'adjacency', 0.4),
  (7, 1, NULL, 0, 6, '0002', 2, 'AI will wipe out millions of jobs within five years.', 'r', 'none', 1.0),
  (8, 1, 7, 1, 7, '0002.0000', 3, 'Work will shift; typists became something else.', 'r', 'opener', 0.6),
  (9, 1, 8, 2, 8, '0002.0000.0000', 1, 'Not this time: the jobs will simply vanish.', 'r', 'address', 0.85),
  (10, 1, 9, 3, 9, '0002.0000.0000.0000', 5, 'People always adapt.', 'r', 'adjacency', 0.3),
  (11, 1, 7, 1, 10, '0002.0001', 4, 'Agreed, displacement is coming.', 'r', 'opener', 0.8),
  (12, 1, NULL, 0, 11, '0003', 6, '<script>alert(''x'')</script> & nothing about the topics', 'r', 'none', 1.0),
  (13, 1, 12, 1, 12, '0003.0000', NULL, 'Meh.', 'r', 'adjacency', 0.5),
  (14, 1, 1, 1, 13, '0000.0001', 2, 'Bubble' || char(1) || ' talk again, as "they" say it is a bubble.', 'r', 'address', 0.7),
  (15, 2, NULL, 0, 0, '0000', 1, 'Hype everywhere.', 'r', 'none', 1.0),
  (16, 2, 15, 1, 1, '0000.0000', 2, 'Justified by the revenue.', 'r', 'explicit', 1.0),
  (17, 2, NULL, 0, 2, '0001', 3, 'Unrelated.', 'r', 'none', 1.0);
INSERT INTO stances(comment_id, topic_id, stance, score, confidence) VALUES
  (1, 2, 'overhyped', 2.0, 0.9),
  (2, 2, 'justified', -1.5, 0.8),
  (3, 2, 'overhyped', 1.2, 0.7),
  (4, 2, 'justified', -0.8, 0.6),
  (5, 1, 'suspicious', 1.8, 0.85),
  (6, 1, 'credible', -1.1, 0.75),
  (7, 3, 'displacement', 1.6, 0.8),
  (8, 3, 'adaptation', -1.0, 0.7),
  (9, 3, 'displacement', 0.9, 0.65),
  (10, 3, 'adaptation', -0.5, 0.5),
  (11, 3, 'displacement', 0.7, 0.6),
  (13, 2, 'neutral', 0.0, 0.2),
  (14, 2, 'overhyped', 0.5, 0.4),
  (15, 2, 'overhyped', 1.0, 0.6),
  (16, 2, 'justified', -1.0, 0.6);
-- Evidence spans are byte offsets in comments.body.
INSERT INTO evidence(comment_id, topic_id, rule_id, pole, weight, start, end, snippet, flags) VALUES
  (1, 2, 'hype.bubble', 'overhyped', 1.5, 37, 43, 'bubble', NULL),
  (1, 2, 'hype.absurd', 'overhyped', 0.5, 19, 25, 'absurd', NULL),
  (2, 2, 'hype.transformative', 'justified', -1.5, 28, 42, 'transformative', NULL),
  (3, 2, 'hype.hype', 'overhyped', 1.2, 22, 26, 'hype', NULL),
  (4, 2, 'hype.hype', 'overhyped', 2.0, 17, 21, 'hype', 'quoted'),
  (4, 2, 'hype.real', 'justified', -0.8, 44, 54, 'real money', NULL),
  (5, 1, 'fraud.propaganda', 'suspicious', 1.8, 22, 32, 'propaganda', NULL),
  (6, 1, 'fraud.reproduced', 'credible', -1.1, 31, 41, 'reproduced', NULL),
  (7, 3, 'labour.wipe', 'displacement', 1.6, 8, 16, 'wipe out', NULL),
  (8, 3, 'labour.shift', 'adaptation', -1.0, 10, 15, 'shift', NULL),
  (9, 3, 'labour.vanish', 'displacement', 0.9, 36, 42, 'vanish', NULL),
  (10, 3, 'labour.adapt', 'adaptation', -0.5, 14, 19, 'adapt', NULL),
  (11, 3, 'labour.displacement', 'displacement', 0.7, 8, 20, 'displacement', 'inherited'),
  (14, 2, 'hype.bubble', 'overhyped', 0.5, 42, 48, 'bubble', 'quoted'),
  (15, 2, 'hype.hype', 'overhyped', 1.0, 0, 4, 'Hype', NULL),
  (16, 2, 'hype.revenue', 'justified', -1.0, 17, 24, 'revenue', NULL);
INSERT INTO quotes(comment_id, quoted_comment_id, start, end, similarity) VALUES
  (3, 2, 0, 14, 1.0), (4, 3, 10, 21, 1.0);
INSERT INTO comments_fts(rowid, body) SELECT id, body FROM comments;
COMMIT;
)sql");
  return path;
}

// A random store: `threads` threads with `n` comments in all, each comment replying to a
// random earlier comment of its thread (or top level), random authors (some missing), and
// random stances with one evidence span each. Deterministic for a given seed.
inline void CreateRandomStore(const std::string& path, int n, int threads, unsigned seed = 7) {
  store::Store s;
  Status st = store::Store::Open(path, store::Db::kReadWrite, &s);
  if (!st.ok()) throw std::runtime_error(st.message());
  store::Db& db = s.db();
  std::mt19937 rng(seed);
  MustExec(db, "BEGIN");
  MustExec(db,
           "INSERT INTO sources(id, path, format, sha256, bytes, ingested_at) VALUES (1, 'gen',"
           " 'reddit', 'bb', 1, '2025-01-01T00:00:00Z');"
           "INSERT INTO topics(id, name, question, pole_a, pole_b, rules_sha256) VALUES"
           " (1, 'fraud', 'q', 'suspicious', 'credible', 'x'),"
           " (2, 'hype', 'q', 'overhyped', 'justified', 'x'),"
           " (3, 'labour', 'q', 'displacement', 'adaptation', 'x');");
  const int authors = std::max(2, n / 20);
  for (int a = 1; a <= authors; ++a)
    MustExec(db, "INSERT INTO authors(id, name, platform) VALUES (" + std::to_string(a) +
                     ", 'user" + std::to_string(a) + "', 'reddit')");
  for (int t = 1; t <= threads; ++t)
    MustExec(db, "INSERT INTO threads(id, source_id, title) VALUES (" + std::to_string(t) +
                     ", 1, 'Thread " + std::to_string(t) + "')");
  store::Stmt ins, stance, ev;
  auto check = [](const Status& x) {
    if (!x.ok()) throw std::runtime_error(x.message());
  };
  check(db.Prepare("INSERT INTO comments(id, thread_id, parent_id, depth, position, path,"
                   " author_id, body, raw, parent_method, parent_confidence, created_at, score)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", &ins));
  check(db.Prepare("INSERT INTO stances VALUES (?,?,?,?,?)", &stance));
  check(db.Prepare("INSERT INTO evidence(comment_id, topic_id, rule_id, pole, weight, start, end,"
                   " snippet, flags) VALUES (?,?,?,?,?,?,?,?,?)", &ev));
  const char* poles[4][2] = {{"", ""}, {"suspicious", "credible"}, {"overhyped", "justified"},
                             {"displacement", "adaptation"}};
  const char* methods[] = {"explicit", "quote", "address", "adjacency"};
  std::vector<std::vector<int>> by_thread(threads + 1);
  std::vector<int> depth(n + 1), pos_count(threads + 1);
  std::vector<std::string> paths(n + 1);
  std::vector<int> kids(n + 1);
  for (int id = 1; id <= n; ++id) {
    int t = 1 + static_cast<int>(rng() % threads);
    auto& list = by_thread[t];
    int parent = 0;
    if (!list.empty() && rng() % 10 < 7) parent = list[rng() % list.size()];
    int pos = pos_count[t]++;
    depth[id] = parent ? depth[parent] + 1 : 0;
    char buf[16];
    int sib = parent ? kids[parent]++ : kids[0]++;
    std::snprintf(buf, sizeof(buf), "%06d", sib);
    paths[id] = parent ? paths[parent] + "." + buf : std::string(buf);
    list.push_back(id);
    std::string body = "Comment " + std::to_string(id) + " says the bubble is about to burst. "
                       "Second sentence with more words here.";
    ins.Bind(1, id);
    ins.Bind(2, t);
    if (parent) ins.Bind(3, parent); else ins.BindNull(3);
    ins.Bind(4, depth[id]);
    ins.Bind(5, pos);
    ins.Bind(6, paths[id]);
    if (rng() % 10 == 0) ins.BindNull(7); else ins.Bind(7, static_cast<int64_t>(1 + rng() % authors));
    ins.Bind(8, body);
    ins.Bind(9, body);
    ins.Bind(10, parent ? methods[rng() % 4] : "none");
    ins.Bind(11, parent ? (rng() % 100) / 100.0 : 1.0);
    ins.Bind(12, "2025-01-01T00:00:00Z");
    ins.Bind(13, static_cast<int64_t>(rng() % 50));
    check(ins.Run());
    for (int topic = 1; topic <= 3; ++topic) {
      unsigned r = rng() % 10;
      if (r < 5) continue;  // off topic
      std::string st_name = r < 7 ? poles[topic][0] : r < 9 ? poles[topic][1] : "neutral";
      double conf = (rng() % 100) / 100.0;
      stance.Bind(1, id);
      stance.Bind(2, topic);
      stance.Bind(3, st_name);
      stance.Bind(4, r < 7 ? 1.0 : -1.0);
      stance.Bind(5, conf);
      check(stance.Run());
      if (st_name == "neutral") continue;
      ev.Bind(1, id);
      ev.Bind(2, topic);
      ev.Bind(3, "rule" + std::to_string(topic));
      ev.Bind(4, st_name);
      ev.Bind(5, r < 7 ? 1.0 : -1.0);
      ev.Bind(6, 30);
      ev.Bind(7, 36);
      ev.Bind(8, "bubble");
      if (rng() % 5 == 0) ev.Bind(9, "quoted"); else ev.BindNull(9);
      check(ev.Run());
    }
  }
  MustExec(db, "INSERT INTO comments_fts(rowid, body) SELECT id, body FROM comments; COMMIT;");
}

// First column of the first row of `sql`, on a read-only connection of its own.
inline int64_t SqlInt(const std::string& path, const std::string& sql) {
  store::Db db;
  Status st = store::Db::Open(path, store::Db::kReadOnly, &db);
  if (!st.ok()) throw std::runtime_error(st.message());
  auto v = db.QueryInt(sql);
  if (!v.ok()) throw std::runtime_error(v.status().message() + "\n" + sql);
  return *v;
}

}  // namespace threadlens::testing
