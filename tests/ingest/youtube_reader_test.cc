// YoutubeReader: youtube-comment-downloader lines.
#include "ingest/readers/youtube_reader.h"

#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kFixture = SourceDir() + "/fixtures/formats/youtube-downloader.ndjson";
}

TEST_CASE("youtube: display counts", "[unit]") {
  CHECK(ParseDisplayCount("17") == 17);
  CHECK(ParseDisplayCount("1.2K") == 1200);
  CHECK(ParseDisplayCount("1,2K") == 1200);
  CHECK(ParseDisplayCount("3M") == 3000000);
  CHECK(ParseDisplayCount("1,234") == 1234);
  CHECK(ParseDisplayCount("1,234,567") == 1234567);
  CHECK(ParseDisplayCount(" 15 ") == 15);
  CHECK_FALSE(ParseDisplayCount(""));
  CHECK_FALSE(ParseDisplayCount("lots"));
  CHECK_FALSE(ParseDisplayCount("1.2.3"));
}

TEST_CASE("youtube: fixture — reply ids give parents, times approximate, votes parsed",
          "[unit]") {
  ReadResult r = ReadPath("youtube", kFixture);
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  const Thread& t = r.threads[0];
  CHECK(t.platform == "youtube");
  CHECK(t.ext_id == "youtube-downloader");
  REQUIRE(t.comments.size() == 4);
  CHECK(r.Find("UgzTop1")->parent_ext_id.empty());
  CHECK(r.Find("UgzTop1.AAA")->parent_ext_id == "UgzTop1");
  CHECK(r.Find("UgzTop1.BBB")->parent_ext_id == "UgzTop1");
  CHECK(r.Find("UgzTop1")->score == 1200);
  CHECK(r.Find("UgzTop2")->score == 1234);
  CHECK(r.Find("UgzTop1.BBB")->score == 0);
  CHECK(r.Find("UgzTop1")->created_at == "2022-04-15T05:20:00Z");
  CHECK(r.Find("UgzTop1")->created_approx);
  CHECK(r.Find("UgzTop1")->author == "@first");
  CHECK(r.Find("UgzTop1")->author_ext_id == "UC1");
  // No time_parsed: "3 days ago" against the file's modification time.
  CHECK(r.Find("UgzTop2")->created_approx);
  CHECK_FALSE(r.Find("UgzTop2")->created_at.empty());
}

TEST_CASE("youtube: without a reference time a relative age stays unknown", "[unit]") {
  ReadResult r = ReadString("youtube", "-", R"({"cid":"a","text":"x","time":"3 days ago","votes":"1"})");
  REQUIRE(r.status.ok());
  REQUIRE(r.comments() == 1);
  CHECK(r.threads[0].comments[0].created_at.empty());
  CHECK_FALSE(r.threads[0].comments[0].created_approx);
}

TEST_CASE("youtube: bad lines follow the policy and name their line", "[unit]") {
  std::string doc = ReadFile(kFixture);
  doc += R"({"cid": "UgzBad", "text": 5, "votes": "1"})" "\n";
  doc += R"({"text": "no id", "votes": "1"})" "\n";
  doc += R"({"cid": "UgzBad2", "text": "x", "votes": "many"})" "\n";
  doc += "{\"cid\": \"cut\n";
  ReadResult lenient = ReadString("youtube", "y.ndjson", doc);
  REQUIRE(lenient.status.ok());
  CHECK(lenient.comments() == 4);
  REQUIRE(lenient.warnings.size() == 4);
  CHECK(lenient.warnings[0] == "y.ndjson:5: comment UgzBad: 'text' is a number, expected a string");
  CHECK(lenient.warnings[1] == "y.ndjson:6: no 'cid'");
  CHECK(lenient.warnings[2].rfind("y.ndjson:7: comment UgzBad2: 'votes' is \"many\"", 0) == 0);
  CHECK(lenient.warnings[3].rfind("y.ndjson:8: invalid JSON", 0) == 0);
  ReaderOptions strict;
  strict.policy = BadRecordPolicy::kStrict;
  ReadResult s = ReadString("youtube", "y.ndjson", doc, strict);
  CHECK_FALSE(s.status.ok());
  CHECK(s.threads.empty());
  TempDir dir;
  WriteFile(dir.File("y.ndjson"), doc);
  CheckBadSourceLeavesNothing(dir.path(), kFixture, dir.File("y.ndjson"), "youtube", true);
}
