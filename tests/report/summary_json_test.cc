// `threadlens summary --format json` against SQL computed here, independently of the report
// code (different formulations of the same questions, on the raw tables).
#include <simdjson.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "fixture.h"
#include "testing.h"

namespace threadlens {
namespace {

using testing::SqlInt;

int64_t Int(simdjson::dom::element e) {
  int64_t v = 0;
  REQUIRE(e.get_int64().get(v) == simdjson::SUCCESS);
  return v;
}

// Checks every number of the JSON summary of `scope` (a thread id, or 0) against SQL.
void CheckAgainstSql(const std::string& db, int64_t thread) {
  std::string args = "summary --db '" + db + "' --format json";
  if (thread) args += " --thread " + std::to_string(thread);
  auto r = testing::RunThreadlens(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);

  std::string in = thread ? " AND thread_id = " + std::to_string(thread) : "";
  std::string in_c = thread ? " AND c.thread_id = " + std::to_string(thread) : "";
  CHECK(Int(doc["comments"]) == SqlInt(db, "SELECT COUNT(*) FROM comments WHERE 1" + in));
  CHECK(Int(doc["threads"]) ==
        (thread ? 1 : SqlInt(db, "SELECT COUNT(*) FROM threads")));
  CHECK(Int(doc["authors"]) ==
        SqlInt(db, "SELECT COUNT(*) FROM (SELECT author_id FROM comments WHERE author_id IS NOT"
                   " NULL" + in + " GROUP BY author_id)"));
  CHECK(Int(doc["shape"]["replies"]) ==
        SqlInt(db, "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL" + in));
  CHECK(Int(doc["shape"]["max_depth"]) ==
        SqlInt(db, "SELECT depth FROM comments WHERE 1" + in + " ORDER BY depth DESC LIMIT 1"));
  double mean = 0;
  REQUIRE(doc["shape"]["mean_depth"].get_double().get(mean) == simdjson::SUCCESS);
  int64_t sum_depth = SqlInt(db, "SELECT TOTAL(depth) FROM comments WHERE 1" + in);
  int64_t n = SqlInt(db, "SELECT COUNT(*) FROM comments WHERE 1" + in);
  CHECK(mean == Approx(static_cast<double>(sum_depth) / n).margin(0.006));

  // Depth levels sum to the comments.
  int64_t levels = 0;
  for (auto lvl : doc["depth"]["levels"].get_array()) levels += Int(lvl["comments"]);
  CHECK(levels == n);

  // Most answered: the top count is the largest number of direct replies.
  auto most = doc["most_answered"].get_array();
  REQUIRE(most.size() > 0);
  CHECK(Int(most.at(0)["replies"]) ==
        SqlInt(db, "SELECT MAX(k) FROM (SELECT COUNT(*) AS k FROM comments WHERE parent_id IS"
                   " NOT NULL" + in + " GROUP BY parent_id)"));

  // Per topic and stance.
  simdjson::dom::object topics;
  REQUIRE(doc["topics"].get_object().get(topics) == simdjson::SUCCESS);
  CHECK(topics.size() == static_cast<size_t>(SqlInt(db, "SELECT COUNT(*) FROM topics")));
  int64_t contested_sum = 0;
  for (auto [name, topic] : topics) {
    std::string t(name);
    int64_t on = 0;
    for (auto [stance, count] : topic["counts"].get_object()) {
      int64_t want = SqlInt(db, "SELECT COUNT(*) FROM stances s, topics t, comments c WHERE"
                                " t.id = s.topic_id AND c.id = s.comment_id AND t.name = '" + t +
                                    "' AND s.stance = '" + std::string(stance) + "'" + in_c);
      INFO(t << " " << stance);
      CHECK(Int(count) == want);
      on += want;
    }
    CHECK(Int(topic["on_topic"]) == on);
    CHECK(Int(topic["off_topic"]) == n - on);
    // Contested replies of this topic: reply and parent on different non-neutral sides.
    int64_t contested = SqlInt(
        db, "SELECT COUNT(*) FROM comments c, stances r, stances p, topics t WHERE r.comment_id"
            " = c.id AND p.comment_id = c.parent_id AND r.topic_id = t.id AND p.topic_id = t.id"
            " AND t.name = '" + t + "' AND r.stance IN (t.pole_a, t.pole_b) AND p.stance IN"
            " (t.pole_a, t.pole_b) AND r.stance <> p.stance" + in_c);
    CHECK(Int(topic["contested"]) == contested);
    contested_sum += contested;
    int64_t agree = SqlInt(
        db, "SELECT COUNT(*) FROM comments c, stances r, stances p, topics t WHERE r.comment_id"
            " = c.id AND p.comment_id = c.parent_id AND r.topic_id = t.id AND p.topic_id = t.id"
            " AND t.name = '" + t + "' AND r.stance IN (t.pole_a, t.pole_b) AND r.stance ="
            " p.stance" + in_c);
    CHECK(Int(topic["agreement"]["agree"]) == agree);
    CHECK(Int(topic["agreement"]["oppose"]) == contested);
    // Every quote is from a comment that took that side and has an own (unquoted) cue for it.
    for (auto [pole, quotes] : topic["quotes"].get_object()) {
      for (auto q : quotes.get_array()) {
        int64_t id = Int(q["comment_id"]);
        CHECK(SqlInt(db, "SELECT COUNT(*) FROM evidence e, topics t, stances s WHERE t.id ="
                         " e.topic_id AND s.comment_id = e.comment_id AND s.topic_id = t.id"
                         " AND s.stance = e.pole AND t.name = '" + t + "' AND e.pole = '" +
                             std::string(pole) + "' AND e.comment_id = " + std::to_string(id) +
                             " AND (e.flags IS NULL OR e.flags NOT LIKE '%quoted%')") > 0);
        std::string_view text;
        REQUIRE(q["text"].get_string().get(text) == simdjson::SUCCESS);
        CHECK(!text.empty());
      }
    }
  }
  CHECK(Int(doc["contested_total"]) == contested_sum);

  // The SQL carried in the JSON runs and recomputes the numbers it sits next to.
  std::string_view shape_sql;
  REQUIRE(doc["shape"]["sql"].get_string().get(shape_sql) == simdjson::SUCCESS);
  CHECK(SqlInt(db, std::string(shape_sql)) == n);
  std::string_view sources_sql;
  REQUIRE(doc["methods"]["sql"]["sources"].get_string().get(sources_sql) == simdjson::SUCCESS);
  for (auto [key, sql] : doc["sql"].get_object()) {
    std::string_view s;
    REQUIRE(sql.get_string().get(s) == simdjson::SUCCESS);
    INFO(key << ": " << s);
    store::Db ro;
    REQUIRE(store::Db::Open(db, store::Db::kReadOnly, &ro).ok());
    store::Stmt st;
    CHECK(ro.Prepare(s, &st).ok());
  }
}

TEST_CASE("summary --format json agrees with SQL on a small store", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  CheckAgainstSql(db, 1);
  CheckAgainstSql(db, 0);
}

TEST_CASE("summary --format json agrees with SQL on a random 5,000-comment store",
          "[report][e2e]") {
  testing::TempDir dir;
  std::string db = dir.File("r.db");
  testing::CreateRandomStore(db, 5000, 4, 11);
  CheckAgainstSql(db, 0);
  CheckAgainstSql(db, 3);
}

TEST_CASE("summary: usage and input errors", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  auto bad_format = testing::RunThreadlens("summary --db '" + db + "' --format pdf");
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err.find("md, html or json") != std::string::npos);
  auto missing = testing::RunThreadlens("summary --db '" + db + "' --thread 42");
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no thread 42") != std::string::npos);
  auto no_db = testing::RunThreadlens("summary --db '" + dir.File("nope.db") + "'");
  CHECK(no_db.exit_code == 1);
  CHECK(no_db.err.find("nope.db") != std::string::npos);
  // -o writes the file whole, and nothing on stdout.
  auto to_file = testing::RunThreadlens("summary --db '" + db + "' --format json -o '" +
                                        dir.File("s.json") + "'");
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CHECK(testing::ReadFile(dir.File("s.json")).find("\"comments\":17") != std::string::npos);
  // A failing run leaves no file behind.
  auto failed = testing::RunThreadlens("summary --db '" + db + "' --thread 42 -o '" +
                                       dir.File("f.md") + "'");
  CHECK(failed.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(dir.File("f.md")));
}

}  // namespace
}  // namespace threadlens
