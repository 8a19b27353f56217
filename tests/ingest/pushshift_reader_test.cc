// PushshiftReader: the fixture, gzip/zstd round trips, the spill path, bad lines.
#include "ingest/readers/pushshift_reader.h"

#include <stdlib.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {

const std::string kFixture = SourceDir() + "/fixtures/formats/pushshift-month.ndjson";

// A month-like dump: `threads` threads, comments interleaved over the file, some submissions,
// some deleted comments, created_utc in all three spellings.
std::string MakeDump(int comments, int threads, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  std::vector<int> count(static_cast<size_t>(threads), 0);
  for (int t = 0; t < threads; t += 3)
    out += R"({"id":"s)" + std::to_string(t) + R"(","title":"Thread )" + std::to_string(t) +
           R"(","selftext":"","url":"https://example.com/)" + std::to_string(t) +
           R"(","created_utc":1700000000,"subreddit":"x"})" + "\n";
  for (int i = 0; i < comments; ++i) {
    int t = static_cast<int>(rng() % static_cast<uint32_t>(threads));
    int k = count[static_cast<size_t>(t)]++;
    std::string id = "c" + std::to_string(t) + "x" + std::to_string(k);
    std::string parent = k == 0 || rng() % 3 == 0
                             ? "t3_s" + std::to_string(t)
                             : "t1_c" + std::to_string(t) + "x" + std::to_string(rng() % k);
    std::string time = std::to_string(1700000000 + i);
    if (i % 3 == 1) time = "\"" + time + "\"";
    if (i % 3 == 2) time += ".5";
    bool gone = rng() % 20 == 0;
    out += R"({"id":")" + id + R"(","parent_id":")" + parent + R"(","link_id":"t3_s)" +
           std::to_string(t) + R"(","author":")" + (gone ? "[deleted]" : "u" + std::to_string(i % 97)) +
           R"(","body":")" + (gone ? std::string("[deleted]") : "comment " + std::to_string(i) + " \u2019 &amp; \\\"q\\\"") +
           R"(","created_utc":)" + time + R"(,"score":)" + std::to_string(static_cast<int>(rng() % 50) - 5) +
           R"(,"subreddit":"x"})" + "\n";
  }
  return out;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// zstd with a declared 2^31 window and long-distance matching, as the Pushshift archives use.
std::string ZstdLong(const std::string& data) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 31);
  ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1);
  std::string out(ZSTD_compressBound(data.size()) + 64, '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  // All input with e_continue first, so zstd never learns the size and keeps the 2^31 window.
  while (in.pos < in.size) REQUIRE_FALSE(ZSTD_isError(ZSTD_compressStream2(c, &ob, &in, ZSTD_e_continue)));
  ZSTD_inBuffer none{nullptr, 0, 0};
  size_t rc;
  do {
    rc = ZSTD_compressStream2(c, &ob, &none, ZSTD_e_end);
    REQUIRE_FALSE(ZSTD_isError(rc));
  } while (rc != 0);
  ZSTD_freeCCtx(c);
  out.resize(ob.pos);
  return out;
}

// Every comment as one comparable line, threads sorted by id (the spilled order differs).
std::vector<std::string> Canon(const ReadResult& r) {
  std::vector<std::string> rows;
  for (const auto& t : r.threads) {
    std::string head = t.ext_id + "|" + t.title + "|" + t.url + "|" + t.created_at;
    for (const auto& n : t.notes) head += "|" + n;
    rows.push_back(head);
    for (const auto& c : t.comments) {
      std::string row = t.ext_id + " " + c.ext_id + "<" + c.parent_ext_id + " " + c.author + " " +
                        c.created_at + " " + std::to_string(c.score.value_or(-999)) + " " +
                        c.raw + " L" + std::to_string(c.line_start);
      for (const auto& f : c.flags) row += " [" + f + "]";
      rows.push_back(row);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const std::string& a, const std::string& b) {
    return a.substr(0, a.find_first_of(" |")) < b.substr(0, b.find_first_of(" |"));
  });
  return rows;
}

}  // namespace

