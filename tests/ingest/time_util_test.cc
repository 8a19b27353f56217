// time_util: epoch, ISO-8601 and relative times into ISO-8601 UTC.
#include "ingest/time_util.h"

#include <catch2/catch.hpp>

using namespace threadlens;

TEST_CASE("FormatIsoUtc formats whole seconds in UTC, rejects years outside 1..9999", "[unit]") {
  CHECK(FormatIsoUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatIsoUtc(1476408245) == "2016-10-14T01:24:05Z");
  CHECK(FormatIsoUtc(951782400) == "2000-02-29T00:00:00Z");  // leap day
  CHECK(FormatIsoUtc(-1) == "1969-12-31T23:59:59Z");
  CHECK(FormatIsoUtc(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(FormatIsoUtc(253402300800).empty());
}

TEST_CASE("ParseIsoTime round-trips every day of a leap and a common year", "[unit]") {
  for (int64_t t = 946684800; t < 946684800 + 2 * 366 * 86400; t += 86400 + 3671) {
    std::string iso = FormatIsoUtc(t);
    auto back = ParseIsoTime(iso);
    REQUIRE(back);
    CHECK(*back == t);
  }
}

TEST_CASE("ParseIsoTime takes offsets, fractions, a space or a bare date", "[unit]") {
  CHECK(ParseIsoTime("2006-10-09T19:52:45.000Z") == 1160423565);
  CHECK(ParseIsoTime("2023-05-01T13:00:00+02:00") == ParseIsoTime("2023-05-01T11:00:00Z"));
  CHECK(ParseIsoTime("2023-05-01T13:00:00-0530") == ParseIsoTime("2023-05-01T18:30:00Z"));
  CHECK(ParseIsoTime("2024-01-02 09:00:00") == ParseIsoTime("2024-01-02T09:00:00Z"));
  CHECK(ParseIsoTime("2024-01-02") == ParseIsoTime("2024-01-02T00:00:00Z"));
  CHECK(ParseIsoTime("2024-01-02T09:00") == ParseIsoTime("2024-01-02T09:00:00Z"));
  CHECK_FALSE(ParseIsoTime("2014-02-30T00:00:00Z"));
  CHECK_FALSE(ParseIsoTime("2014-02-10T25:00:00Z"));
  CHECK_FALSE(ParseIsoTime("yesterday"));
  CHECK_FALSE(ParseIsoTime("2014-02-10T10:00:00 CEST"));
}

TEST_CASE("ParseEpoch reads integers, floats and strings -- milliseconds are scaled", "[unit]") {
  CHECK(ParseEpoch("1476408245") == 1476408245);
  CHECK(ParseEpoch("1476408245.9") == 1476408245);
  CHECK(ParseEpoch(" 1.476408245e9 ") == 1476408245);
  CHECK(ParseEpoch("1476408245000") == 1476408245);
  CHECK_FALSE(ParseEpoch("0x10"));
  CHECK_FALSE(ParseEpoch("inf"));
  CHECK_FALSE(ParseEpoch("12abc"));
  CHECK_FALSE(ParseEpoch(""));
}

TEST_CASE("ParseRelativeAge reads the forms pages show", "[unit]") {
  CHECK(ParseRelativeAge("3 hours ago") == 3 * 3600);
  CHECK(ParseRelativeAge("2 weeks ago (edited)") == 14 * 86400);
  CHECK(ParseRelativeAge("a minute ago") == 60);
  CHECK(ParseRelativeAge("an hour ago") == 3600);
  CHECK(ParseRelativeAge("1 year ago") == 365 * 86400);
  CHECK(ParseRelativeAge("5 months ago") == 150 * 86400);
  CHECK(ParseRelativeAge("just now") == 0);
  CHECK(ParseRelativeAge("Yesterday") == 86400);
  CHECK(ParseRelativeAge("5d") == 5 * 86400);
  CHECK(ParseRelativeAge("3h ago") == 3 * 3600);
  CHECK_FALSE(ParseRelativeAge("3 hours"));  // a duration, not an age
  CHECK_FALSE(ParseRelativeAge("hours ago"));
  CHECK_FALSE(ParseRelativeAge("3 parsecs ago"));
  CHECK_FALSE(ParseRelativeAge("2016-10-14"));
}

TEST_CASE("NormalizeTime marks relative times approximate and needs a reference", "[unit]") {
  std::string iso;
  bool approx = true;
  REQUIRE(NormalizeTime("1476408245.0", std::nullopt, &iso, &approx));
  CHECK(iso == "2016-10-14T01:24:05Z");
  CHECK_FALSE(approx);
  REQUIRE(NormalizeTime("2 weeks ago (edited)", 1476408245, &iso, &approx));
  CHECK(iso == FormatIsoUtc(1476408245 - 14 * 86400));
  CHECK(approx);
  CHECK_FALSE(NormalizeTime("3 hours ago", std::nullopt, &iso, &approx));
  CHECK(iso.empty());
  CHECK_FALSE(NormalizeTime("not a time", 0, &iso, &approx));
}
