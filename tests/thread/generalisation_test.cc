// Generalisation: real and synthetic trees flattened to bare text (bodies only, depth-first) by
// tools/flatten-thread.py at test time, ingested, and scored against the gold the flattener
// writes from the known structure. The third-party text stays in ../shared; nothing is committed.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "testing.h"

using namespace threadlens;

namespace {

double Field(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return -1;
  at = json.find(':', at);
  return std::strtod(json.c_str() + at + 1, nullptr);
}

struct Score {
  double seg = 0, parent = 0, baseline = 0;
};

Score FlattenAndScore(const testing::TempDir& tmp, const std::string& name, const std::string& args) {
  std::string prefix = tmp.File(name);
  std::string cmd = "python3 '" + testing::SourceDir() + "/tools/flatten-thread.py' " + args + " '" +
                    prefix + "' > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto ing = testing::RunThreadlens("ingest --db '" + prefix + ".db' '" + prefix + ".txt'");
  REQUIRE(ing.exit_code == 0);
  auto ev = testing::RunThreadlens("eval --db '" + prefix + ".db' --gold '" + prefix +
                                   ".gold.json' --format json");
  REQUIRE(ev.exit_code == 0);
  Score s{Field(ev.out, "segment_f1"), Field(ev.out, "parent_acc"), Field(ev.out, "baseline_best")};
  WARN(name << ": segment F1 " << s.seg << ", parent accuracy " << s.parent << ", better baseline "
            << s.baseline);
  return s;
}

}  // namespace

TEST_CASE("synthetic threads flattened to text: segments and beats the baselines",
          "[thread][e2e][generalisation]") {
  testing::TempDir tmp;
  double gain = 0;
  for (int seed : {11, 12, 13}) {
    for (const char* sep : {"blank", "newline"}) {
      Score s = FlattenAndScore(tmp, "syn" + std::to_string(seed) + sep,
                                "--synthetic " + std::to_string(seed) + " --comments 300 --sep " + sep);
      CHECK(s.seg >= 0.85);
      gain += s.parent - s.baseline;
    }
  }
  CHECK(gain / 6 > 0.03);
}

TEST_CASE("a real Reddit thread flattened to text", "[thread][e2e][shared][generalisation]") {
  std::string shared = testing::SharedDir();
  if (shared.empty()) return;
  testing::TempDir tmp;
  std::string src = "'" + shared + "/corpora/reddit/57dw9a_d8r4im1_context100.json'";
  Score blank = FlattenAndScore(tmp, "reddit-blank", src + " --sep blank");
  CHECK(blank.seg >= 0.85);
  CHECK(blank.parent >= blank.baseline);
  Score lines = FlattenAndScore(tmp, "reddit-lines", src + " --sep newline --paragraphs join");
  CHECK(lines.seg >= 0.85);
}
