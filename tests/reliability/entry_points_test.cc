// Battery (issue 8): bad input where it enters other than dumps — rule files (--rules DIR),
// gold files (eval --gold), SQL (query) and the command line itself. Each gives exit 1 (2 for
// usage) with a message naming the file and line or field, and leaves the database unchanged.
#include <catch2/catch.hpp>

#include <filesystem>

#include "battery.h"

using namespace threadlens::testing;
namespace fs = std::filesystem;

namespace {

// A copy of the built-in rules in dir/rules, with `file` (relative) replaced by `text`.
std::string RulesWith(const TempDir& dir, const std::string& file, const std::string& text) {
  std::string root = dir.File("rules");
  fs::remove_all(root);
  fs::copy(SourceDir() + "/rules", root, fs::copy_options::recursive);
  fs::create_directories(fs::path(root + "/" + file).parent_path());
  WriteFile(root + "/" + file, text);
  return root;
}

std::string Big(size_t bytes, const std::string& unit) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

}  // namespace

TEST_CASE("battery: hostile rule files fail 'rules check' and 'ingest --rules' by file:line",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string sample = SourceDir() + "/fixtures/sample/call-centre-comments.txt";
  std::string hype = ReadFile(SourceDir() + "/rules/topics/hype.rules");
  REQUIRE(!hype.empty());
  struct Case {
    const char* what;
    std::string file, text, needle;
  };
  const Case cases[] = {
      {"an empty topic file", "topics/empty.rules", "", "topics/empty.rules"},
      {"binary garbage", "topics/garbage.rules", RandomBytes(4096, 11), "topics/garbage.rules:"},
      {"a truncated section header", "topics/hype.rules", hype + "\n[cue overhyped.cut", "hype.rules:"},
      {"a file cut inside an entry's key", "topics/hype.rules", hype.substr(0, hype.size() / 2) + "\nwei",
       "hype.rules:"},
      {"invalid UTF-8 in a pattern", "topics/hype.rules",
       hype + "\n[cue overhyped.bad]\nweight: 1\nre: caf\xC3\x28 \xC0\xAF\nexample+: x\nexample-: y\n",
       "hype.rules:"},
      {"a NUL byte in a line", "topics/hype.rules", hype + std::string("\nwhy: a\0b\n", 10),
       "hype.rules:"},
      {"a 50 MB line", "page/huge.rules", "[drop huge]\nre: " + Big(size_t{50} << 20, "a|b") + "\n",
       "page/huge.rules:"},
      {"a pattern RE2 refuses", "page/bad.rules", "[drop bad]\nre: (unclosed\nexample+: x\n",
       "page/bad.rules:"},
      {"a 50 MB word list", "topics/hype.rules",
       hype + "\n[cue overhyped.many]\nweight: 1\nwords: " + Big(size_t{50} << 20, "hype, ") +
           "\nexample+: hype\nexample-: calm\n",
       ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      std::string rules = RulesWith(dir, c.file, c.text);
      auto check = RunThreadlens("rules check --rules " + Q(rules));
      INFO("rules check: " << check.err.substr(0, 1000));
      CHECK(check.exit_code <= 1);
      auto o = IngestInto(db.path(), "--rules " + Q(rules) + " " + Q(sample));
      if (check.exit_code == 1) {
        CHECK(check.err.find(c.needle) != std::string::npos);
        CheckFailedCleanly(o, {c.needle});
      } else {
        // Accepted (a huge but valid word list): then it must also ingest.
        INFO("ingest: " << o.run.err.substr(0, 1000));
        CHECK(o.run.exit_code == 0);
      }
    }
  }
}

