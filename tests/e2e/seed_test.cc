// The seed dump end to end (issue "Foundation" done-when), when ../shared is present.
#include <catch2/catch.hpp>

#include "store/store.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::RunThreadlens;
using threadlens::testing::SharedDir;
using threadlens::testing::TempDir;

TEST_CASE("the seed goes in: article, comments without furniture, repaired text", "[shared]") {
  const std::string shared = SharedDir();
  if (shared.empty()) return;  // the runner reports [shared] as skipped before getting here
  TempDir dir;
  const std::string db = dir.File("seed.db");
  auto r = RunThreadlens("ingest --db '" + db + "' '" + shared +
                         "/seed/unherd-deepseek-comments.txt'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  auto q = [&](const std::string& sql) {
    auto v = st.db().QueryInt(sql);
    REQUIRE(v.ok());
    return *v;
  };
  CHECK(q("SELECT count(*) FROM threads") == 1);
  // The article is lines 1-6: it starts with line 1's words and ends with line 6's.
  CHECK(q("SELECT body LIKE 'Last week, the Chinese AI company DeepSeek released%' FROM threads") == 1);
  CHECK(q("SELECT instr(body, 'The irony of the DeepSeek saga') > 0 FROM threads") == 1);
  CHECK(q("SELECT instr(body, 'Join the discussion') FROM threads") == 0);
  int64_t n = q("SELECT count(*) FROM comments");
  CHECK(n >= 30);
  CHECK(n <= 45);
  CHECK(q("SELECT min(line_start) FROM comments") == 11);
  CHECK(q("SELECT count(*) FROM comments WHERE body LIKE 'Subscribe%' OR body LIKE '%paid subscriber%'"
          " OR body LIKE '%Join like minded readers%'") == 0);
  CHECK(q("SELECT count(*) FROM comments WHERE instr(body, 'naiveté') > 0") == 1);
  CHECK(q("SELECT count(*) FROM comments WHERE instr(body, 'â') > 0") == 0);
  CHECK(q("SELECT instr(body, 'â') FROM threads") == 0);
  // Every comment's raw text is what the file had (the damage is still there in raw).
  CHECK(q("SELECT count(*) FROM comments WHERE instr(raw, 'naivetĂ©') > 0") == 1);
  // The repairs are counted on the source.
  CHECK(q("SELECT json_extract(repairs, '$.lossy_punctuation') >= 44 FROM sources") == 1);
}
