#include "report/summary_data.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "fixture.h"
#include "store/store.h"
#include "testing.h"

namespace threadlens::report {
namespace {

using testing::kSmall;
using testing::SqlInt;

Summary Load(const std::string& path, int64_t thread, bool tree = false) {
  store::Store st;
  REQUIRE(store::Store::Open(path, store::Db::kReadOnly, &st).ok());
  SummaryLimits lim;
  lim.load_tree = tree;
  Summary s;
  Status status = LoadSummary(&st.db(), thread, lim, &s);
  INFO(status.message());
  REQUIRE(status.ok());
  return s;
}

const TopicSummary& Topic(const Summary& s, const std::string& name) {
  for (const auto& t : s.topics)
    if (t.name == name) return t;
  FAIL("no topic " << name);
  throw std::logic_error("unreachable");
}

TEST_CASE("Summary of one thread: size and shape match the hand-written facts", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary s = Load(db, 1);
  CHECK(s.title == "DeepSeek & the \"AI bubble\"");
  CHECK(s.shape.comments == kSmall.thread1_comments);
  CHECK(s.shape.threads == 1);
  CHECK(s.shape.authors == kSmall.authors);
  CHECK(s.shape.with_author == 13);
  CHECK(s.shape.replies == 10);
  CHECK(s.shape.max_depth == kSmall.thread1_max_depth);
  CHECK(s.shape.mean_depth == Approx(16.0 / 14).epsilon(0.01));
  REQUIRE(s.depth.size() == 4);
  CHECK(s.depth[0] == std::make_pair<int64_t, int64_t>(0, 4));
  CHECK(s.depth[1] == std::make_pair<int64_t, int64_t>(1, 6));
  REQUIRE(!s.most_answered.empty());
  CHECK(s.most_answered[0].comment.id == 1);  // #1 and #7 both have 2 replies; lower id first
  CHECK(s.most_answered[0].replies == 2);
  CHECK(s.provenance.top_level == 4);
  CHECK(s.provenance.links_inferred == 10);
  CHECK(s.provenance.links_given == 0);
  CHECK(s.top_threads.empty());
}

TEST_CASE("Summary: stance counts, voices and quotes per side", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary s = Load(db, 1);
  const TopicSummary& hype = Topic(s, "hype");
  CHECK(hype.Count("overhyped") == 3);
  CHECK(hype.Count("justified") == 2);
  CHECK(hype.Count("neutral") == 1);
  CHECK(hype.on_topic() == 6);
  // Quotes never come from evidence flagged 'quoted' (#4's "It is hype", #14's "bubble") nor
  // from 'inherited' evidence (#11).
  std::set<int64_t> over, just;
  for (const auto& q : hype.quotes.at("overhyped")) over.insert(q.comment_id);
  for (const auto& q : hype.quotes.at("justified")) just.insert(q.comment_id);
  CHECK(over == std::set<int64_t>{1, 3});
  CHECK(just == std::set<int64_t>{2, 4});
  for (const auto& q : hype.quotes.at("justified"))
    if (q.comment_id == 4) CHECK(q.text == "Nvidia earnings are real money, and demand is real.");
  CHECK(hype.quotes.at("overhyped").front().comment_id == 1);  // most confident first
  CHECK(hype.quotes.at("overhyped").front().text == "This is a bubble and it will burst soon.");
  const TopicSummary& labour = Topic(s, "labour");
  std::set<int64_t> disp;
  for (const auto& q : labour.quotes.at("displacement")) disp.insert(q.comment_id);
  CHECK(disp == std::set<int64_t>{7, 9});
  // Voices: every non-neutral stance, most confident first.
  REQUIRE(labour.voices.at("displacement").size() == 3);
  CHECK(labour.voices.at("displacement")[0].comment_id == 7);
  CHECK(labour.voices.at("displacement")[0].author == "bob");
}

TEST_CASE("Summary: contested exchanges and back-and-forths", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary s = Load(db, 1);
  CHECK(s.contested_total == kSmall.thread1_contested);
  CHECK_FALSE(s.contested_capped);
  CHECK(Topic(s, "hype").contested == 3);
  CHECK(Topic(s, "fraud").contested == 1);
  CHECK(Topic(s, "labour").contested == 3);
  REQUIRE(s.chains.size() == 2);
  std::set<std::pair<std::string, std::vector<int64_t>>> chains;
  for (const auto& c : s.chains) {
    CHECK(c.exchanges == 3);
    chains.insert({c.topic, c.comments});
  }
  CHECK(chains.count({"hype", {1, 2, 3, 4}}) == 1);
  CHECK(chains.count({"labour", {7, 8, 9, 10}}) == 1);
  // Shown exchanges carry both texts, and the reply really answers the parent.
  REQUIRE(!s.contested.empty());
  for (const auto& x : s.contested) {
    CHECK(!x.parent.text.empty());
    CHECK(!x.reply.text.empty());
    CHECK(x.parent_stance != x.reply_stance);
    CHECK(SqlInt(db, "SELECT parent_id FROM comments WHERE id = " + std::to_string(x.reply.id)) ==
          x.parent.id);
  }
  // Agreement matrix: hype has #14 agreeing with #1, three opposing replies.
  const TopicSummary& hype = Topic(s, "hype");
  CHECK(hype.Agree() == 1);
  CHECK(hype.Oppose() == 3);
  CHECK(Topic(s, "labour").Agree() == 1);  // #11 sides with #7
}

TEST_CASE("Summary: every figure's SQL runs read-only and is scoped to the thread", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary s = Load(db, 1, /*tree=*/true);
  std::set<std::string> keys;
  for (const auto& f : s.figures) {
    keys.insert(f.key);
    store::Db ro;
    REQUIRE(store::Db::Open(db, store::Db::kReadOnly, &ro).ok());
    store::Stmt st;
    Status prep = ro.Prepare(f.sql, &st);
    INFO(f.key << ": " << f.sql << "\n" << prep.message());
    REQUIRE(prep.ok());
    CHECK(st.ReadOnly());
    Status step;
    st.Step(&step);
    CHECK(step.ok());
    if (f.key != "topics") CHECK(f.sql.find("= 1") != std::string::npos);
  }
  for (const char* k : {"shape", "links", "most_answered", "depth", "topics", "topic_counts",
                        "voices", "quotes", "contested", "agreement", "sources", "tree"})
    CHECK(keys.count(k) == 1);
  CHECK(s.Ref("shape") == "q1");
  CHECK(s.Ref("nope").empty());
}

TEST_CASE("Summary: the tree holds every comment of the thread, with stances", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary s = Load(db, 1, /*tree=*/true);
  REQUIRE(s.tree.size() == static_cast<size_t>(kSmall.thread1_comments));
  CHECK_FALSE(s.tree_capped);
  CHECK(s.tree[0].id == 1);
  CHECK(s.tree[1].parent_id == 1);
  CHECK(s.tree[0].stances.size() == 1);
  CHECK(s.topics[s.tree[0].stances[0].first].name == "hype");
}

TEST_CASE("Summary of the whole store, of a missing thread, of an empty store", "[report]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  Summary all = Load(db, 0);
  CHECK(all.shape.comments == kSmall.comments);
  CHECK(all.shape.threads == kSmall.threads);
  REQUIRE(all.top_threads.size() == 2);
  CHECK(all.top_threads[0].id == 1);
  CHECK(all.top_threads[0].comments == 14);
  CHECK(Topic(all, "hype").Count("overhyped") == 4);  // #15 in thread 2 too
  // The whole store reads the view; one thread filters the same join.
  CHECK(all.Find("agreement")->sql.find("reply_stance") != std::string::npos);
  CHECK(all.provenance.stances == 15);
  CHECK(all.provenance.stances_low == 2);  // #13 (0.2) and #14 (0.4)

  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  Summary s;
  Status missing = LoadSummary(&st.db(), 99, {}, &s);
  CHECK_FALSE(missing.ok());
  CHECK(missing.message().find("no thread 99") != std::string::npos);

  store::Store empty;
  REQUIRE(store::Store::Open(dir.File("empty.db"), store::Db::kReadWrite, &empty).ok());
  Summary e;
  REQUIRE(LoadSummary(&empty.db(), 0, {}, &e).ok());
  CHECK(e.shape.comments == 0);
  CHECK(e.topics.empty());
  CHECK(e.contested_total == 0);
}

TEST_CASE("Summary: limits bound every list", "[report]") {
  testing::TempDir dir;
  std::string db = dir.File("r.db");
  testing::CreateRandomStore(db, 3000, 3);
  store::Store st;
  REQUIRE(store::Store::Open(db, store::Db::kReadOnly, &st).ok());
  SummaryLimits lim;
  lim.load_tree = true;
  lim.tree_nodes = 100;
  lim.contested_rows = 50;
  lim.voices_per_side = 4;
  lim.quotes_per_side = 2;
  Summary s;
  REQUIRE(LoadSummary(&st.db(), 0, lim, &s).ok());
  CHECK(s.tree.size() == 100);
  CHECK(s.tree_capped);
  CHECK(s.contested_capped);
  CHECK(s.contested_total == 50);
  for (const auto& t : s.topics) {
    for (const auto& [pole, v] : t.voices) CHECK(v.size() <= 4);
    for (const auto& [pole, q] : t.quotes) CHECK(q.size() <= 2);
  }
  CHECK(std::any_of(s.caveats.begin(), s.caveats.end(),
                    [](const std::string& c) { return c.find("lower bound") != std::string::npos; }));
}

}  // namespace
}  // namespace threadlens::report
