#include "thread/page_meta.h"

#include <catch2/catch.hpp>

using namespace threadlens;

TEST_CASE("absolute page dates become ISO-8601 UTC", "[thread][meta]") {
  CHECK(ParsePageTime("January 27, 2025 at 9:14 am").iso == "2025-01-27T09:14:00Z");
  CHECK(ParsePageTime("Jan 27, 2025, 9:14 PM").iso == "2025-01-27T21:14:00Z");
  CHECK(ParsePageTime("27 January 2025 at 12:05").iso == "2025-01-27T12:05:00Z");
  CHECK(ParsePageTime("January 27, 2025 at 12:30 am").iso == "2025-01-27T00:30:00Z");
  CHECK(ParsePageTime("2025-01-27 09:14").iso == "2025-01-27T09:14:00Z");
  CHECK(ParsePageTime("2025-01-27").iso == "2025-01-27");
}

TEST_CASE("relative times are recognised but not resolved", "[thread][meta]") {
  for (const char* t : {"3 hours ago", "3h", "3d", "yesterday at 8:17 AM", "just now", "a day ago",
                        "2 weeks ago (edited)"}) {
    PageTime p = ParsePageTime(t);
    INFO(t);
    CHECK(p.relative);
    CHECK(p.iso.empty());
  }
}

TEST_CASE("what is not a time is refused", "[thread][meta]") {
  for (const char* t : {"", "Reply", "Feb 30, 2025", "13:99", "January 27, 2025 at 13:14 pm",
                        "3 hours ago I said so"}) {
    INFO(t);
    CHECK_FALSE(ParsePageTime(t).ok());
  }
}

TEST_CASE("counts as pages print them", "[thread][meta]") {
  CHECK(ParseCount("12") == 12);
  CHECK(ParseCount("1,204") == 1204);
  CHECK(ParseCount("1.2k") == 1200);
  CHECK(ParseCount("3K") == 3000);
  CHECK(ParseCount("-4") == -4);
  CHECK_FALSE(ParseCount("1.5").has_value());
  CHECK_FALSE(ParseCount("twelve").has_value());
}
