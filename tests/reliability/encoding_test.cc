// Battery (issue 8): invalid UTF-8, overlong encodings and NUL bytes, in every reader family.
// They are repaired and counted (U+FFFD, controls dropped) or the record is named in a warning;
// what is stored is valid UTF-8 and never the character an overlong form pretends to be.
#include <catch2/catch.hpp>

#include "battery.h"
#include "dump_builders.h"

using namespace threadlens::testing;

namespace {

// Valid UTF-8: shortest forms only, no surrogates, nothing above U+10FFFF.
bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c < 0xC2 || c > 0xF4) return false;  // continuation, overlong 2-byte lead, > U+10FFFF
    size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    if (i + n >= s.size()) return false;  // cut off
    uint32_t cp = c & (0x3Fu >> n);
    for (size_t k = 1; k <= n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

// Every comment body stored by the newest source.
std::vector<std::string> NewBodies(const std::string& db) {
  std::vector<std::string> out;
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h,
                     "SELECT c.body FROM comments c JOIN threads t ON t.id = c.thread_id "
                     "WHERE t.source_id = (SELECT max(id) FROM sources) ORDER BY c.id",
                     -1, &st, nullptr);
  while (st && sqlite3_step(st) == SQLITE_ROW)
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_blob(st, 0)),
                     static_cast<size_t>(sqlite3_column_bytes(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

void CheckBodiesClean(const std::string& db) {
  auto bodies = NewBodies(db);
  CHECK(!bodies.empty());
  for (const auto& b : bodies) {
    INFO("body: " << b.substr(0, 200));
    CHECK(ValidUtf8(b));
    CHECK(b.find('\0') == std::string::npos);
    CHECK(b.find("../..") == std::string::npos);   // the overlong slashes stayed broken
    CHECK(b.find("<script") == std::string::npos);  // and the overlong '<' too
  }
}

// Hostile byte sequences, each inside ordinary words.
const std::string kHostile =
    "overlong slash ..\xC0\xAF..\xE0\x80\xAF..\xF0\x80\x80\xAF etc, overlong lt \xC0\xBCscript, "
    "overlong nul \xC0\x80 here, surrogate \xED\xA0\x80 and \xED\xBF\xBF, too high \xF4\x90\x80\x80 "
    "and \xF8\x88\x80\x80\x80, stray \x80\xBF continuation, \xFF\xFE bytes, cut \xE2\x82";

}  // namespace

TEST_CASE("ValidUtf8 (the battery's reference) rejects what it must", "[battery]") {
  CHECK(ValidUtf8("plain ascii"));
  CHECK(ValidUtf8("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80"));
  CHECK(!ValidUtf8("\xC0\xAF"));
  CHECK(!ValidUtf8("\xE0\x80\xAF"));
  CHECK(!ValidUtf8("\xED\xA0\x80"));
  CHECK(!ValidUtf8("\xF4\x90\x80\x80"));
  CHECK(!ValidUtf8("\xE2\x82"));
  CHECK(!ValidUtf8("\x80"));
}

TEST_CASE("battery: invalid UTF-8 and overlong forms in a text page are repaired and counted",
          "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string page = ReadFile(SourceDir() + "/fixtures/text/hackernews.txt");
  REQUIRE(!page.empty());
  // Put the hostile bytes into every comment line (every line longer than 40 bytes).
  std::string out, line;
  for (size_t i = 0, start = 0; i <= page.size(); ++i) {
    if (i < page.size() && page[i] != '\n') continue;
    line = page.substr(start, i - start);
    out += line.size() > 40 ? line + " " + kHostile : line;
    if (i < page.size()) out += '\n';
    start = i + 1;
  }
  std::string file = dir.File("hostile.txt");
  WriteFile(file, out);
  auto o = IngestInto(db.path(), Q(file));
  CheckStored(o, {});
  CheckBodiesClean(db.path());
  CHECK(SeededDb::Count(db.path(), "SELECT json_extract(repairs, '$.invalid_utf8') FROM sources "
                                   "WHERE id = (SELECT max(id) FROM sources)") > 0);
}

TEST_CASE("battery: NUL bytes in a text page are dropped and counted", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string page = ReadFile(SourceDir() + "/fixtures/text/wpdiscuz.txt");
  REQUIRE(!page.empty());
  for (size_t at = page.size() / 5; at < page.size(); at += page.size() / 5)
    page.insert(at, std::string("\0", 1));
  std::string file = dir.File("nul.txt");
  WriteFile(file, page);
  auto o = IngestInto(db.path(), "--format text " + Q(file));
  CheckStored(o, {});
  CheckBodiesClean(db.path());
  CHECK(SeededDb::Count(db.path(), "SELECT json_extract(repairs, '$.control_chars') FROM sources "
                                   "WHERE id = (SELECT max(id) FROM sources)") >= 4);
}

TEST_CASE("battery: invalid UTF-8, escaped NULs and raw NULs in NDJSON", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  std::string s = PsPost("p1");
  s += PsComment("u1", "t3_p1", "t3_p1", "raw bytes: " + kHostile);                // 2
  s += PsComment("u2", "t1_u1", "t3_p1", "escaped nul \\u0000 and \\u0001 here");    // 3
  s += PsComment("u3", "t1_u2", "t3_p1", "lone surrogate escape \\ud800 here");      // 4
  s += PsComment("u4", "t1_u3", "t3_p1", std::string("raw nul \0 in a string", 21));  // 5
  s += std::string("{\"id\":\"u5\",\0\"parent_id\":\"t3_p1\"}\n", 33);               // 6
  s += PsComment("u6", "t3_p1", "t3_p1", "fine");                                      // 7
  std::string file = dir.File("utf8.ndjson");
  WriteFile(file, s);
  auto o = IngestInto(db.path(), "--format pushshift " + Q(file));
  CheckStored(o, {});
  CheckBodiesClean(db.path());
  // Lines 2, 3 and 7 are repairable; 5 and 6 (raw control bytes are not JSON) may be skipped,
  // but then by line number.
  auto bodies = NewBodies(db.path());
  CHECK(bodies.size() + Occurrences(o.run.err, "warning: " + file + ":") == 6);
  CHECK(SeededDb::Count(db.path(), "SELECT count(*) FROM comments WHERE ext_id IN "
                                   "('u1', 'u2', 'u6')") == 3);
  CHECK(SeededDb::Count(db.path(), "SELECT json_extract(repairs, '$.invalid_utf8') FROM sources "
                                   "WHERE id = (SELECT max(id) FROM sources)") > 0);
}

TEST_CASE("battery: invalid UTF-8 and NULs in CSV, XML and HTML", "[e2e][battery]") {
  TempDir dir;
  SeededDb db(dir);
  SECTION("csv") {
    std::string file = dir.File("utf8.csv");
    WriteFile(file, "id,parent,text\n1,," + kHostile +
                        std::string("\n2,1,nul \0 inside\n3,1,fine\n", 27));
    auto o = IngestInto(db.path(), "--format csv " + Q(file));
    CheckStored(o, {});
    CheckBodiesClean(db.path());
    CHECK(NewBodies(db.path()).size() + Occurrences(o.run.err, "warning: " + file + ":") == 3);
  }
  SECTION("disqus: XML forbids these bytes, so the file fails naming its line") {
    std::string file = dir.File("utf8.xml");
    WriteFile(file, DisqusDoc(DisqusThread("1") + DisqusPost("10", "1") +
                              DisqusPost("11", "1", "10", kHostile)));
    auto o = IngestInto(db.path(), "--format disqus " + Q(file));
    if (o.run.exit_code == 0) {
      CheckStored(o, {});
      CheckBodiesClean(db.path());
    } else {
      CheckFailedCleanly(o, {file + ":5"});
    }
  }
  SECTION("html") {
    std::string page = ReadFile(SourceDir() + "/fixtures/formats/html-wordpress.html");
    size_t p = page.find("<p>", page.find("comment"));
    REQUIRE(p != std::string::npos);
    page.insert(p + 3, kHostile + std::string(" \0 ", 3));
    std::string file = dir.File("utf8.html");
    WriteFile(file, page);
    auto o = IngestInto(db.path(), "--format html " + Q(file));
    CheckStored(o, {});
    CheckBodiesClean(db.path());
  }
}
