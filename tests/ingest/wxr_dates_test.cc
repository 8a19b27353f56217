// The date forms the XML and HTML dumps use (ingest/readers/xml_time.h), checked against a slow
// reference: a day-by-day walk from 1970.
#include <catch2/catch.hpp>
#include <cstdio>

#include "ingest/readers/xml_time.h"

using namespace threadlens;

TEST_CASE("dates: ISO-8601 with offsets, fractions and no zone", "[ingest][wxr][dates]") {
  CHECK(IsoUtcFromIso8601("2013-10-10T19:20:29Z") == "2013-10-10T19:20:29Z");
  CHECK(IsoUtcFromIso8601("2012-05-06T15:46:06-05:00") == "2012-05-06T20:46:06Z");
  CHECK(IsoUtcFromIso8601("2024-01-01T01:30:00+0200") == "2023-12-31T23:30:00Z");
  CHECK(IsoUtcFromIso8601("2024-01-01T01:30+02") == "2023-12-31T23:30:00Z");
  CHECK(IsoUtcFromIso8601(" 2024-04-20T08:30:05.123456Z ") == "2024-04-20T08:30:05Z");
  CHECK(IsoUtcFromIso8601("2024-04-20 08:30:05") == "2024-04-20T08:30:05Z");
  CHECK(IsoUtcFromIso8601("2024-02-29T00:00:00Z") == "2024-02-29T00:00:00Z");
  for (const char* bad : {"", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01",
                          "2024-01-01T24:00:00Z", "2024-01-01T10:00:00+25:00", "yesterday",
                          "2024-01-01T10:00:00Zjunk", "0000-01-01T00:00:00Z"})
    CHECK(IsoUtcFromIso8601(bad).empty());
}

TEST_CASE("dates: WordPress columns and RFC 822", "[ingest][wxr][dates]") {
  CHECK(IsoUtcFromSqlDateTime("2014-01-14 17:32:12") == "2014-01-14T17:32:12Z");
  CHECK(IsoUtcFromSqlDateTime("0000-00-00 00:00:00").empty());
  CHECK(IsoUtcFromSqlDateTime("2014-01-14T17:32:12").empty());
  CHECK(IsoUtcFromRfc822("Tue, 14 Jan 2014 17:31:03 +0000") == "2014-01-14T17:31:03Z");
  CHECK(IsoUtcFromRfc822("14 Jan 2014 17:31 -0130") == "2014-01-14T19:01:00Z");
  CHECK(IsoUtcFromRfc822("Sun, 13 May 2012 01:13:52 GMT") == "2012-05-13T01:13:52Z");
  CHECK(IsoUtcFromRfc822("Sun, 13 May 2012 01:13:52 EST") == "2012-05-13T06:13:52Z");
  CHECK(IsoUtcFromRfc822("13 January 2012 01:13:52 GMT") == "2012-01-13T01:13:52Z");
  CHECK(IsoUtcFromRfc822("Sun, 13 Mayo 2012 01:13:52 GMT").empty());
  CHECK(IsoUtcFromRfc822("Sun, 13 Foo 2012 01:13:52 GMT").empty());
  CHECK(IsoUtcFromRfc822("Sun, 31 Apr 2012 01:13:52 GMT").empty());
  CHECK(IsoUtcFromRfc822("Sun, 13 May 2012 01:13:52 XYZ").empty());
}

TEST_CASE("dates: UnixSeconds and FormatIsoUtc agree with a day-by-day walk",
          "[ingest][wxr][dates]") {
  // Reference: count days from 1970-01-01 one at a time, through 2100 (includes 2000, a leap
  // year, and 2100, not one).
  auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t day = 0;
  for (int y = 1970; y <= 2100; ++y)
    for (int m = 1; m <= 12; ++m) {
      int n = mdays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
      for (int d = 1; d <= n; ++d, ++day) {
        auto t = UnixSeconds(y, m, d, 13, 14, 15);
        REQUIRE(t.has_value());
        REQUIRE(*t == day * 86400 + 13 * 3600 + 14 * 60 + 15);
        char want[32];
        std::snprintf(want, sizeof want, "%04d-%02d-%02dT13:14:15Z", y, m, d);
        REQUIRE(FormatIsoUtc(*t) == want);
      }
    }
  CHECK(FormatIsoUtc(-1) == "1969-12-31T23:59:59Z");
  CHECK_FALSE(UnixSeconds(2023, 2, 29, 0, 0, 0).has_value());
}
