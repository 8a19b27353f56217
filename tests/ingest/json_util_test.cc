// json_util: syntax error location, JSON lines vs document, typed access, sniff helpers.
#include "ingest/readers/json_util.h"

#include <catch2/catch.hpp>
#include <random>

using namespace threadlens;
using namespace threadlens::jsonin;

TEST_CASE("FindSyntaxError accepts valid JSON and locates the first error", "[unit]") {
  CHECK_FALSE(FindSyntaxError(R"({"a": [1, -2.5e3, "x\"y\u00e9", true, null, {}], "b": {}})"));
  CHECK_FALSE(FindSyntaxError(" [ ] "));
  auto e = FindSyntaxError(R"({"a": [1, 2)");
  REQUIRE(e);
  CHECK(e->offset == 11);
  CHECK(e->what.find("array opened at byte 6") != std::string::npos);
  e = FindSyntaxError(R"({"a" 1})");
  REQUIRE(e);
  CHECK(e->offset == 5);
  e = FindSyntaxError(R"({"a": tru)");
  REQUIRE(e);
  CHECK(e->what.find("truncated") != std::string::npos);
  e = FindSyntaxError(R"([1,]x)");
  REQUIRE(e);
  CHECK(e->offset == 3);
  e = FindSyntaxError("{\"a\": \"line\nbreak\"}");
  REQUIRE(e);
  CHECK(e->what.find("control character") != std::string::npos);
  CHECK(FindSyntaxError("{} {}"));
  CHECK(FindSyntaxError(""));
  CHECK(FindSyntaxError("01"));
}

TEST_CASE("FindSyntaxError agrees with simdjson on random mutations of a document", "[unit]") {
  const std::string good =
      R"({"kind":"Listing","data":{"children":[{"id":"a1","score":-3,"x":[1.5e2,true,null],"s":"q\"\\"}]}})";
  std::mt19937 rng(42);
  simdjson::dom::parser parser;
  const std::string alphabet = "{}[]:,\"\\ 0-.eatrufnl";
  for (int round = 0; round < 3000; ++round) {
    std::string doc = good;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      size_t pos = rng() % doc.size();
      switch (rng() % 3) {
        case 0: doc.erase(pos, 1); break;
        case 1: doc.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
        default: doc[pos] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    simdjson::padded_string p(doc);
    simdjson::dom::element e;
    bool simd_ok = parser.parse(p).get(e) == simdjson::SUCCESS;
    bool ours_ok = !FindSyntaxError(doc);
    INFO(doc);
    CHECK(simd_ok == ours_ok);
  }
}

TEST_CASE("DescribeOffset gives line and column", "[unit]") {
  CHECK(DescribeOffset("ab\ncd", 4) == "byte 4 (line 2, column 2)");
}

TEST_CASE("SanitizeUtf8 replaces invalid sequences only", "[unit]") {
  std::string s = "ok \xC3\xA9 bad \xC3 and \xED\xA0\x80 end";
  CHECK(SanitizeUtf8(&s) == 4);
  CHECK(s == "ok \xC3\xA9 bad \xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");
  std::string fine = "caf\xC3\xA9 \xF0\x9F\x98\x80";
  CHECK(SanitizeUtf8(&fine) == 0);
}

