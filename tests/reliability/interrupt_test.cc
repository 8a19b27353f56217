// Battery (issue 8, part 2): `kill -9` at any moment of an ingest. After each kill the database
// passes PRAGMA integrity_check and every source in it is complete (same comments as a clean
// ingest of that file) — a killed source is absent, never half there. Re-running the same
// command finishes the job, and the result equals a clean ingest: nothing duplicated.
//
// The input: four Pushshift NDJSON dumps, 40,000 lines in all (THREADLENS_KILL_LINES=200000
// gives longer runs to kill). Kill moments are drawn from a fixed seed across the length of a
// clean run, so a shorter run is killed at as many stages as a long one.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "battery.h"
#include "dump_builders.h"
#include "process.h"

using namespace threadlens::testing;

namespace {

int TotalLines() {
  const char* env = std::getenv("THREADLENS_KILL_LINES");
  int n = env && *env ? std::atoi(env) : 40000;
  return n < 400 ? 400 : n;
}

// File `f` of four: threads of 1 to 60 comments with branching replies.
std::string MakeDump(int f, int lines) {
  std::mt19937 rng(1000 + static_cast<unsigned>(f));
  std::string s;
  int made = 0, thread = 0;
  while (made < lines) {
    std::string link = "f" + std::to_string(f) + "p" + std::to_string(thread++);
    s += PsPost(link, "post " + link);
    ++made;
    int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n && made < lines; ++i, ++made) {
      std::string id = link + "c" + std::to_string(i);
      std::string parent =
          i == 0 || rng() % 4 == 0 ? "t3_" + link : "t1_" + link + "c" + std::to_string(rng() % i);
      s += PsComment(id, parent, "t3_" + link,
                     i % 3 ? "it is overhyped, a bubble" : "fair point, the numbers are real");
    }
  }
  return s;
}

// Every table except the time each source was stored (the one column two runs never share).
DbDump Comparable(const std::string& db) {
  DbDump d = DumpDb(db);
  d.erase("sources");
  d["sources*"] = {};
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h,
                     "SELECT quote(id)||','||quote(path)||','||quote(format)||','||quote(sha256)"
                     "||','||quote(bytes)||','||quote(skipped) FROM sources ORDER BY id",
                     -1, &st, nullptr);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    d["sources*"].emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return d;
}

// Comments per source path.
std::map<std::string, int64_t> CommentsPerSource(const std::string& db) {
  std::map<std::string, int64_t> out;
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h,
                     "SELECT s.path, (SELECT count(*) FROM comments c JOIN threads t ON "
                     "t.id = c.thread_id WHERE t.source_id = s.id) FROM sources s",
                     -1, &st, nullptr);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

// What any SQLite client does on its first read-write open after a crash: roll back the hot
// journal an interrupted write left. A kill while the schema is being created leaves one; the
// read-only handles of the checks below cannot roll it back and would see an unreadable file
// (threadlens's own read-only commands roll back first, store/db.cc).
void Recover(const std::string& db) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK)
    sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  sqlite3_close(h);
}

}  // namespace

TEST_CASE("battery: kill -9 during ingest leaves a sound database, re-running completes it",
          "[e2e][battery][kill]") {
  TempDir dir;
  const int total = TotalLines();
  std::vector<std::string> args = {"ingest", "-q", "--jobs", "2", "--db", ""};
  for (int f = 0; f < 4; ++f) {
    std::string path = dir.File("RC_part" + std::to_string(f) + ".ndjson");
    WriteFile(path, MakeDump(f, total / 4));
    args.push_back(path);
  }
  auto with_db = [&](const std::string& db) {
    auto a = args;
    a[5] = db;
    return a;
  };

  // The clean run: the reference, and how long an ingest takes here.
  std::string clean = dir.File("clean.db");
  ChildRun ref = RunMeasured(with_db(clean), 900 * SlowFactor(), dir.File("err"));
  INFO(ref.err);
  REQUIRE(ref.exit_code == 0);
  const auto clean_counts = CommentsPerSource(clean);
  REQUIRE(clean_counts.size() == 4);
  const DbDump clean_dump = Comparable(clean);

  // Kill moments: a few at the very start (opening, migrating), the rest spread over the first
  // half of a run, from a fixed seed. Each run resumes where the killed one stopped (complete
  // sources are skipped), so it is shorter than the clean run by up to the previous moment:
  // moments below half the clean run's time still fall inside it when the machine speeds up.
  std::mt19937 rng(20240608);
  std::vector<double> moments = {0.02, 0.15};
  std::uniform_real_distribution<double> spread(0.0, 0.45 * ref.seconds);
  for (int i = 0; i < 5; ++i) moments.push_back(spread(rng));
  std::sort(moments.begin(), moments.end());

  std::string db = dir.File("killed.db");
  int killed = 0;
  for (double at : moments) {
    INFO("kill after " << at << " s of a " << ref.seconds << " s run");
    pid_t pid = SpawnThreadlens(with_db(db), dir.File("kerr"));
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(at));
    ::kill(pid, SIGKILL);
    ChildRun r = WaitChild(pid, 60, dir.File("kerr"));
    if (r.exit_code == 128 + SIGKILL) ++killed;
    if (!std::filesystem::exists(db)) continue;  // killed before the file was created
    Recover(db);
    CHECK(SeededDb::Text(db, "PRAGMA integrity_check") == "ok");
    for (const auto& [path, n] : CommentsPerSource(db)) {
      INFO(path);
      REQUIRE(clean_counts.count(path) == 1);
      CHECK(n == clean_counts.at(path));  // complete, or not there at all
    }
  }
  INFO(killed << " of " << moments.size() << " kills landed");
  CHECK(killed >= 3);  // most moments fall inside the run

  // The same command finishes the job; a second re-run changes nothing.
  ChildRun done = RunMeasured(with_db(db), 900 * SlowFactor(), dir.File("derr"));
  INFO(done.err);
  REQUIRE(done.exit_code == 0);
  CHECK(SeededDb::Text(db, "PRAGMA integrity_check") == "ok");
  CHECK(CommentsPerSource(db) == clean_counts);
  CHECK(Comparable(db) == clean_dump);
  ChildRun again = RunMeasured(with_db(db), 300 * SlowFactor(), dir.File("aerr"));
  CHECK(again.exit_code == 0);
  CHECK(Occurrences(again.err, "already ingested") == 4);
  CHECK(Comparable(db) == clean_dump);
}
