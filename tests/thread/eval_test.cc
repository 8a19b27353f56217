#include "thread/eval.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "store/db.h"
#include "testing.h"

using namespace threadlens;

namespace {

// A one-number field of a flat JSON object ("segment_f1": 0.9), or -1.
double Field(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return -1;
  at = json.find(':', at);
  return std::strtod(json.c_str() + at + 1, nullptr);
}

}  // namespace

TEST_CASE("gold files with errors are refused with file and field", "[thread][eval]") {
  testing::TempDir tmp;
  auto check = [&](const std::string& text, const std::string& needle) {
    std::string path = tmp.File("g.json");
    testing::WriteFile(path, text);
    auto g = eval::LoadGold(path);
    REQUIRE_FALSE(g.ok());
    INFO(g.status().message());
    CHECK(g.status().message().find(path) != std::string::npos);
    CHECK(g.status().message().find(needle) != std::string::npos);
  };
  check("{", "not valid JSON");
  check(R"({"format": "gold/2", "comments": []})", "format");
  check(R"({"format": "gold/1", "comments": [{"id": "a"}]})", "comments[0].lines");
  check(R"({"format": "gold/1", "comments": [{"id": "a", "lines": [5, 2]}]})", "bad line range");
  check(R"({"format": "gold/1", "comments": [{"id": "a", "lines": [1, 1], "parent": "zz"}]})",
        "unknown comment id");
  auto missing = eval::LoadGold(tmp.File("nope.json"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("nope.json") != std::string::npos);
}

TEST_CASE("eval scores a fixture end to end", "[thread][eval][e2e]") {
  testing::TempDir tmp;
  std::string dir = testing::SourceDir() + "/fixtures/";
  auto ing = testing::RunThreadlens("ingest --db '" + tmp.File("t.db") + "' '" + dir + "text/hackernews.txt'");
  REQUIRE(ing.exit_code == 0);
  auto ev = testing::RunThreadlens("eval --db '" + tmp.File("t.db") + "' --gold '" + dir +
                                   "gold/hackernews.gold.json' --format json");
  REQUIRE(ev.exit_code == 0);
  CHECK(Field(ev.out, "segment_f1") == Approx(1.0));
  CHECK(Field(ev.out, "parent_acc") == Approx(1.0));
  CHECK(Field(ev.out, "baseline_best") == Approx(0.667));
  auto text = testing::RunThreadlens("eval --db '" + tmp.File("t.db") + "' --gold '" + dir +
                                     "gold/hackernews.gold.json'");
  CHECK(text.out.find("parent_acc: 1  (6 of 6 high+medium edges)") != std::string::npos);
  // Links by method, and how far their confidences hold: all six right at 0.95.
  CHECK(text.out.find("parent_method.indent: 4 of 4 right (1), mean confidence 0.95\n") !=
        std::string::npos);
  CHECK(text.out.find("parent_method.none: 2 of 2 right (1)") != std::string::npos);
  CHECK(Field(ev.out, "parent_brier") == Approx(0.0025).margin(0.001));  // printed to 3 places
  // One indent link made wrong (comment 3 moved to the thread, its method kept): 3 of 4 right,
  // and the Brier score takes the 0.95 given to a wrong link, (5 x 0.05^2 + 0.95^2) / 6.
  {
    store::Db db;
    REQUIRE(store::Db::Open(tmp.File("t.db"), store::Db::kReadWrite, &db).ok());
    REQUIRE(db.Exec("UPDATE comments SET parent_id = NULL, depth = 0 WHERE position = 3").ok());
  }
  auto worse = testing::RunThreadlens("eval --db '" + tmp.File("t.db") + "' --gold '" + dir +
                                      "gold/hackernews.gold.json' --format json");
  REQUIRE(worse.exit_code == 0);
  CHECK(worse.out.find("\"indent\":{\"edges\":4,\"right\":3,\"mean_confidence\":0.95}") !=
        std::string::npos);
  CHECK(Field(worse.out, "parent_brier") == Approx((5 * 0.0025 + 0.9025) / 6).margin(0.001));
  CHECK(Field(worse.out, "parent_mean_confidence") == Approx(0.95));
  auto bad = testing::RunThreadlens("eval --db '" + tmp.File("t.db") + "' --gold '" + tmp.File("x.json") + "'");
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("x.json") != std::string::npos);
}

TEST_CASE("tree prints the indented tree with link methods", "[thread][tree][e2e]") {
  testing::TempDir tmp;
  std::string dir = testing::SourceDir() + "/fixtures/";
  REQUIRE(testing::RunThreadlens("ingest --db '" + tmp.File("t.db") + "' '" + dir + "text/hackernews.txt'")
              .exit_code == 0);
  auto tr = testing::RunThreadlens("tree --db '" + tmp.File("t.db") + "' --width 120");
  REQUIRE(tr.exit_code == 0);
  CHECK(tr.out.find("thread 1 (6 comments): Show HN") != std::string::npos);
  CHECK(tr.out.find("\n#0 quillon: Nice.") != std::string::npos);
  CHECK(tr.out.find("\n  #1 marrowfield: Each swap") != std::string::npos);
  CHECK(tr.out.find("\n    #2 quillon: A public overdue") != std::string::npos);
  CHECK(tr.out.find("(indent 0.95)") != std::string::npos);
  auto none = testing::RunThreadlens("tree --db '" + tmp.File("t.db") + "' --thread 99");
  CHECK(none.exit_code == 1);
}

TEST_CASE("seed: eval agrees with the shared scorer and meets the targets", "[thread][eval][e2e][shared]") {
  std::string shared = testing::SharedDir();
  if (shared.empty()) return;
  testing::TempDir tmp;
  std::string db = tmp.File("seed.db");
  std::string gold = shared + "/seed/unherd-deepseek-gold.json";
  REQUIRE(testing::RunThreadlens("ingest --db '" + db + "' '" + shared +
                                 "/seed/unherd-deepseek-comments.txt'").exit_code == 0);
  auto ev = testing::RunThreadlens("eval --db '" + db + "' --gold '" + gold + "' --format json");
  REQUIRE(ev.exit_code == 0);
  std::string py_out = tmp.File("py.json");
  std::string cmd = "python3 '" + shared + "/tools/score-against-gold.py' '" + db + "' '" + gold +
                    "' --json > '" + py_out + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string py = testing::ReadFile(py_out);
  for (const char* k : {"segment_f1", "parent_acc", "baseline_best", "gold_comments", "pred_comments"}) {
    INFO(k << "\nours: " << ev.out << "\npython: " << py);
    CHECK(Field(ev.out, k) == Approx(Field(py, k)).margin(0.0005));
  }
  for (const char* t : {"hype", "fraud", "labour"}) {
    size_t a = ev.out.find("\"" + std::string(t) + "\""), b = py.find("\"" + std::string(t) + "\"");
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    CHECK(std::strtod(ev.out.c_str() + ev.out.find(':', a) + 1, nullptr) ==
          Approx(std::strtod(py.c_str() + py.find(':', b) + 1, nullptr)).margin(0.0005));
  }
  WARN("seed: " << ev.out);
  CHECK(Field(ev.out, "segment_f1") >= 0.90);
  CHECK(Field(ev.out, "parent_acc") >= 0.90);
}
