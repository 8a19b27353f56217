// Battery (issue 8): sheer size — a 50 MB single line, and decompression bombs (a small .zst
// that expands to gigabytes). Each ends in bounded time and memory with either the data stored
// or an error naming the file; never a kill by the OOM killer, never a hang.
#include <catch2/catch.hpp>

#include <zstd.h>

#include "battery.h"
#include "dump_builders.h"
#include "process.h"

using namespace threadlens::testing;

namespace {

constexpr size_t k50MB = size_t{50} << 20;

// Peak memory allowed to one ingest in this file; sanitizer builds carry shadow memory and a
// quarantine on top.
long RssLimitKb() { return static_cast<long>((SlowFactor() > 1 ? 3072 : 1536) * 1024); }

// A zstd frame written by hand: `pairs` times (an RLE block of 128 KiB of `fill`, then a raw
// block of one byte `sep` unless sep is 0). 8 bytes of frame per 128 KiB of output: a ratio of
// about 16,000, the shape of a real decompression bomb.
std::string ZstdRleBomb(size_t pairs, char fill, char sep) {
  std::string f("\x28\xb5\x2f\xfd", 4);
  f += '\x00';  // frame header: no content size, no checksum, no dictionary
  f += '\x38';  // window descriptor: 2^17 bytes (one block)
  auto block = [&f](bool last, unsigned type, uint32_t size) {
    uint32_t h = (last ? 1u : 0u) | (type << 1) | (size << 3);
    f += static_cast<char>(h & 0xff);
    f += static_cast<char>((h >> 8) & 0xff);
    f += static_cast<char>((h >> 16) & 0xff);
  };
  for (size_t i = 0; i < pairs; ++i) {
    bool last = i + 1 == pairs;
    block(last && sep == 0, 1, 128 * 1024);  // RLE
    f += fill;
    if (sep != 0) {
      block(last, 0, 1);  // raw
      f += sep;
    }
  }
  return f;
}

// `line` repeated until `total` bytes, compressed by libzstd: a bomb made of valid records.
std::string ZstdRepeated(const std::string& line, size_t total) {
  std::string chunk;
  while (chunk.size() < (size_t{1} << 20)) chunk += line;
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
  std::string out, buf(ZSTD_CStreamOutSize(), '\0');
  for (size_t done = 0; done < total; done += chunk.size()) {
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
      ZSTD_compressStream2(c, &ob, &in, ZSTD_e_continue);
      out.append(buf.data(), ob.pos);
    }
  }
  for (;;) {
    ZSTD_inBuffer in{nullptr, 0, 0};
    ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
    size_t left = ZSTD_compressStream2(c, &ob, &in, ZSTD_e_end);
    out.append(buf.data(), ob.pos);
    if (left == 0) break;
  }
  ZSTD_freeCCtx(c);
  return out;
}

// Runs an ingest into a seeded database; checks it ended by itself within the limits.
ChildRun IngestMeasured(const SeededDb& db, const TempDir& dir,
                        const std::vector<std::string>& args, double seconds) {
  std::vector<std::string> full = {"ingest", "-q", "--db", db.path()};
  full.insert(full.end(), args.begin(), args.end());
  ChildRun r = RunMeasured(full, seconds * SlowFactor(), dir.File("stderr"));
  INFO(r.err.substr(0, 2000));
  CHECK(!r.timed_out);
  CHECK(r.exit_code <= 2);
  CHECK(r.max_rss_kb < RssLimitKb());
  return r;
}

}  // namespace

