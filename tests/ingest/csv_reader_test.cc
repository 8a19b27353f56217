// CsvReader: RFC 4180 parsing, column guessing and --map, grouping, bad records.
#include "ingest/readers/csv_reader.h"

#include <catch2/catch.hpp>

#include "reader_testing.h"
#include "testing.h"

using namespace threadlens;
using namespace threadlens::testing;

namespace {
const std::string kDir = SourceDir() + "/fixtures/formats/";
}

TEST_CASE("csv: line splitting and delimiter sniffing", "[unit]") {
  std::vector<std::string> f;
  CHECK(SplitCsvLine(R"(a,"b,c","d ""e""",,f)", ',', &f));
  CHECK(f == std::vector<std::string>{"a", "b,c", "d \"e\"", "", "f"});
  CHECK_FALSE(SplitCsvLine(R"(a,"open)", ',', &f));
  CHECK(SplitCsvLine(R"(x, "spaced quote" ,y)", ',', &f));
  CHECK(f[1] == "spaced quote ");
  CHECK(SplitCsvLine(R"(mid"quote,z)", ',', &f));
  CHECK(f[0] == "mid\"quote");
  CHECK(SniffDelimiter("id\ttext\tauthor") == '\t');
  CHECK(SniffDelimiter("id;text;\"a;b\"") == ';');
  CHECK(SniffDelimiter("\"a,b,c\"|text") == '|');
  CHECK(SniffDelimiter("plain text") == 0);
}

TEST_CASE("csv: fixture — quoted newlines, threads, sentinels, times and scores", "[unit]") {
  ReadResult r = ReadPath("csv", kDir + "comments.csv");
  REQUIRE(r.status.ok());
  CHECK(r.warnings.empty());
  REQUIRE(r.threads.size() == 2);
  const Thread& t1 = r.threads[0];
  CHECK(t1.ext_id == "t1");
  CHECK(t1.platform == "csv");
  CHECK(t1.parents_explicit);
  std::vector<std::string> links;
  for (const auto& c : t1.comments) links.push_back(c.ext_id + "<" + c.parent_ext_id);
  CHECK(links == std::vector<std::string>{"101<", "102<101", "103<102", "104<103"});  // 105 gone
  const Comment* c102 = r.Find("102");
  CHECK(c102->raw == "Multi-line\nreply with \"quotes\"");
  CHECK(c102->line_start == 3);
  CHECK(c102->line_end == 4);
  CHECK(c102->score == 1200);
  CHECK(c102->created_at == "2024-01-01T10:00:00Z");
  CHECK(r.Find("101")->raw == "Top level, with a comma");
  CHECK(r.Find("103")->HasFlag("placeholder"));
  CHECK(r.Find("104")->created_at == "2024-01-01T11:00:00Z");
  CHECK(r.Find("201")->parent_ext_id.empty());  // "0" is no comment's id: top level
  CHECK(r.Find("201")->created_at == "2024-01-02T09:00:00Z");
  CHECK_FALSE(r.Find("201")->score);
}

TEST_CASE("csv: TSV, one thread named after the file", "[unit]") {
  ReadResult r = ReadPath("csv", kDir + "comments.tsv");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK(r.threads[0].ext_id == "comments");
  REQUIRE(r.threads[0].comments.size() == 3);
  CHECK(r.Find("2")->raw == "quoted\tfield with tab");
  CHECK(r.Find("3")->parent_ext_id == "2");
  CHECK(r.Find("1")->author == "ann");
}

TEST_CASE("csv: --map names the columns -- errors name the header line", "[unit]") {
  const std::string doc = "key,reply_of,words,who\n1,,hello,a\n2,1,\"hi, there\",b\n";
  ReaderOptions o;
  ReadResult none = ReadString("csv", "m.csv", doc, o);
  CHECK_FALSE(none.status.ok());
  CHECK(none.status.message().rfind("m.csv:1: no text column (looked for text, body,", 0) == 0);
  CHECK(none.status.message().find("in header \"key,reply_of,words,who\"") != std::string::npos);
  o.csv_map = "id=key,parent=reply_of,text=words,author=who";
  ReadResult r = ReadString("csv", "m.csv", doc, o);
  REQUIRE(r.status.ok());
  REQUIRE(r.comments() == 2);
  CHECK(r.Find("2")->parent_ext_id == "1");
  CHECK(r.Find("2")->raw == "hi, there");
  CHECK(r.Find("2")->author == "b");
  o.csv_map = "text=nope";
  CHECK(ReadString("csv", "m.csv", doc, o).status.message() ==
        "m.csv:1: --map text=nope: no such column in header \"key,reply_of,words,who\"");
  o.csv_map = "colour=key";
  CHECK(ReadString("csv", "m.csv", doc, o).status.message().find("--map key 'colour'") !=
        std::string::npos);
}

TEST_CASE("csv: without a parent column the tree is left to inference", "[unit]") {
  ReadResult r = ReadString("csv", "flat.csv", "author,comment\na,first\nb,second\n");
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK_FALSE(r.threads[0].parents_explicit);
  CHECK(r.comments() == 2);
}

TEST_CASE("csv: bad records follow the policy -- an open quote does not eat the file silently",
          "[unit]") {
  const std::string doc =
      "id,parent,text\n1,,fine\n2,1,too,many\n3,1,\"ok\"\n4,3,\"never closed\n5,,after\n";
  ReadResult lenient = ReadString("csv", "b.csv", doc);
  REQUIRE(lenient.status.ok());
  REQUIRE(lenient.warnings.size() == 2);
  CHECK(lenient.warnings[0] == "b.csv:3: 4 fields, the header has 3");
  CHECK(lenient.warnings[1].rfind("b.csv:5: quoted field not closed before the end of the file", 0) == 0);
  CHECK(lenient.comments() == 2);
  ReaderOptions strict;
  strict.policy = BadRecordPolicy::kStrict;
  ReadResult s = ReadString("csv", "b.csv", doc, strict);
  CHECK_FALSE(s.status.ok());
  CHECK(s.status.message().rfind("b.csv:3: 4 fields", 0) == 0);
  TempDir dir;
  WriteFile(dir.File("b.csv"), doc);
  CheckBadSourceLeavesNothing(dir.path(), kDir + "comments.csv", dir.File("b.csv"), "csv", true);
  SourceReport rep;
  REQUIRE(Ingest(dir.File("y.db"), dir.File("b.csv"), "auto", false, &rep).ok());
  CHECK(rep.format == "csv");
  CHECK(rep.skipped == 2);
}
