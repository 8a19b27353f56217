// Battery (issue 8, part 2): the disk fills up, or the database may not be written. The error
// says which, names the database, exits 1, and leaves the database as it was.
//
// Disk full is a real full file system: a tmpfs just big enough for the seeded database (root
// can mount one; elsewhere the case is skipped with a warning saying so). Read-only cases run the
// binary as an unprivileged user when the tests run as root (root ignores file modes).
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "battery.h"
#include "dump_builders.h"

using namespace threadlens::testing;
namespace fs = std::filesystem;

namespace {

// A tmpfs of `bytes` at `dir`, unmounted when the object dies.
class SmallTmpfs {
 public:
  SmallTmpfs(const std::string& dir, size_t bytes) : dir_(dir) {
    fs::create_directories(dir);
    std::string opts = "size=" + std::to_string(bytes) + ",mode=0777";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0) mounted_ = true;
    else error_ = std::strerror(errno);
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  // Remounts read-only (EROFS for everyone, root included).
  bool MakeReadOnly() {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

// A Pushshift dump of `n` comments (a few MB for n = 20,000).
std::string BigDump(int n) {
  std::string s = PsPost("p1");
  for (int i = 0; i < n; ++i)
    s += PsComment("k" + std::to_string(i), i % 5 == 0 ? "t3_p1" : "t1_k" + std::to_string(i - 1),
                   "t3_p1", "the queue music again, number " + std::to_string(i));
  return s;
}

// Prefix that runs a command as `nobody` when we are root (so file modes apply), else nothing.
std::string AsUnprivileged() {
  return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
}

// RunThreadlens with the binary run through AsUnprivileged().
RunResult RunUnprivileged(const TempDir& dir, const std::string& args) {
  std::string out = dir.File("out"), err = dir.File("err");
  std::string cmd = AsUnprivileged() + Q(TL_BINARY) + " " + args + " </dev/null >" + Q(out) +
                    " 2>" + Q(err);
  int rc = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace

TEST_CASE("battery: a full disk fails the source with 'disk is full' and keeps the database",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb seeded(dir);
  std::string dump = dir.File("big.ndjson");
  WriteFile(dump, BigDump(20000));
  size_t db_bytes = static_cast<size_t>(fs::file_size(seeded.path()));
  SmallTmpfs full(dir.File("full"), db_bytes + 96 * 1024);
  if (!full.mounted()) {
    WARN("disk-full case skipped: cannot mount a tmpfs here (" << full.error()
         << "); run the suite as root to cover it");
    return;
  }
  std::string db = dir.File("full/battery.db");
  fs::copy_file(seeded.path(), db);
  auto before = DumpDb(db);
  auto r = RunThreadlens("ingest -q --db " + Q(db) + " --format pushshift " + Q(dump));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("disk is full") != std::string::npos);
  CHECK(r.err.find(db) != std::string::npos);
  CHECK(DumpDb(db) == before);
  CHECK(SeededDb::Text(db, "PRAGMA integrity_check") == "ok");
  CHECK(!fs::exists(db + "-journal"));

  SECTION("and once there is room, the same command stores the source") {
    fs::path moved = dir.File("roomy.db");
    fs::copy_file(db, moved);
    auto again = RunThreadlens("ingest -q --db " + Q(moved.string()) + " --format pushshift " +
                               Q(dump));
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(SeededDb::Count(moved.string(), "SELECT count(*) FROM comments WHERE ext_id GLOB "
                                          "'k*'") == 20000);
  }
}

TEST_CASE("battery: a full temp folder (spill files) fails with a clear error",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string dump = dir.File("big.ndjson");
  std::string s;
  for (int t = 0; t < 400; ++t)  // many threads, so spilling has to write them all out
    for (int i = 0; i < 20; ++i)
      s += PsComment("t" + std::to_string(t) + "c" + std::to_string(i), "t3_q" + std::to_string(t),
                     "t3_q" + std::to_string(t), "spilled text that fills a small disk quickly");
  WriteFile(dump, s);
  SmallTmpfs tmp(dir.File("tmp"), 64 * 1024);
  if (!tmp.mounted()) {
    WARN("full-temp-folder case skipped: cannot mount a tmpfs here (" << tmp.error() << ")");
    return;
  }
  auto before = DumpDb(db.path());
  auto r = RunThreadlens("ingest -q --db " + Q(db.path()) + " --format pushshift " + Q(dump),
                         "");
  // Without a small budget nothing spills: this run must succeed as a control...
  CHECK(r.exit_code == 0);
  SeededDb fresh(dir, "fresh.db");
  auto before_fresh = DumpDb(fresh.path());
  std::string cmd = "env TMPDIR=" + Q(dir.File("tmp")) + " THREADLENS_SPILL_BUDGET=4096 " +
                    Q(TL_BINARY) + " ingest -q --db " + Q(fresh.path()) +
                    " --format pushshift " + Q(dump) + " 2>" + Q(dir.File("err"));
  int rc = std::system(cmd.c_str());
  std::string err = ReadFile(dir.File("err"));
  INFO(err);
  REQUIRE(WIFEXITED(rc));
  CHECK(WEXITSTATUS(rc) == 1);
  CHECK(err.find(dump) != std::string::npos);
  CHECK((err.find("No space left") != std::string::npos ||
         err.find("disk is full") != std::string::npos));
  CHECK(DumpDb(fresh.path()) == before_fresh);
}

TEST_CASE("battery: a read-only database file or folder gives a clear error", "[e2e][battery]") {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);  // let `nobody` in when the suite runs as root
  SeededDb seeded(dir);
  std::string dump = dir.File("small.ndjson");
  WriteFile(dump, BigDump(50));
  ::chmod(dump.c_str(), 0644);

  SECTION("read-only file in a writable folder") {
    fs::create_directories(dir.File("rw"));
    ::chmod(dir.File("rw").c_str(), 0777);
    std::string db = dir.File("rw/ro.db");
    fs::copy_file(seeded.path(), db);
    ::chmod(db.c_str(), 0444);
    auto before = DumpDb(db);
    auto r = RunUnprivileged(dir, "ingest -q --db " + Q(db) + " " + Q(dump));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(db) != std::string::npos);
    CHECK(r.err.find("read-only") != std::string::npos);
    CHECK(DumpDb(db) == before);
  }
  SECTION("writable file in a read-only folder (no room for the journal)") {
    fs::create_directories(dir.File("ro"));
    std::string db = dir.File("ro/db.db");
    fs::copy_file(seeded.path(), db);
    ::chmod(db.c_str(), 0666);
    ::chmod(dir.File("ro").c_str(), 0555);
    auto before = DumpDb(db);
    auto r = RunUnprivileged(dir, "ingest -q --db " + Q(db) + " " + Q(dump));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(db) != std::string::npos);
    CHECK(r.err.find("read-only") != std::string::npos);
    CHECK(DumpDb(db) == before);
    ::chmod(dir.File("ro").c_str(), 0755);
  }
  SECTION("a new database in a read-only folder") {
    fs::create_directories(dir.File("ro2"));
    ::chmod(dir.File("ro2").c_str(), 0555);
    std::string db = dir.File("ro2/new.db");
    auto r = RunUnprivileged(dir, "ingest -q --db " + Q(db) + " " + Q(dump));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(db) != std::string::npos);
    CHECK(r.err.find("Permission denied") != std::string::npos);
    CHECK(!fs::exists(db));
    ::chmod(dir.File("ro2").c_str(), 0755);
  }
  SECTION("a read-only file system") {
    SmallTmpfs ro(dir.File("rofs"), 8 << 20);
    if (!ro.mounted()) {
      WARN("read-only file system case skipped: cannot mount a tmpfs (" << ro.error() << ")");
      return;
    }
    std::string db = dir.File("rofs/db.db");
    fs::copy_file(seeded.path(), db);
    REQUIRE(ro.MakeReadOnly());
    auto before = DumpDb(db);
    auto r = RunThreadlens("ingest -q --db " + Q(db) + " " + Q(dump));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(db) != std::string::npos);
    CHECK(r.err.find("read-only") != std::string::npos);
    CHECK(DumpDb(db) == before);
  }
  SECTION("queries still work on a read-only database") {
    std::string db = dir.File("q.db");
    fs::copy_file(seeded.path(), db);
    ::chmod(db.c_str(), 0444);
    auto r = RunUnprivileged(dir, "query --db " + Q(db) + " " +
                                      Q("SELECT count(*) AS n FROM comments"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(std::to_string(SeededDb::SeedComments())) != std::string::npos);
  }
}
