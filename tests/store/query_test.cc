#include <catch2/catch.hpp>
#include <sstream>

#include "store/query.h"
#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::store;
using threadlens::testing::ReadFile;
using threadlens::testing::TempDir;

namespace {

std::string MakeDb(const TempDir& dir) {
  std::string path = dir.File("q.db");
  Store st;
  REQUIRE(Store::Open(path, Db::kReadWrite, &st).ok());
  REQUIRE(st.db()
              .Exec("INSERT INTO sources(id, path, format, sha256, bytes, ingested_at) "
                    "VALUES(1, 'x', 'text', 'abc', 1, 'now');"
                    "INSERT INTO threads(id, source_id, body) VALUES(1, 1, 'art');"
                    "INSERT INTO comments(id, thread_id, depth, position, path, body, raw,"
                    " parent_method, parent_confidence) VALUES"
                    " (1, 1, 0, 0, '10', 'plain', 'plain', 'none', 1),"
                    " (2, 1, 0, 1, '11', 'has, comma and \"quote\"', 'r', 'none', 1);")
              .ok());
  return path;
}

std::string Run(const std::string& db, const std::string& sql, OutputFormat f, Status* st) {
  std::ostringstream out;
  *st = RunQuery(db, sql, f, out);
  return out.str();
}

}  // namespace

TEST_CASE("query prints all five formats", "[store][query]") {
  TempDir dir;
  std::string db = MakeDb(dir);
  const std::string sql = "SELECT id, body, NULL AS n, 0.5 AS h FROM comments ORDER BY id";
  Status st;
  std::string table = Run(db, sql, OutputFormat::kTable, &st);
  REQUIRE(st.ok());
  CHECK(table.find("(2 rows)") != std::string::npos);
  CHECK(table.find("plain") != std::string::npos);

  std::string csv = Run(db, sql, OutputFormat::kCsv, &st);
  REQUIRE(st.ok());
  CHECK(csv == "id,body,n,h\r\n1,plain,,0.5\r\n2,\"has, comma and \"\"quote\"\"\",,0.5\r\n");

  std::string json = Run(db, sql, OutputFormat::kJson, &st);
  REQUIRE(st.ok());
  CHECK(json.find(R"({"id":1,"body":"plain","n":null,"h":0.5})") != std::string::npos);
  CHECK(json.find(R"("body":"has, comma and \"quote\"")") != std::string::npos);
  CHECK(json.front() == '[');

  std::string nd = Run(db, sql, OutputFormat::kNdjson, &st);
  REQUIRE(st.ok());
  CHECK(std::count(nd.begin(), nd.end(), '\n') == 2);
  CHECK(nd.rfind(R"({"id":1,)", 0) == 0);

  std::string md = Run(db, sql, OutputFormat::kMarkdown, &st);
  REQUIRE(st.ok());
  CHECK(md.rfind("| id  | body", 0) == 0);
  CHECK(md.find("| --- |") != std::string::npos);
}

TEST_CASE("query refuses writes, ATTACH and pragma changes, leaving the file unchanged",
          "[store][query]") {
  TempDir dir;
  std::string db = MakeDb(dir);
  const std::string before = ReadFile(db);
  const char* refused[] = {
      "DELETE FROM comments",
      "UPDATE comments SET body = 'x'",
      "DROP TABLE comments",
      "INSERT INTO sources(path, format, sha256, bytes, ingested_at) VALUES(1,1,1,1,1)",
      "ATTACH DATABASE 'other.db' AS o",
      "PRAGMA user_version = 7",
      "PRAGMA journal_mode = WAL",
      "CREATE TABLE t(x)",
      "VACUUM",
      "SELECT 1; DELETE FROM comments",  // a refusal anywhere stops the whole batch
      "CREATE TEMP VIEW v AS SELECT 1",
  };
  for (const char* sql : refused) {
    INFO(sql);
    Status st;
    std::string out = Run(db, sql, OutputFormat::kTable, &st);
    CHECK_FALSE(st.ok());
    CHECK(out.empty());
  }
  CHECK(ReadFile(db) == before);
  // Reading pragmas is fine.
  Status st;
  std::string out = Run(db, "PRAGMA user_version", OutputFormat::kCsv, &st);
  CHECK(st.ok());
  CHECK(out.find("user_version") != std::string::npos);
}

TEST_CASE("query on a missing database says so", "[store][query]") {
  TempDir dir;
  Status st;
  Run(dir.File("missing.db"), "SELECT 1", OutputFormat::kTable, &st);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message().find("missing.db") != std::string::npos);
}
