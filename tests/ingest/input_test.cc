
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "compress_testing.h"
#include "ingest/input.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::Gzip;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;
using threadlens::testing::Zstd;

namespace {

std::vector<std::string> Lines(const std::string& path, Status* st) {
  auto in = Input::Open(path);
  REQUIRE(in.ok());
  std::vector<std::string> lines;
  std::string line;
  while ((*in)->ReadLine(&line, st)) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("Input reads plain, gzip and zstd alike, by content not name", "[ingest]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "line " + std::to_string(i) + "\r\n";
  text += "last line without newline";
  WriteFile(dir.File("plain.txt"), text);
  WriteFile(dir.File("packed.txt"), Gzip(text));  // misleading name on purpose
  WriteFile(dir.File("packed.bin"), Zstd(text));
  for (const char* name : {"plain.txt", "packed.txt", "packed.bin"}) {
    Status st;
    auto lines = Lines(dir.File(name), &st);
    INFO(name);
    REQUIRE(st.ok());
    REQUIRE(lines.size() == 50001);
    CHECK(lines[0] == "line 0");
    CHECK(lines[49999] == "line 49999");
    CHECK(lines.back() == "last line without newline");
  }
}

TEST_CASE("Input hashes the raw bytes, reading to the end if needed", "[ingest]") {
  TempDir dir;
  std::string gz = Gzip("hello\nworld\n");
  WriteFile(dir.File("a.gz"), gz);
  auto in = Input::Open(dir.File("a.gz"));
  REQUIRE(in.ok());
  CHECK(std::string((*in)->compression()) == "gzip");
  Status st;
  std::string sha = (*in)->Sha256Hex(&st);
  REQUIRE(st.ok());
  CHECK(sha == Sha256::Hex(gz));
  auto file_sha = HashFile(dir.File("a.gz"));
  REQUIRE(file_sha.ok());
  CHECK(*file_sha == sha);
}

TEST_CASE("Input reports truncated compressed data and missing files", "[ingest]") {
  TempDir dir;
  std::string text(200000, 'x');
  std::string z = Zstd(text);
  WriteFile(dir.File("cut.zst"), z.substr(0, z.size() / 2));
  Status st;
  Lines(dir.File("cut.zst"), &st);
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("cut.zst") != std::string::npos);

  std::string g = Gzip(text);
  WriteFile(dir.File("cut.gz"), g.substr(0, g.size() - 10));
  Status st2;
  Lines(dir.File("cut.gz"), &st2);
  CHECK_FALSE(st2.ok());

  auto missing = Input::Open(dir.File("nope.txt"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("nope.txt") != std::string::npos);
}

TEST_CASE("Input refuses a line longer than the limit, naming its line", "[ingest]") {
  TempDir dir;
  WriteFile(dir.File("long.txt"), "short\n" + std::string(5000, 'y') + "\n");
  auto in = Input::Open(dir.File("long.txt"));
  REQUIRE(in.ok());
  std::string line;
  Status st;
  REQUIRE((*in)->ReadLine(&line, &st, 1000));
  CHECK_FALSE((*in)->ReadLine(&line, &st, 1000));
  CHECK(st.message().find("long.txt:2") != std::string::npos);
}

TEST_CASE("an in-memory Input behaves like a file, compressed or not", "[ingest]") {
  std::string text = "a\nb\r\nc";
  for (const std::string& raw : {text, Gzip(text), Zstd(text)}) {
    auto in = Input::FromString("mem", raw);
    std::string line;
    Status st;
    std::vector<std::string> lines;
    while (in->ReadLine(&line, &st)) lines.push_back(line);
    REQUIRE(st.ok());
    CHECK(lines == std::vector<std::string>{"a", "b", "c"});
    CHECK(in->Sha256Hex(&st) == Sha256::Hex(raw));
  }
}
