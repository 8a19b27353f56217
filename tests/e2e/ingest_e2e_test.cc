// End-to-end: the built binary on the bundled sample and on bad input.
#include <catch2/catch.hpp>
#include <filesystem>

#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::ReadFile;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

namespace {

const std::string kSample = SourceDir() + "/fixtures/sample/call-centre-comments.txt";

int64_t Count(const std::string& db, const std::string& sql) {
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  auto v = st.db().QueryInt(sql);
  REQUIRE(v.ok());
  return *v;
}

}  // namespace

TEST_CASE("ingest stores the bundled sample -- re-ingesting is a no-op -- --force redoes it",
          "[e2e]") {
  TempDir dir;
  std::string db = dir.File("s.db");
  auto r = RunThreadlens("ingest --db '" + db + "' '" + kSample + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  int64_t comments = Count(db, "SELECT count(*) FROM comments");
  CHECK(comments >= 20);
  CHECK(Count(db, "SELECT count(*) FROM threads WHERE body LIKE 'Call centres across%'") == 1);
  CHECK(Count(db, "SELECT count(*) FROM comments WHERE body LIKE '%subscriber%' OR body LIKE "
                  "'Join the discussion%'") == 0);
  // No -journal or -wal left beside the file.
  CHECK(ReadFile(db + "-journal").empty());
  CHECK(ReadFile(db + "-wal").empty());

  std::string before = ReadFile(db);
  auto again = RunThreadlens("ingest --db '" + db + "' '" + kSample + "'");
  REQUIRE(again.exit_code == 0);
  CHECK(again.err.find("already ingested") != std::string::npos);
  CHECK(Count(db, "SELECT count(*) FROM comments") == comments);
  CHECK(Count(db, "SELECT count(*) FROM sources") == 1);

  auto forced = RunThreadlens("ingest --force --db '" + db + "' '" + kSample + "'");
  REQUIRE(forced.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM comments") == comments);
  CHECK(Count(db, "SELECT count(*) FROM sources") == 1);
  CHECK(Count(db, "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'spreadsheets'") >= 1);
}

TEST_CASE("ingest reads stdin, and the same bytes again from stdin change nothing", "[e2e]") {
  TempDir dir;
  std::string db = dir.File("s.db");
  std::string text = ReadFile(kSample);
  auto r = RunThreadlens("ingest --format text --db '" + db + "' -", text);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  int64_t n = Count(db, "SELECT count(*) FROM comments");
  CHECK(n >= 20);
  auto again = RunThreadlens("ingest --format text --db '" + db + "' -", text);
  REQUIRE(again.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM comments") == n);
  CHECK(Count(db, "SELECT count(*) FROM sources") == 1);
}

TEST_CASE("unreadable, empty and binary inputs are refused with nothing stored", "[e2e]") {
  TempDir dir;
  std::string db = dir.File("s.db");
  WriteFile(dir.File("empty.txt"), "");
  WriteFile(dir.File("blank.txt"), "\n   \n\t\n");
  std::string bin;
  for (int i = 0; i < 4096; ++i) bin += static_cast<char>((i * 37) & 0xff);
  WriteFile(dir.File("garbage.bin"), bin);
  for (const char* name : {"empty.txt", "blank.txt", "garbage.bin", "missing.txt"}) {
    INFO(name);
    auto r = RunThreadlens("ingest --db '" + db + "' '" + dir.File(name) + "'");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(name) != std::string::npos);
  }
  CHECK(Count(db, "SELECT count(*) FROM sources") == 0);
  CHECK(Count(db, "SELECT count(*) FROM comments") == 0);
}

TEST_CASE("a bad input among good ones fails the run but keeps the good sources", "[e2e]") {
  TempDir dir;
  std::string db = dir.File("s.db");
  auto r = RunThreadlens("ingest --db '" + db + "' '" + kSample + "' '" + dir.File("nope.txt") + "'");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("nope.txt") != std::string::npos);
  CHECK(Count(db, "SELECT count(*) FROM sources") == 1);
}

TEST_CASE("broken rules fail the run by file:line and leave no database, though the first input was being read",
          "[e2e]") {
  // The first input is read while the rules compile; a Pushshift dump is read whole before its
  // first thread. Rules that fail must stop that read and create no database file.
  TempDir dir;
  std::string rules = dir.File("rules");
  std::filesystem::copy(SourceDir() + "/rules", rules, std::filesystem::copy_options::recursive);
  std::string topic = ReadFile(rules + "/topics/hype.rules");
  REQUIRE_FALSE(topic.empty());
  WriteFile(rules + "/topics/hype.rules", topic + "\n[cue overhyped.broken]\nre: (unclosed\n");
  std::string dump;
  for (int i = 0; i < 200000; ++i)
    dump += "{\"id\":\"c" + std::to_string(i) + "\",\"link_id\":\"t3_" + std::to_string(i % 997) +
            "\",\"parent_id\":\"t3_" + std::to_string(i % 997) +
            "\",\"author\":\"a\",\"created_utc\":1700000000,\"body\":\"AI is a bubble, "
            "a long line of text to make the dump large enough to take a while to read.\"}\n";
  WriteFile(dir.File("big.ndjson"), dump);
  std::string db = dir.File("s.db");
  auto r = RunThreadlens("ingest --rules '" + rules + "' --db '" + db + "' '" +
                         dir.File("big.ndjson") + "'");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("hype.rules:") != std::string::npos);
  CHECK(r.err.find("overhyped.broken") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
  CHECK_FALSE(std::filesystem::exists(db + "-journal"));
}

TEST_CASE("usage errors exit 2 and every command's help ends with an example", "[e2e]") {
  CHECK(RunThreadlens("").exit_code == 2);
  CHECK(RunThreadlens("ingest").exit_code == 2);
  CHECK(RunThreadlens("frobnicate").exit_code == 2);
  for (const char* cmd : {"ingest", "query", "summary", "tree", "classify", "export", "merge",
                          "rules", "eval"}) {
    INFO(cmd);
    auto r = RunThreadlens(std::string(cmd) + " --help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Example:") != std::string::npos);
  }
}