TEST_CASE("pushshift: fixture — threads by link_id, submissions as headers, deleted rules",
          "[unit]") {
  ReadResult r = ReadPath("pushshift", kFixture);
  REQUIRE(r.status.ok());
  CHECK(r.warnings.empty());
  REQUIRE(r.threads.size() == 3);
  const Thread& p1 = r.threads[0];
  CHECK(p1.ext_id == "p1");
  CHECK(p1.title == "Chips are the new oil");
  CHECK(p1.body_raw == "Discuss & argue.");
  CHECK(p1.created_at == "2024-01-01T00:00:00Z");
  std::vector<std::string> ids;
  for (const auto& c : p1.comments) ids.push_back(c.ext_id + "<" + c.parent_ext_id);
  CHECK(ids == std::vector<std::string>{"k1<", "k3<k1", "k4<k3", "k7<k4"});
  CHECK(r.Find("k3")->HasFlag("placeholder"));
  CHECK(r.Find("k1")->raw == "First! > not really");
  CHECK(r.Find("k1")->line_start == 2);
  CHECK(r.Find("k7")->raw == "Curly \u201cquotes\u201d and a link https://example.com/a?b=1&c=2");
  const Thread& p2 = r.threads[1];  // no submission row
  CHECK(p2.ext_id == "p2");
  CHECK(p2.title.empty());
  REQUIRE(p2.comments.size() == 1);  // k6 ([removed], no replies) dropped
  CHECK(r.Find("k2")->created_at == "2024-01-01T00:01:40Z");  // string created_utc
  CHECK(r.Find("k6") == nullptr);
  const Thread& p3 = r.threads[2];
  CHECK(p3.body_raw.empty());
  CHECK(r.HasNote("post text removed"));
}

TEST_CASE("pushshift: gzip, zstd (2^31 window) and spilled reads give the same rows",
          "[unit]") {
  const std::string plain = MakeDump(6000, 180, 11);
  ReadResult a = ReadString("pushshift", "rc.ndjson", plain);
  REQUIRE(a.status.ok());
  REQUIRE(a.threads.size() == 180);
  REQUIRE(a.comments() > 5000);
  const auto want = Canon(a);
  ReadResult gz = ReadString("pushshift", "rc.ndjson.gz", Gzip(plain));
  REQUIRE(gz.status.ok());
  CHECK(Canon(gz) == want);
  const std::string zst = ZstdLong(plain);
  ZSTD_frameHeader fh;
  REQUIRE(ZSTD_getFrameHeader(&fh, zst.data(), zst.size()) == 0);
  REQUIRE(fh.windowSize == (uint64_t{1} << 31));  // a decoder with the default limit refuses it
  ReadResult zs = ReadString("pushshift", "rc.ndjson.zst", zst);
  REQUIRE(zs.status.ok());
  CHECK(Canon(zs) == want);
  // Spilled: a tiny budget sends everything through the bucket files.
  for (size_t budget : {size_t{1} << 10, size_t{64} << 10}) {
    auto in = Input::FromString("rc.ndjson.zst", zst);
    PushshiftReader reader(in.get(), ReaderOptions{}, budget);
    ReadResult sp;
    Thread t;
    while (reader.Next(&t, &sp.status)) sp.threads.push_back(std::move(t));
    REQUIRE(sp.status.ok());
    CHECK(reader.spilled());
    CHECK(Canon(sp) == want);
  }
  // Same input, same order, every time.
  ReadResult again = ReadString("pushshift", "rc.ndjson", plain);
  REQUIRE(again.threads.size() == a.threads.size());
  for (size_t i = 0; i < a.threads.size(); ++i) CHECK(again.threads[i].ext_id == a.threads[i].ext_id);
}

