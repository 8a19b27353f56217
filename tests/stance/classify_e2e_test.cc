// The classify and rules commands, run as a user runs them.
#include <catch2/catch.hpp>

#include <sstream>

#include "testing.h"

using threadlens::testing::RunThreadlens;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

const std::string kRules = " --rules '" + SourceDir() + "/rules' ";

// `classify --jsonl ARGS` on `input`: its output lines, which must be `lines` and exit 0.
std::vector<std::string> ClassifyLines(const std::string& args, const std::string& input,
                                       size_t lines) {
  auto r = RunThreadlens("classify --jsonl" + args + kRules, input);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto out = Lines(r.out);
  REQUIRE(out.size() == lines);
  return out;
}

}  // namespace

TEST_CASE("classify TEXT prints every topic -- --explain shows rules, spans and flags", "[e2e]") {
  auto r = RunThreadlens("classify" + kRules + "'The AI boom is not a bubble, it is transformative.'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("hype       justified") != std::string::npos);
  CHECK(r.out.find("labour     -              (off topic)") != std::string::npos);

  auto e = RunThreadlens("classify --explain" + kRules +
                         "'Critics say AI is a bubble, but it is not a bubble.'");
  REQUIRE(e.exit_code == 0);
  CHECK(e.out.find("overhyped.bubble") != std::string::npos);
  CHECK(e.out.find("flags: quoted,reported") != std::string::npos);
  CHECK(e.out.find("flags: negated") != std::string::npos);
  CHECK(e.out.find("negator.plain 'not'") != std::string::npos);
  CHECK(e.out.find("[20,26)") != std::string::npos);  // the span of the quoted "bubble"

  auto in = RunThreadlens("classify" + kRules + "-", "DeepSeek's $6M figure is a lie.");
  REQUIRE(in.exit_code == 0);
  CHECK(in.out.find("fraud      suspicious") != std::string::npos);
}

TEST_CASE("classify --jsonl: one line out per good line in, bad lines named and skipped",
          "[e2e]") {
  std::string input =
      "{\"id\": 17, \"text\": \"The AI boom is a bubble.\"}\n"
      "{\"id\": \"t1_abc\", \"text\": \"Lovely weather in Lisbon.\"}\n"
      "this is not json\n"
      "\n"
      "{\"text\": \"no id here\"}\n"
      "{\"id\": 2.5, \"text\": \"Exactly.\", \"parent_text\": \"AI will wipe out millions of jobs.\"}\n"
      "{\"id\": [1], \"text\": \"x\"}\n"
      "{\"id\": \"q\", \"text\": \"Nonsense.\", \"parent_text\": null}\n"
      "{\"id\": \"u\", \"text\": \"caf\\u00e9 \\\"AI\\\" bubble\"} {\"id\": 3}\n";
  auto r = RunThreadlens("classify --jsonl" + kRules, input);
  CHECK(r.exit_code == 1);
  auto out = Lines(r.out);
  REQUIRE(out.size() == 4);
  CHECK(out[0] ==
        "{\"id\":17,\"stances\":{\"hype\":{\"stance\":\"overhyped\",\"score\":1.5,"
        "\"confidence\":0.623}}}");
  CHECK(out[1] == "{\"id\":\"t1_abc\",\"stances\":{}}");
  CHECK(out[2].rfind("{\"id\":2.5,\"stances\":{", 0) == 0);
  CHECK(out[2].find("\"labour\":{\"stance\":\"displacement\"") != std::string::npos);
  CHECK(out[3] == "{\"id\":\"q\",\"stances\":{}}");
  CHECK(r.err.find("stdin:3: ") != std::string::npos);
  CHECK(r.err.find("stdin:5: missing \"id\"") != std::string::npos);
  CHECK(r.err.find("stdin:7: \"id\" must be a string or a number") != std::string::npos);
  CHECK(r.err.find("stdin:9: trailing content") != std::string::npos);
  CHECK(r.err.find("4 of 9 lines were bad") != std::string::npos);

  auto ok = RunThreadlens("classify --jsonl" + kRules, "{\"id\":\"a\",\"text\":\"AI is a fad.\"}\n");
  CHECK(ok.exit_code == 0);
  CHECK(ok.err.empty());
}

TEST_CASE("rules check/test/list on the shipped rules", "[e2e]") {
  auto check = RunThreadlens("rules check" + kRules);
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.rfind("ok: ", 0) == 0);
  CHECK(check.out.find("\ncost: ") != std::string::npos);
  // A lower bar names more of the searched-alone alternatives, each with file:line.
  auto low = RunThreadlens("rules check --warn-share 0.02" + kRules);
  CHECK(low.exit_code == 0);
  CHECK(low.err.find("warning: ") != std::string::npos);
  CHECK(low.err.find(".rules:") != std::string::npos);
  CHECK(low.err.size() > check.err.size());
  CHECK(RunThreadlens("rules check --warn-share 2" + kRules).exit_code != 0);
  auto test = RunThreadlens("rules test" + kRules);
  INFO(test.out);
  CHECK(test.exit_code == 0);
  CHECK(test.out.find(", 0 failed") != std::string::npos);
  auto list = RunThreadlens("rules list" + kRules);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("topic hype") != std::string::npos);
  CHECK(list.out.find("overhyped.bubble") != std::string::npos);
  CHECK(list.out.find("negator.plain") != std::string::npos);
}