TEST_CASE("JsonRecords picks lines or document and reports bad lines", "[unit]") {
  simdjson::dom::element v;
  std::string bad;
  Status st;
  {
    auto in = Input::FromString("lines.jsonl", "{\"a\":1}\n\n{\"a\":\n{\"a\":3}\n");
    JsonRecords r(in.get(), JsonRecords::kAuto);
    REQUIRE(r.Next(&v, &bad, &st));
    CHECK(r.mode() == JsonRecords::kLines);
    CHECK(bad.empty());
    REQUIRE(r.Next(&v, &bad, &st));
    CHECK(r.line() == 3);
    CHECK(r.Where() == "lines.jsonl:3");
    CHECK(bad.find("truncated") != std::string::npos);
    REQUIRE(r.Next(&v, &bad, &st));
    CHECK(bad.empty());
    CHECK(v["a"].get_int64().value() == 3);
    CHECK_FALSE(r.Next(&v, &bad, &st));
    CHECK(st.ok());
  }
  {
    auto in = Input::FromString("doc.json", "{\n  \"hits\": [\n  {\"a\": 1},\n  {\"a\": 2}\n ]\n}\n");
    JsonRecords r(in.get(), JsonRecords::kAuto);
    REQUIRE(r.Next(&v, &bad, &st));
    CHECK(r.mode() == JsonRecords::kDocument);
    CHECK(v["hits"].get_array().size() == 2);
    CHECK_FALSE(r.Next(&v, &bad, &st));
  }
  {
    auto in = Input::FromString("cut.json", "{\n  \"hits\": [\n  {\"a\": 1},\n");
    JsonRecords r(in.get(), JsonRecords::kDocument);
    CHECK_FALSE(r.Next(&v, &bad, &st));
    CHECK(st.message().find("cut.json: invalid JSON at byte 26 (line 4, column 1)") == 0);
  }
  {  // a damaged first line of JSON lines is still lines mode
    auto in = Input::FromString("l.jsonl", "{\"a\":\n{\"a\":2}\n");
    JsonRecords r(in.get(), JsonRecords::kAuto);
    REQUIRE(r.Next(&v, &bad, &st));
    CHECK(r.mode() == JsonRecords::kLines);
    CHECK_FALSE(bad.empty());
  }
  {  // invalid UTF-8 is replaced and counted, the line still parses
    auto in = Input::FromString("u.jsonl", "{\"t\":\"a\xFF" "b\"}\n");
    JsonRecords r(in.get(), JsonRecords::kLines);
    bool got = r.Next(&v, &bad, &st);
    INFO(st.message() << " / " << bad);
    REQUIRE(got);
    CHECK(bad.empty());
    CHECK(r.invalid_utf8() == 1);
    CHECK(std::string(v["t"].get_string().value()) == "a\xEF\xBF\xBD" "b");
  }
}

TEST_CASE("Typed getters name the field and the types", "[unit]") {
  simdjson::dom::parser p;
  simdjson::padded_string doc(std::string(
      R"({"s":"x","n":17,"f":3.0,"g":2.5,"ns":"42","bad":"4x","b":true,"t1":1476408245.5,)"
      R"("t2":"2016-10-14T01:24:05Z","t3":"soon","o":{},"nul":null})"));
  simdjson::dom::object o = p.parse(doc).get_object().value();
  std::string_view s;
  CHECK(GetString(o, "s", &s).ok());
  CHECK(s == "x");
  Status st = GetString(o, "n", &s);
  CHECK(st.message() == "'n' is a number, expected a string");
  std::optional<int64_t> i;
  CHECK(GetInt(o, "n", &i).ok());
  CHECK(i == 17);
  CHECK(GetInt(o, "f", &i).ok());
  CHECK(i == 3);
  CHECK_FALSE(GetInt(o, "g", &i).ok());
  CHECK(GetInt(o, "ns", &i).ok());
  CHECK(i == 42);
  CHECK_FALSE(GetInt(o, "bad", &i).ok());
  i.reset();
  CHECK(GetInt(o, "nul", &i).ok());
  CHECK_FALSE(i);
  std::string iso;
  CHECK(GetTime(o, "t1", &iso).ok());
  CHECK(iso == "2016-10-14T01:24:05Z");
  iso.clear();
  CHECK(GetTime(o, "t2", &iso).ok());
  CHECK(iso == "2016-10-14T01:24:05Z");
  CHECK(GetTime(o, "t3", &iso).message() == "'t3' is \"soon\", not a time");
  CHECK(GetTime(o, "o", &iso).message().find("'o' is an object") == 0);
  std::string id;
  CHECK(GetId(o, "n", &id).ok());
  CHECK(id == "17");
  CHECK_FALSE(GetId(o, "b", &id).ok());
}

TEST_CASE("Sniff helpers find keys and key-value pairs with any spacing", "[unit]") {
  CHECK(HasKeyValue(R"({"kind" :  "Listing"})", "kind", "Listing"));
  CHECK_FALSE(HasKeyValue(R"({"kind": "t1", "x": "Listing"})", "kind", "Listing"));
  CHECK(HasKey(R"({"a":1,"link_id" : "t3_x"})", "link_id"));
  CHECK_FALSE(HasKey(R"({"text": "link_id"})", "link_id"));
  CHECK(FirstNonSpace("\xEF\xBB\xBF  \n[") == '[');
  CHECK(FirstLine("\n\n{\"a\":1}\r\nnext") == "{\"a\":1}");
}
