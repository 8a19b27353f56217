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

TEST_CASE("synthetic threads in platform shapes: segments and beats the baselines",
          "[thread][e2e][generalisation]") {
  // tools/synth_thread.py: Reddit (deep, arguments), Twitter (@mention prefixes) and flat HN
  // shapes, bodies built from templates of real reply moves. Measured when written (seeds 1-2,
  // blank-line then one-line-per-comment): mean gain over the better baseline +0.128 (Reddit
  // +0.021 / -0.126, Twitter +0.344 / +0.366, HN +0.086 / +0.026); before self-training and the
  // mention rules, -0.07. The floors leave a little room for noise and none for a regression.
  testing::TempDir tmp;
  double gain = 0;
  int n = 0;
  for (int seed : {1, 2}) {
    const std::string sep = seed == 1 ? "blank" : "newline --paragraphs join";
    for (const char* shape : {"reddit", "twitter", "hn"}) {
      Score s = FlattenAndScore(tmp, std::string(shape) + std::to_string(seed),
                                "--synthetic " + std::to_string(seed) + " --shape " + shape +
                                    " --sep " + sep);
      CHECK(s.seg >= 0.85);
      if (std::string(shape) == "twitter") CHECK(s.parent - s.baseline >= 0.25);
      gain += s.parent - s.baseline;
      ++n;
    }
  }
  CHECK(gain / n >= 0.10);
}

TEST_CASE("older random-word synthetic threads: not below the baselines",
          "[thread][e2e][generalisation]") {
  // The first generator (--shape legacy): few cues, random words. Measured mean gain +0.016
  // (it was +0.044 before self-training: a thread with few cues gives it little to learn from).
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
  CHECK(gain / 6 > 0.0);
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

TEST_CASE("a real YouTube comment page flattened to text stays flat",
          "[thread][e2e][shared][generalisation]") {
  // 243 short comments, 21 replies, no reply cues a rule can read (Japanese): self-training
  // must learn that the page is flat. Measured 0.909 against the all-top-level 0.914.
  std::string shared = testing::SharedDir();
  if (shared.empty()) return;
  testing::TempDir tmp;
  std::string src = "'" + shared + "/corpora/youtube/comments-2019-10-01T15:41:10.871195-04:00.jsonl'";
  Score blank = FlattenAndScore(tmp, "youtube-blank", src + " --sep blank");
  CHECK(blank.seg >= 0.95);
  CHECK(blank.parent >= 0.89);
}

TEST_CASE("a plain tree file is flattened in page order with its parents as gold",
          "[thread][e2e][generalisation]") {
  // The form eval-threads.py --trees reads: {"title", "article", "comments": [{id, parent, body}]}.
  testing::TempDir tmp;
  const std::string tree = tmp.File("tree.json");
  testing::WriteFile(tree, R"({"title": "Is the new bus lane worth it?", "article": "",
    "comments": [
      {"id": "a", "parent": null, "body": "The bus lane halved my commute."},
      {"id": "b", "parent": "a", "body": "> halved my commute\n\nWhich route do you take?"},
      {"id": "c", "parent": "b", "body": "The 42, from the station."},
      {"id": "d", "parent": "a", "body": "Mine too, the 42 is quick now."},
      {"id": "e", "parent": null, "body": "Cyclists lost their lane for it."}]})");
  Score s = FlattenAndScore(tmp, "plain", "'" + tree + "' --sep blank");
  CHECK(s.seg == Approx(1.0));
  const std::string gold = testing::ReadFile(tmp.File("plain.gold.json"));
  CHECK(gold.find("\"parent\": \"a\"") != std::string::npos);
  CHECK(gold.find("\"parent\": \"b\"") != std::string::npos);
  CHECK(gold.find("Is the new bus lane worth it?") == std::string::npos);  // the title is in the .txt
  CHECK(testing::ReadFile(tmp.File("plain.txt")).rfind("Is the new bus lane worth it?", 0) == 0);
  // A parent that does not come before its reply is not a depth-first page: refused.
  testing::WriteFile(tree, R"({"comments": [{"id": "x", "parent": "y", "body": "Hi."},
                                            {"id": "y", "parent": null, "body": "Hello."}]})");
  const std::string cmd = "python3 '" + testing::SourceDir() + "/tools/flatten-thread.py' '" + tree +
                          "' '" + tmp.File("bad") + "' 2> /dev/null";
  CHECK(std::system(cmd.c_str()) != 0);
}
