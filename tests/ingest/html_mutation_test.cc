// Mutated saved pages through HtmlReader: never a crash or a hang; what comes back is a thread
// whose comments all have ids.
#include <catch2/catch.hpp>

#include "markup_mutations.h"
#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::ReadAllThreads;
using threadlens::testing::ReadFile;
using threadlens::testing::SourceDir;

TEST_CASE("html: mutated pages never crash -- what comes back is well formed", "[ingest][html]") {
  for (const char* name : {"html-wordpress.html", "html-wpdiscuz.html", "html-hn.html",
                           "html-oldreddit.html", "html-generic.html"}) {
    const std::string base = ReadFile(SourceDir() + "/fixtures/formats/" + name);
    int ok = 0;
    for (uint32_t seed = 0; seed < 120; ++seed) {
      auto r = ReadAllThreads("html", name, threadlens::testing::markup::Mutate(base, seed));
      if (!r.status.ok()) {
        CHECK(r.status.message().rfind(name, 0) == 0);
        continue;
      }
      ++ok;
      REQUIRE(r.threads.size() == 1);
      CHECK_FALSE(r.threads[0].comments.empty());
      for (const auto& c : r.threads[0].comments) CHECK_FALSE(c.ext_id.empty());
    }
    INFO(name);
    CHECK(ok > 30);  // HTML is forgiving: most mutants still hold comments
  }
}
