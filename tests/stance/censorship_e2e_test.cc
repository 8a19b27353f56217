// A user topic without recompiling: the shipped rules plus fixtures/rules-censorship, seen by
// classify, rules test and ingest (stances rows for the topic).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SourceDir;
using threadlens::testing::TempDir;
using threadlens::testing::WriteFile;

TEST_CASE("a topic added as a file shows in classify, rules and the store", "[e2e]") {
  TempDir dir;
  std::string rules = dir.path() + "/myrules";
  REQUIRE(std::system(("cp -r '" + SourceDir() + "/rules' '" + rules + "' && cp '" + SourceDir() +
                       "/fixtures/rules-censorship/topics/censorship.rules' '" + rules +
                       "/topics/'")
                          .c_str()) == 0);
  std::string r = " --rules '" + rules + "' ";

  auto test = RunThreadlens("rules test" + r);
  INFO(test.out);
  CHECK(test.exit_code == 0);
  auto list = RunThreadlens("rules list" + r);
  CHECK(list.out.find("topic censorship") != std::string::npos);

  auto c = RunThreadlens("classify" + r + "'DeepSeek refuses to answer anything about Tiananmen.'");
  REQUIRE(c.exit_code == 0);
  CHECK(c.out.find("censorship censored") != std::string::npos);
  auto j = RunThreadlens("classify --jsonl" + r,
                         "{\"id\":1,\"text\":\"Run it locally and it talks about Tiananmen just "
                         "fine; the censorship is only in the app.\"}\n");
  CHECK(j.out.find("\"censorship\":{\"stance\":\"overstated\"") != std::string::npos);

  std::string csv = dir.File("c.csv"), db = dir.File("c.db");
  WriteFile(csv,
            "id,parent,text\n"
            "1,,\"DeepSeek refuses to answer anything about Tiananmen, it changes the subject.\"\n"
            "2,1,\"Run it locally and it talks about Tiananmen just fine.\"\n"
            "3,,\"Nice weather today.\"\n");
  auto ing = RunThreadlens("ingest --db '" + db + "'" + r +
                           "--format csv --map id=id,parent=parent,text=text '" + csv + "'");
  INFO(ing.err);
  REQUIRE(ing.exit_code == 0);
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  store::Stmt q;
  REQUIRE(st.db()
              .Prepare("SELECT c.ext_id, s.stance FROM stances s JOIN topics t ON t.id = "
                       "s.topic_id JOIN comments c ON c.id = s.comment_id WHERE t.name = "
                       "'censorship' ORDER BY c.ext_id",
                       &q)
              .ok());
  std::vector<std::pair<std::string, std::string>> rows;
  Status status;
  while (q.Step(&status)) rows.push_back({std::string(q.Text(0)), std::string(q.Text(1))});
  REQUIRE(status.ok());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::make_pair(std::string("1"), std::string("censored")));
  CHECK(rows[1] == std::make_pair(std::string("2"), std::string("overstated")));
}
