// Test runner. Tests tagged [shared] read ../shared (the seed dump, the real corpora); when the
// run asks only for them and the folder is missing, exit 77 so ctest reports them as skipped.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <string>

#include "testing.h"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "[shared]" && threadlens::testing::SharedDir().empty()) return 77;
  return Catch::Session().run(argc, argv);
}
