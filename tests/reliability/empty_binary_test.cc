// Battery (issue 8): files with nothing to ingest — empty, blank, binary garbage, corrupt
// compression, no comments — fail with exit 1, a message naming the file, and no change to the
// database, whatever --format says.
#include <catch2/catch.hpp>

#include "battery.h"
#include "compress_testing.h"

using namespace threadlens::testing;

namespace {

const char* const kFormats[] = {"auto",  "text", "reddit", "pushshift", "hn",  "ytapi",
                                "youtube", "csv", "disqus", "wxr",       "html"};

}  // namespace

TEST_CASE("battery: an empty file fails under every format and changes nothing",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("empty.dump");
  WriteFile(file, "");
  for (const char* format : kFormats) {
    DYNAMIC_SECTION("--format " << format) {
      auto o = IngestInto(db.path(), std::string("--format ") + format + " " + Q(file));
      CheckFailedCleanly(o, {file, "empty"});
    }
  }
}

TEST_CASE("battery: empty compressed streams and blank files fail and change nothing",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  SECTION("an empty .gz") {
    std::string file = dir.File("empty.txt.gz");
    WriteFile(file, Gzip(""));
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file, "empty"});
  }
  SECTION("an empty .zst") {
    std::string file = dir.File("empty.txt.zst");
    WriteFile(file, Zstd(""));
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file, "empty"});
  }
  SECTION("only blank lines") {
    std::string file = dir.File("blank.txt");
    WriteFile(file, "\n   \n\t\n\r\n\n");
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file});
  }
  SECTION("only blank lines, as NDJSON") {
    std::string file = dir.File("blank.ndjson");
    WriteFile(file, "\n\n  \n");
    CheckFailedCleanly(IngestInto(db.path(), "--format pushshift " + Q(file)), {file});
  }
}

TEST_CASE("battery: binary garbage fails under every format and changes nothing",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string file = dir.File("garbage.bin");
  WriteFile(file, RandomBytes(256 * 1024, 8));
  for (const char* format : kFormats) {
    DYNAMIC_SECTION("--format " << format) {
      auto o = IngestInto(db.path(), std::string("--format ") + format + " " + Q(file));
      CheckFailedCleanly(o, {file});
    }
  }
  SECTION("auto-detection says why no format fits") {
    auto o = IngestInto(db.path(), Q(file));
    CheckFailedCleanly(o, {file, "cannot tell the format", "binary"});
  }
}

TEST_CASE("battery: garbage inside gzip and zstd, and corrupt compressed streams",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  SECTION("gzip of garbage") {
    std::string file = dir.File("garbage.gz");
    WriteFile(file, Gzip(RandomBytes(100000, 3)));
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file});
  }
  SECTION("zstd of garbage, read as text") {
    std::string file = dir.File("garbage.zst");
    WriteFile(file, Zstd(RandomBytes(100000, 4)));
    CheckFailedCleanly(IngestInto(db.path(), "--format text " + Q(file)), {file});
  }
  SECTION("a zstd magic number followed by garbage") {
    std::string file = dir.File("corrupt.zst");
    WriteFile(file, std::string("\x28\xb5\x2f\xfd", 4) + RandomBytes(5000, 5));
    CheckFailedCleanly(IngestInto(db.path(), "--format pushshift " + Q(file)),
                       {file, "zstd"});
  }
  SECTION("a gzip stream cut in half") {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a page\n";
    std::string gz = Gzip(text);
    std::string file = dir.File("cut.txt.gz");
    WriteFile(file, gz.substr(0, gz.size() / 2));
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file, "truncated gzip"});
  }
  SECTION("a zstd stream cut in half") {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a page\n";
    std::string zst = Zstd(text);
    std::string file = dir.File("cut.txt.zst");
    WriteFile(file, zst.substr(0, zst.size() / 2));
    CheckFailedCleanly(IngestInto(db.path(), Q(file)), {file, "truncated zstd"});
  }
}

TEST_CASE("battery: dumps that parse but hold no comments fail and change nothing",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  struct Case {
    const char* name;
    const char* format;
    std::string bytes;
  };
  const Case cases[] = {
      {"reddit-post-only.json", "reddit",
       R"([{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"p1","title":"T",)"
       R"("selftext":"","created_utc":1700000000,"subreddit":"x","author":"a"}}]}},)"
       R"({"kind":"Listing","data":{"children":[]}}])"},
      {"submission-only.ndjson", "pushshift",
       R"({"id":"p1","title":"Only a post","subreddit":"x","created_utc":1700000000})"
       "\n"},
      {"header-only.csv", "csv", "comment_id,parent_id,body\n"},
      {"threads-only.xml", "disqus",
       "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<disqus xmlns=\"http://disqus.com\" "
       "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n<thread dsq:id=\"1\"><link>"
       "https://example.com/a</link><title>A</title></thread>\n</disqus>\n"},
      {"story-only.ndjson", "hn",
       R"({"by":"p","id":1,"time":1700000000,"title":"Story","type":"story"})"
       "\n"},
      {"no-comments.html", "html",
       "<!DOCTYPE html><html><head><title>A page</title></head><body><p>Just an article, "
       "no comment section at all.</p></body></html>\n"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::string file = dir.File(c.name);
      WriteFile(file, c.bytes);
      auto o = IngestInto(db.path(), std::string("--format ") + c.format + " " + Q(file));
      CheckFailedCleanly(o, {file});
    }
  }
}