TEST_CASE("battery: hostile gold files fail eval naming the file and field", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  auto gold = [](const std::string& comments, const std::string& extra = "") {
    return R"({"format":"gold/1",)" + extra + R"("comments":[)" + comments + "]}";
  };
  struct Case {
    const char* what;
    std::string text, needle;
  };
  const Case cases[] = {
      {"empty", "", "gold.json"},
      {"binary garbage", RandomBytes(3000, 12), "gold.json"},
      {"truncated", gold(R"({"id":"a","lines":[2,5]})").substr(0, 40), "gold.json"},
      {"not an object", "[1,2,3]", "format"},
      {"wrong format tag", R"({"format":"gold/9","comments":[]})", "format"},
      {"comments not an array", R"({"format":"gold/1","comments":{}})", "comments"},
      {"no comments", gold(""), "comments"},
      {"id not a string", gold(R"({"id":5,"lines":[2,5]})"), "comments[0].id"},
      {"lines missing", gold(R"({"id":"a"})"), "comments[0].lines"},
      {"lines wrong type", gold(R"({"id":"a","lines":"2-5"})"), "comments[0].lines"},
      {"lines reversed", gold(R"({"id":"a","lines":[5,2]})"), "comments[0].lines"},
      {"lines out of range", gold(R"({"id":"a","lines":[1,99999999999999]})"), "comments[0].lines"},
      {"lines negative", gold(R"({"id":"a","lines":[-3,2]})"), "comments[0].lines"},
      {"lines as floats", gold(R"({"id":"a","lines":[1.5,2]})"), "comments[0].lines"},
      {"duplicate ids", gold(R"({"id":"a","lines":[2,3]},{"id":"a","lines":[4,5]})"), "duplicate"},
      {"unknown parent", gold(R"({"id":"a","lines":[2,3],"parent":"zz"})"), "zz"},
      {"parent wrong type", gold(R"({"id":"a","lines":[2,3],"parent":7})"), "parent"},
      {"stance wrong type", gold(R"({"id":"a","lines":[2,3],"stance":{"hype":1}})"), "stance"},
      {"poles wrong", gold(R"({"id":"a","lines":[2,3]})", R"("topics":{"hype":{"poles":[1]}},)"),
       "poles"},
      {"repair wrong", gold(R"({"id":"a","lines":[2,3]})", R"("text_repair":[{"line":"x"}],)"),
       "text_repair[0]"},
      {"NUL bytes", std::string("{\"format\":\"gold/1\",\0\"comments\":[]}", 34), "gold.json"},
      {"invalid UTF-8", gold("{\"id\":\"a\xC0\xAF\",\"lines\":[2,3]}"), "gold.json"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      std::string file = dir.File("gold.json");
      WriteFile(file, c.text);
      std::string before = ReadFile(db.path());
      auto r = RunThreadlens("eval --db " + Q(db.path()) + " --gold " + Q(file));
      INFO(r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(file) != std::string::npos);
      CHECK(r.err.find(c.needle) != std::string::npos);
      CHECK(ReadFile(db.path()) == before);
    }
  }
  SECTION("odd but valid: cycles, self-parents and a 100,000-deep parent chain score") {
    std::string comments = R"({"id":"x","lines":[2,3],"parent":"y"},)"
                           R"({"id":"y","lines":[4,5],"parent":"x"},)"
                           R"({"id":"s","lines":[6,7],"parent":"s"})";
    for (int i = 0; i < 100000; ++i)
      comments += R"(,{"id":"d)" + std::to_string(i) + R"(","lines":[)" +
                  std::to_string(10 + i) + "," + std::to_string(10 + i) + "]" +
                  (i ? R"(,"parent":"d)" + std::to_string(i - 1) + "\"" : "") + "}";
    std::string file = dir.File("odd.json");
    WriteFile(file, gold(comments));
    auto r = RunThreadlens("eval --db " + Q(db.path()) + " --gold " + Q(file));
    INFO(r.err);
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("battery: SQL that writes, breaks or overflows is refused, the file is untouched",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  const std::string before = ReadFile(db.path());
  std::string deep(100000, '(');
  deep += "1" + std::string(100000, ')');
  const std::pair<const char*, std::string> cases[] = {
      {"syntax error", "SELEC * FROM comments"},
      {"unknown table", "SELECT * FROM nope"},
      {"a delete", "DELETE FROM comments"},
      {"a drop", "DROP TABLE comments"},
      {"an update", "UPDATE comments SET body = 'x'"},
      {"a write after a read", "SELECT 1; DELETE FROM comments"},
      {"a pragma that writes", "PRAGMA user_version = 99"},
      {"journal mode", "PRAGMA journal_mode = WAL"},
      {"vacuum into", "VACUUM INTO '" + dir.File("copy.db") + "'"},
      {"attach", "ATTACH '" + dir.File("other.db") + "' AS o; CREATE TABLE o.t(x)"},
      {"a too-big blob", "SELECT randomblob(2000000000)"},
      {"100,000 nested parentheses", "SELECT " + deep},
      {"a NUL byte", std::string("SELECT 1\0; DELETE FROM comments", 31)},  // once a hang
      {"invalid UTF-8", "SELECT '\xC0\xAF\xFF' AS x FROM nope"},
      {"empty", ""},
  };
  for (const auto& [what, sql] : cases) {
    DYNAMIC_SECTION(what) {
      std::string sql_file = dir.File("q.sql");
      WriteFile(sql_file, sql);
      auto r = RunThreadlens("query --db " + Q(db.path()) + " -", sql);
      INFO(r.err.substr(0, 1000));
      CHECK((r.exit_code == 1 || r.exit_code == 2));
      CHECK(!r.err.empty());
      CHECK(ReadFile(db.path()) == before);
      CHECK(!fs::exists(dir.File("copy.db")));
      CHECK(!fs::exists(db.path() + "-wal"));
    }
  }
}

TEST_CASE("battery: bad command lines fail with usage or a named error", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  const std::string sample = SourceDir() + "/fixtures/sample/call-centre-comments.txt";
  std::string garbage_db = dir.File("garbage.db");
  WriteFile(garbage_db, RandomBytes(10000, 13));
  std::string foreign_db = dir.File("foreign.db");
  {
    sqlite3* h = nullptr;
    sqlite3_open(foreign_db.c_str(), &h);
    sqlite3_exec(h, "CREATE TABLE mine(x); INSERT INTO mine VALUES(1);", nullptr, nullptr,
                 nullptr);
    sqlite3_close(h);
  }
  std::string newer_db = dir.File("newer.db");
  fs::copy_file(db.path(), newer_db);
  {
    sqlite3* h = nullptr;
    sqlite3_open(newer_db.c_str(), &h);
    sqlite3_exec(h, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
    sqlite3_close(h);
  }
  fs::create_directories(dir.File("a-folder"));
  struct Case {
    const char* what;
    std::string args;
    int exit_code;
    std::string needle;
    std::string untouched;  // a file that must keep its bytes
  };
  const Case cases[] = {
      {"no subcommand argument", "ingest", 2, "", ""},
      {"unknown subcommand", "frobnicate", 2, "", ""},
      {"unknown option", "ingest --frob " + Q(sample), 2, "frob", ""},
      {"jobs not a number", "ingest --jobs many " + Q(sample), 2, "jobs", ""},
      {"jobs huge", "ingest --jobs 100000 " + Q(sample), 2, "jobs", ""},
      {"jobs negative", "ingest --jobs -4 " + Q(sample), 2, "jobs", ""},
      {"shard malformed", "ingest --db " + Q(db.path()) + " --shard 3/2 " + Q(sample), 2,
       "shard", db.path()},
      {"unknown format", "ingest --db " + Q(db.path()) + " --format pdf " + Q(sample), 0, "pdf",
       db.path()},
      {"missing input", "ingest --db " + Q(db.path()) + " " + Q(dir.File("nope.txt")), 1,
       dir.File("nope.txt"), db.path()},
      {"input is a folder", "ingest --db " + Q(db.path()) + " " + Q(dir.File("a-folder")), 1,
       dir.File("a-folder"), db.path()},
      {"db is a folder", "ingest --db " + Q(dir.File("a-folder")) + " " + Q(sample), 1,
       dir.File("a-folder"), ""},
      {"db is garbage", "ingest --db " + Q(garbage_db) + " " + Q(sample), 1, garbage_db,
       garbage_db},
      {"db is someone else's", "ingest --db " + Q(foreign_db) + " " + Q(sample), 1,
       "not a threadlens database", foreign_db},
      {"db from a newer threadlens", "ingest --db " + Q(newer_db) + " " + Q(sample), 1, "newer",
       newer_db},
      {"query on garbage", "query --db " + Q(garbage_db) + " 'SELECT 1'", 1, garbage_db,
       garbage_db},
      {"summary on a missing db", "summary --db " + Q(dir.File("none.db")), 1,
       dir.File("none.db"), ""},
      {"rules dir missing", "ingest --db " + Q(db.path()) + " --rules " + Q(dir.File("norules")) +
           " " + Q(sample), 1, dir.File("norules"), db.path()},
      {"empty input name", "ingest --db " + Q(db.path()) + " ''", 1, "", db.path()},
      {"merge a garbage file", "merge " + Q(db.path()) + " " + Q(garbage_db), 1, garbage_db,
       db.path()},
      {"merge someone else's database", "merge " + Q(db.path()) + " " + Q(foreign_db), 1,
       foreign_db, db.path()},
      {"merge a newer database", "merge " + Q(db.path()) + " " + Q(newer_db), 1, newer_db,
       db.path()},
      {"merge a missing database", "merge " + Q(db.path()) + " " + Q(dir.File("none.db")), 1,
       dir.File("none.db"), db.path()},
      {"merge into a garbage file", "merge " + Q(garbage_db) + " " + Q(db.path()), 1, garbage_db,
       garbage_db},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      // A database must keep its rows; any other file its bytes.
      const bool is_db = !c.untouched.empty() && DumpDb(c.untouched).count("!error") == 0;
      std::string kept = c.untouched.empty() || is_db ? "" : ReadFile(c.untouched);
      DbDump kept_rows = is_db ? DumpDb(c.untouched) : DbDump();
      auto r = RunThreadlens(c.args);
      INFO(r.err.substr(0, 1000));
      if (c.exit_code == 0) CHECK((r.exit_code == 1 || r.exit_code == 2));
      else CHECK(r.exit_code == c.exit_code);
      CHECK(!r.err.empty());
      CHECK(r.err.find(c.needle) != std::string::npos);
      if (is_db) CHECK(DumpDb(c.untouched) == kept_rows);
      else if (!c.untouched.empty()) CHECK(ReadFile(c.untouched) == kept);
      CHECK(!fs::exists(dir.File("none.db")));
    }
  }
}

TEST_CASE("battery: hostile text that was stored comes out inert in every report",
          "[e2e][battery]") {
  TempDir dir;
  std::string db = dir.File("x.db");
  std::string dump = dir.File("hostile.ndjson");
  // Markup, terminal escapes (clear screen, colour, window title, bell) in title, author, body.
  WriteFile(dump,
            R"({"id":"p1","title":"<script>alert(1)</script> \u001b[2J title","selftext":"",)"
            R"("subreddit":"b","author":"op","created_utc":1700000000})"
            "\n"
            R"({"id":"a","parent_id":"t3_p1","link_id":"t3_p1","author":"<img src=x onerror=alert(2)>",)"
            R"("body":"<script>alert(3)</script> it is all hype \u001b[31mRED\u001b[0m \u0007 bell",)"
            R"("created_utc":1700000000})"
            "\n"
            R"({"id":"b","parent_id":"t1_a","link_id":"t3_p1","author":"x\u001b]0;pwned\u0007",)"
            R"("body":"fair point, the numbers are real","created_utc":1700000000})"
            "\n");
  auto in = RunThreadlens("ingest -q --db " + Q(db) + " " + Q(dump));
  INFO(in.err);
  REQUIRE(in.exit_code == 0);
  auto html = RunThreadlens("summary --db " + Q(db) + " --format html");
  INFO(html.err);
  CHECK(html.exit_code == 0);
  CHECK(html.out.find("<script>alert") == std::string::npos);
  CHECK(html.out.find("<img src=x") == std::string::npos);
  for (const char* cmd : {"summary --format md", "tree", "query 'SELECT * FROM comments'",
                          "export --format csv", "export --format graphml"}) {
    INFO(cmd);
    auto r = RunThreadlens(std::string(cmd) + " --db " + Q(db));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
  }
}
