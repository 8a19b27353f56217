#include "fuzz_support.h"

#include "rules/rule_source.h"
#include "stance/ruleset.h"
#include "stance/stance_stage.h"
#include "store/store.h"
#include "text/repair.h"
#include "thread/page_rules.h"
#include "thread/segment.h"
#include "thread/tree.h"

namespace threadlens::fuzz {

const std::vector<std::unique_ptr<Stage>>& IngestStages() {
  // Same order as StagePipeline::Build; built here from BuiltinRuleSource() because Build
  // resolves --rules / $THREADLENS_RULES / the install tree, which a fuzzer must not depend on.
  static const auto* stages = [] {
    auto* out = new std::vector<std::unique_ptr<Stage>>();
    rules::RuleSource src = rules::BuiltinRuleSource();
    auto page = PageRules::Load(src);
    auto topics = stance::RuleSet::Load(src);
    Require(page.ok() && topics.ok(), "the built-in rules load");
    out->push_back(std::make_unique<RepairStage>());
    out->push_back(std::make_unique<SegmentStage>(*page));
    out->push_back(std::make_unique<TreeStage>(*page));
    out->push_back(std::make_unique<stance::StanceStage>(*topics));
    return out;
  }();
  return *stages;
}

bool RunStagesAndCheck(Thread* t) {
  for (const auto& stage : IngestStages())
    if (!stage->Process(t).ok()) return false;  // an allowed answer to bad input
  const int n = static_cast<int>(t->comments.size());
  for (int i = 0; i < n; ++i) {
    const Comment& c = t->comments[i];
    Require(c.parent >= -1 && c.parent < n, "parent index in range");
    Require(c.parent != i, "no self-parent after TreeStage");
    if (c.parent < 0) {
      Require(c.depth == 0, "a top-level comment has depth 0");
    } else {
      Require(c.depth == t->comments[c.parent].depth + 1, "depth = parent's depth + 1");
    }
    Require(c.parent_method != nullptr, "parent_method set");
  }
  for (const Quote& q : t->quotes) {
    Require(q.comment >= 0 && q.comment < n, "quote names a comment");
    Require(q.quoted_comment >= -1 && q.quoted_comment < n, "quoted comment in range");
    const std::string& body = t->comments[q.comment].body;
    Require(q.start >= 0 && q.start <= q.end && static_cast<size_t>(q.end) <= body.size(),
            "quote span inside the body");
  }
  for (const StanceResult& s : t->stances) {
    Require(s.comment >= 0 && s.comment < n, "stance names a comment");
    const std::string& body = t->comments[s.comment].body;
    for (const Evidence& e : s.evidence)
      Require(e.start >= 0 && e.start <= e.end && static_cast<size_t>(e.end) <= body.size(),
              "evidence span inside the body");
  }
  return true;
}

void StoreAndDiscard(const Thread& thread) {
  static store::Store* store = [] {
    auto* s = new store::Store();
    Require(store::Store::Open(":memory:", store::Db::kReadWrite, s).ok(), "in-memory store");
    return s;
  }();
  static const std::vector<int64_t> topic_ids = [] {
    std::vector<int64_t> ids;
    auto topics = stance::RuleSet::Load(rules::BuiltinRuleSource());
    std::vector<store::TopicInfo> infos;
    for (const auto& t : (*topics)->topics())
      infos.push_back({t.name, t.question, t.pole_a, t.pole_b});
    Require(store->SetTopics(infos, (*topics)->sha256(), &ids, nullptr).ok(), "topics stored");
    return ids;
  }();
  store::SourceWriter writer(store, {"fuzz", thread.platform, "none", 0}, topic_ids);
  Require(writer.Begin().ok(), "transaction begins");
  Status st = writer.WriteThread(thread);
  Require(st.ok(), "a thread that passed the stages can be stored");
  // No Commit: the writer's destructor rolls the transaction back.
}

}  // namespace threadlens::fuzz
