// Auto-detection of the JSON and CSV formats by content, and its reasons when nothing fits.
#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

TEST_CASE("detection picks each JSON/CSV fixture's format by content", "[unit]") {
  const std::string dir = SourceDir() + "/fixtures/formats/";
  const std::vector<std::pair<std::string, std::string>> want = {
      {"reddit-thread.json", "reddit"},      {"pushshift-month.ndjson", "pushshift"},
      {"hn-item.json", "hn"},                {"hn-search.json", "hn"},
      {"hn-firebase.ndjson", "hn"},          {"ytapi-list.json", "ytapi"},
      {"ytapi-threads.ndjson", "ytapi"},     {"youtube-downloader.ndjson", "youtube"},
      {"comments.csv", "csv"},               {"comments.tsv", "csv"},
  };
  for (const auto& [file, format] : want) {
    INFO(file);
    std::string why;
    CHECK(Detect(dir + file, &why) == format);
    // Not by name: the same bytes under a neutral name detect the same.
    TempDir tmp;
    WriteFile(tmp.File("dump.bin"), ReadFile(dir + file));
    CHECK(Detect(tmp.File("dump.bin")) == format);
  }
}

TEST_CASE("JSON of no known shape is not claimed by any JSON reader, each says why", "[unit]") {
  TempDir tmp;
  WriteFile(tmp.File("x.json"), "{\"unrelated\": [1, 2, 3]}\n");
  std::string why;
  std::string got = Detect(tmp.File("x.json"), &why);
  CHECK(got != "reddit");
  CHECK(got != "pushshift");
  CHECK(got != "hn");
  CHECK(got != "ytapi");
  CHECK(got != "youtube");
  CHECK(got != "csv");
}

TEST_CASE("a CSV header without a text column is not taken for CSV", "[unit]") {
  TempDir tmp;
  WriteFile(tmp.File("n.csv"), "a,b,c\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\n1,2,3\n");
  std::string why;
  Detect(tmp.File("n.csv"), &why);
  CHECK(why.find("csv: no text/body/comment/message column in the header") != std::string::npos);
  CHECK(why.find("reddit: not JSON") != std::string::npos);
  CHECK(why.find("pushshift: the first line is not a JSON object") != std::string::npos);
}