TEST_CASE("a broken rules directory is refused with file:line", "[e2e]") {
  TempDir dir;
  std::string topics = dir.path() + "/topics";
  REQUIRE(std::system(("mkdir -p '" + topics + "'").c_str()) == 0);
  WriteFile(topics + "/bad.rules",
            "topic: bad\npole_a: yes\npole_b: no\n[cue yes.x]\nre: (oops\nexample+: x\n");
  for (const char* cmd : {"rules check", "rules test", "classify --jsonl", "classify x"}) {
    auto r = RunThreadlens(std::string(cmd) + " --rules '" + dir.path() + "'");
    INFO(cmd);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("/topics/bad.rules:5: rule 'yes.x': bad pattern") != std::string::npos);
  }
  auto missing = RunThreadlens("rules check --rules '" + dir.path() + "/nope'");
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("not found") != std::string::npos);

  // A rule with a failing example makes `rules test` fail and name it.
  WriteFile(topics + "/bad.rules",
            "topic: bad\npole_a: yes\npole_b: no\n[anchor w]\nwords: widget\nexample+: widget\n"
            "example-: gadget\n[cue yes.x]\nwords: shiny\nexample+: a dull widget\n"
            "example-: a widget\n");
  auto t = RunThreadlens("rules test --rules '" + dir.path() + "'");
  CHECK(t.exit_code == 1);
  CHECK(t.out.find("bad.rules:10: rule 'yes.x' should fire on: a dull widget") !=
        std::string::npos);
}

TEST_CASE("classify --jsonl: parent_text gives a reply its topic context", "[e2e]") {
  std::string input =
      "{\"id\": \"a\", \"text\": \"Our QA department found three bugs in the release.\"}\n"
      "{\"id\": \"b\", \"text\": \"Our QA department found three bugs in the release.\", "
      "\"parent_text\": \"Copilot writes half our tests now.\"}\n"
      "{\"id\": \"c\", \"text\": \"Our QA department found three bugs in the release.\", "
      "\"parent_text\": \"Lovely weather in Lisbon.\"}\n";
  auto out = ClassifyLines("", input, 3);
  CHECK(out[0].find("\"labour\"") == std::string::npos);
  CHECK(out[1].find("\"labour\":{\"stance\":\"neutral\"") != std::string::npos);
  CHECK(out[2].find("\"labour\"") == std::string::npos);
}

TEST_CASE("classify: the thread's title gives the topics' context -- --thread or a line's thread",
          "[e2e]") {
  const std::string text = "Our support team went from twelve people to four this year.";
  // Alone, and under a thread about something else, a shrinking team is not about AI.
  auto alone = RunThreadlens("classify" + kRules + " '" + text + "'");
  REQUIRE(alone.exit_code == 0);
  CHECK(alone.out.find("labour     -") != std::string::npos);
  auto ai = RunThreadlens("classify" + kRules + " --thread 'Is AI coming for our jobs?' '" + text +
                          "'");
  REQUIRE(ai.exit_code == 0);
  CHECK(ai.out.find("labour     displacement") != std::string::npos);

  std::string input =
      "{\"id\": 1, \"text\": \"" + text + "\"}\n"
      "{\"id\": 2, \"text\": \"" + text + "\", \"thread\": \"Is AI coming for our jobs?\"}\n"
      "{\"id\": 3, \"text\": \"" + text + "\", \"thread\": \"Club news: the new stadium\"}\n"
      "{\"id\": 4, \"text\": \"" + text + "\", \"thread\": null}\n";
  auto out = ClassifyLines("", input, 4);
  CHECK(out[0].find("\"labour\"") == std::string::npos);
  CHECK(out[1].find("\"labour\":{\"stance\":\"displacement\"") != std::string::npos);
  CHECK(out[2].find("\"labour\"") == std::string::npos);
  CHECK(out[3].find("\"labour\"") == std::string::npos);
  // --thread is every line's thread unless the line names its own.
  out = ClassifyLines(" --thread 'AI agents at work'", input, 4);
  CHECK(out[0].find("\"labour\":{\"stance\":\"displacement\"") != std::string::npos);
  CHECK(out[2].find("\"labour\"") == std::string::npos);
  CHECK(out[3].find("\"labour\":{\"stance\":\"displacement\"") != std::string::npos);
  auto bad =
      RunThreadlens("classify --jsonl" + kRules, "{\"id\": 5, \"text\": \"x\", \"thread\": 7}\n");
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("stdin:1: \"thread\" must be a string") != std::string::npos);
}