TEST_CASE("ZstdRleBomb makes a frame libzstd reads back", "[battery]") {
  std::string bomb = ZstdRleBomb(3, 'a', '\n');
  std::string out(3 * (128 * 1024 + 1), '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), bomb.data(), bomb.size());
  REQUIRE(!ZSTD_isError(n));
  CHECK(n == out.size());
  CHECK(out[128 * 1024] == '\n');
  CHECK(out[0] == 'a');
}

TEST_CASE("battery: a 50 MB single-line text dump", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("one-line.txt");
  {
    std::string words = "the call centre told me to wait again and again, ";
    std::string s;
    s.reserve(k50MB + words.size());
    while (s.size() < k50MB) s += words;
    WriteFile(file, s);
  }
  auto before = DumpDb(db.path());
  ChildRun r = IngestMeasured(db, dir, {file}, 300);
  INFO(r.err.substr(0, 2000));
  CHECK(r.err.find(file) != std::string::npos);
  if (r.exit_code == 0) {
    CheckRowsKept(before, DumpDb(db.path()));
  } else {
    CHECK(r.exit_code == 1);
    CHECK(DumpDb(db.path()) == before);
  }
}

TEST_CASE("battery: a 50 MB comment in one NDJSON line", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("big.ndjson");
  {
    std::string body;
    body.reserve(k50MB);
    while (body.size() < k50MB) body += "it is all hype and it will end in tears. ";
    WriteFile(file, PsPost("p1") + PsComment("big", "t3_p1", "t3_p1", body) +
                        PsComment("small", "t1_big"));
  }
  auto before = DumpDb(db.path());
  ChildRun r = IngestMeasured(db, dir, {"--format", "pushshift", file}, 300);
  INFO(r.err.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  CheckRowsKept(before, DumpDb(db.path()));
  CHECK(SeededDb::Count(db.path(), "SELECT length(body) FROM comments WHERE ext_id = 'big'") >=
        static_cast<int64_t>(k50MB) - 16);
  CHECK(SeededDb::Count(db.path(), "SELECT depth FROM comments WHERE ext_id = 'small'") == 1);
}

TEST_CASE("battery: a zstd bomb of text lines stops at the expansion limit", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("bomb.txt.zst");
  WriteFile(file, ZstdRleBomb(16384, 'a', '\n'));  // 128 KiB on disk, 2 GiB of lines
  auto before = DumpDb(db.path());
  ChildRun r = IngestMeasured(db, dir, {file}, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file) != std::string::npos);
  // The text reader's own limit (64 MiB a page) or the expansion limit, whichever comes first.
  CHECK((r.err.find("decompression bomb") != std::string::npos ||
         r.err.find("text dump larger than") != std::string::npos));
  CHECK(DumpDb(db.path()) == before);
}

TEST_CASE("battery: a zstd bomb that is one endless line", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("bomb-line.ndjson.zst");
  WriteFile(file, ZstdRleBomb(32768, 'x', 0));  // 4 GiB without a newline
  auto before = DumpDb(db.path());
  ChildRun r = IngestMeasured(db, dir, {"--format", "pushshift", file}, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file) != std::string::npos);
  CHECK(DumpDb(db.path()) == before);
}

TEST_CASE("battery: a zstd bomb of valid NDJSON records", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("RC_bomb.zst");
  WriteFile(file, ZstdRepeated(PsComment("same", "t3_p1"), size_t{512} << 20));
  INFO("compressed: " << ReadFile(file).size() << " bytes");
  auto before = DumpDb(db.path());
  ChildRun r = IngestMeasured(db, dir, {"--format", "pushshift", file}, 120);
  INFO(r.err.substr(0, 2000));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file) != std::string::npos);
  CHECK(r.err.find("decompression bomb") != std::string::npos);
  CHECK(DumpDb(db.path()) == before);
}

TEST_CASE("battery: a compressed dump of ordinary ratio is not mistaken for a bomb",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string s = PsPost("p1");
  for (int i = 0; i < 20000; ++i)
    s += PsComment("k" + std::to_string(i), i % 7 == 0 ? "t3_p1" : "t1_k" + std::to_string(i - 1),
                   "t3_p1", "comment number " + std::to_string(i * 7919 % 10007));
  std::string file = dir.File("RC_ok.zst");
  std::string z(ZSTD_compressBound(s.size()), '\0');
  z.resize(ZSTD_compress(z.data(), z.size(), s.data(), s.size(), 19));
  WriteFile(file, z);
  INFO("ratio " << static_cast<double>(s.size()) / static_cast<double>(z.size()));
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  CHECK(SeededDb::Count(db.path(), "SELECT count(*) FROM comments WHERE ext_id GLOB 'k*'") ==
        20000);
}