TEST_CASE("pushshift: stored rows of plain, zstd and spilled ingests are equal", "[unit]") {
  TempDir dir;
  const std::string plain = MakeDump(1500, 40, 5);
  WriteFile(dir.File("RC_2024-01"), plain);
  WriteFile(dir.File("RC_2024-01.zst"), ZstdLong(plain));
  REQUIRE(Ingest(dir.File("a.db"), dir.File("RC_2024-01")).ok());
  REQUIRE(Ingest(dir.File("b.db"), dir.File("RC_2024-01.zst")).ok());
  setenv("THREADLENS_SPILL_BUDGET", "2000", 1);
  Status spilled = Ingest(dir.File("c.db"), dir.File("RC_2024-01.zst"));
  unsetenv("THREADLENS_SPILL_BUDGET");
  REQUIRE(spilled.ok());
  auto key = [](const StoredComment& c) {
    return c.thread + " " + c.ext_id + "<" + c.parent + " d" + std::to_string(c.depth) + " " +
           c.flags + " " + c.author + " " + c.created_at + " " + c.raw + " " + c.parent_method;
  };
  auto rows = [&](const std::string& db) {
    std::vector<std::string> out;
    for (const auto& c : Stored(db)) out.push_back(key(c));
    std::sort(out.begin(), out.end());
    return out;
  };
  auto a = rows(dir.File("a.db"));
  CHECK(a.size() > 1000);
  CHECK(rows(dir.File("b.db")) == a);
  CHECK(rows(dir.File("c.db")) == a);
  CHECK(CountRows(dir.File("c.db"), "SELECT count(*) FROM threads") == 40);
}

TEST_CASE("pushshift: bad lines are skipped with file:line, or fail the source when strict",
          "[unit]") {
  const std::string good = ReadFile(kFixture);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"id":"z1","parent_id":"t3_p1","link_id":"t3_p1","body":"cut)", "truncated"},
      {"not json at all", "unexpected 'n'"},
      {R"([1,2,3])", "a JSON array, expected one comment or submission object per line"},
      {R"({"id":"z2","parent_id":"t3_p1","body":"no link"})", "comment z2 has no 'link_id'"},
      {R"({"id":"z3","link_id":"t3_p1","body":"no parent"})", "comment z3 has no 'parent_id'"},
      {R"({"id":"z4","parent_id":"t3_p1","link_id":"t3_p1","body":42})",
       "'body' is a number, expected a string"},
      {R"({"id":"z5","parent_id":"t3_p1","link_id":"t3_p1","body":"x","created_utc":{}})",
       "'created_utc' is an object"},
      {R"({"parent_id":"t3_p1","link_id":"t3_p1","body":"no id"})", "no 'id'"},
      {R"({"id":"z6","score":3})", "neither a comment"},
  };
  for (const auto& [line, expect] : bad) {
    INFO(line);
    // The bad line goes third, so the message must say line 3.
    std::string doc = good.substr(0, good.find('\n', good.find('\n') + 1) + 1) + line + "\n" +
                      good.substr(good.find('\n', good.find('\n') + 1) + 1);
    ReadResult lenient = ReadString("pushshift", "rc.ndjson", doc);
    REQUIRE(lenient.status.ok());
    REQUIRE(lenient.warnings.size() == 1);
    CHECK(lenient.warnings[0].rfind("rc.ndjson:3: ", 0) == 0);
    CHECK(lenient.warnings[0].find(expect) != std::string::npos);
    CHECK(lenient.comments() == 7);  // every good row kept

    ReaderOptions strict;
    strict.policy = BadRecordPolicy::kStrict;
    ReadResult s = ReadString("pushshift", "rc.ndjson", doc, strict);
    CHECK_FALSE(s.status.ok());
    CHECK(s.status.message().rfind("rc.ndjson:3: ", 0) == 0);
    CHECK(s.threads.empty());

    TempDir dir;
    WriteFile(dir.File("rc.ndjson"), doc);
    SourceReport rep;
    std::string msg = CheckBadSourceLeavesNothing(dir.path(), SourceDir() + "/fixtures/formats/comments.csv",
                                                  dir.File("rc.ndjson"), "pushshift", true);
    CHECK(msg.rfind(dir.File("rc.ndjson") + ":3: ", 0) == 0);
    REQUIRE(Ingest(dir.File("l.db"), dir.File("rc.ndjson"), "pushshift", false, &rep).ok());
    CHECK(rep.skipped == 1);
    CHECK(CountRows(dir.File("l.db"), "SELECT skipped FROM sources") == 1);
  }
}

TEST_CASE("pushshift: a file of only bad lines stores nothing", "[unit]") {
  TempDir dir;
  WriteFile(dir.File("rc.ndjson"), "{\"id\":\"a\",\"link_id\":\"t3_x\"\n{broken\n");
  CheckBadSourceLeavesNothing(dir.path(), kFixture, dir.File("rc.ndjson"), "pushshift", false);
}
