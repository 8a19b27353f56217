// End to end: the binary ingests the JSON/CSV fixtures by content, refuses bad input with a
// message naming the record, and round-trips a generated Pushshift month through zstd --long=31.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kDir = SourceDir() + "/fixtures/formats/";
bool Have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}
}  // namespace

TEST_CASE("ingest detects and stores every JSON/CSV fixture", "[e2e]") {
  TempDir dir;
  std::string db = dir.File("all.db");
  std::string args = "ingest --db '" + db + "'";
  for (const char* f : {"reddit-thread.json", "pushshift-month.ndjson", "hn-item.json",
                        "hn-search.json", "hn-firebase.ndjson", "ytapi-list.json",
                        "ytapi-threads.ndjson", "youtube-downloader.ndjson", "comments.csv",
                        "comments.tsv"})
    args += " '" + kDir + f + "'";
  auto r = RunThreadlens(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* fmt : {": reddit,", ": pushshift,", ": hn,", ": ytapi,", ": youtube,", ": csv,"})
    CHECK(r.err.find(fmt) != std::string::npos);
  CHECK(CountRows(db, "SELECT count(*) FROM sources") == 10);
  CHECK(CountRows(db, "SELECT count(DISTINCT format) FROM sources") == 6);
  CHECK(CountRows(db, "SELECT count(*) FROM comments WHERE parent_method = 'explicit'") > 20);
}

TEST_CASE("ingest --strict fails on a bad line and names it -- lenient stores the rest", "[e2e]") {
  TempDir dir;
  std::string doc = ReadFile(kDir + "pushshift-month.ndjson");
  doc.insert(doc.find('\n') + 1, "{\"id\": 3, \"link_id\": \"t3_p1\"}\n");
  WriteFile(dir.File("rc.ndjson"), doc);
  auto strict = RunThreadlens("ingest --strict --db '" + dir.File("s.db") + "' '" +
                              dir.File("rc.ndjson") + "'");
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("rc.ndjson:2: 'id' is a number, expected a string") != std::string::npos);
  CHECK(CountRows(dir.File("s.db"), "SELECT count(*) FROM sources") == 0);
  auto lenient = RunThreadlens("ingest --db '" + dir.File("l.db") + "' '" + dir.File("rc.ndjson") + "'");
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.err.find("warning: " + dir.File("rc.ndjson") + ":2:") != std::string::npos);
  CHECK(CountRows(dir.File("l.db"), "SELECT count(*) FROM comments") == 7);
}

TEST_CASE("ingest --format csv --map maps columns by name", "[e2e]") {
  TempDir dir;
  WriteFile(dir.File("x.csv"), "key;reply_of;words\n1;;hello there\n2;1;hi back\n");
  auto r = RunThreadlens("ingest --db '" + dir.File("m.db") + "' --format csv --map "
                         "'id=key,parent=reply_of,text=words' '" + dir.File("x.csv") + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(CountRows(dir.File("m.db"), "SELECT count(*) FROM comments WHERE depth = 1") == 1);
}

TEST_CASE("a generated Pushshift month round-trips through zstd --long=31 and the spill path",
          "[e2e]") {
  if (!Have("python3") || !Have("zstd")) {
    WARN("python3 or zstd not on PATH: skipped");
    return;
  }
  TempDir dir;
  const std::string gen = "python3 '" + SourceDir() + "/tools/gen_corpus.py' --comments 4000 "
                          "--seed 9 --submissions";
  REQUIRE(std::system((gen + " --out '" + dir.File("RC.ndjson") + "'").c_str()) == 0);
  REQUIRE(std::system((gen + " --zstd-long --out '" + dir.File("RC.ndjson.zst") + "'").c_str()) == 0);
  auto plain = RunThreadlens("ingest --db '" + dir.File("a.db") + "' '" + dir.File("RC.ndjson") + "'");
  INFO(plain.err);
  REQUIRE(plain.exit_code == 0);
  auto zst = RunThreadlens("ingest --db '" + dir.File("b.db") + "' '" + dir.File("RC.ndjson.zst") + "'");
  INFO(zst.err);
  REQUIRE(zst.exit_code == 0);
  setenv("THREADLENS_SPILL_BUDGET", "50000", 1);
  auto spilled = RunThreadlens("ingest --db '" + dir.File("c.db") + "' '" + dir.File("RC.ndjson.zst") + "'");
  unsetenv("THREADLENS_SPILL_BUDGET");
  REQUIRE(spilled.exit_code == 0);
  const std::string q =
      "SELECT count(*) || ':' || sum(depth) || ':' || count(DISTINCT thread_id) || ':' || "
      "sum(length(raw)) FROM comments";
  auto sig = [&](const std::string& db) {
    store::Db d;
    REQUIRE(store::Db::Open(db, store::Db::kReadOnly, &d).ok());
    store::Stmt s;
    REQUIRE(d.Prepare(q, &s).ok());
    Status st;
    REQUIRE(s.Step(&st));
    return std::string(s.Text(0));
  };
  const std::string a = sig(dir.File("a.db"));
  CHECK(a.rfind("0:", 0) != 0);
  CHECK(sig(dir.File("b.db")) == a);
  CHECK(sig(dir.File("c.db")) == a);
  CHECK(CountRows(dir.File("b.db"), "SELECT count(*) FROM sources WHERE compression = 'zstd'") == 1);
}
