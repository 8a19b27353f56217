#include "stance/stance_stage.h"

#include "stance/classify.h"

namespace threadlens::stance {

Status StanceStage::Process(Thread* thread) const {
  const int n = static_cast<int>(thread->comments.size());
  // Results per comment, so a reply can read its parent's; parents come first in document
  // order, and a parent that does not (a broken link) is simply not consulted.
  std::vector<std::vector<StanceResult>> results(n);
  std::vector<std::vector<Span>> quotes(n);
  for (const Quote& q : thread->quotes)
    if (q.comment >= 0 && q.comment < n && q.start < q.end)
      quotes[q.comment].push_back({q.start, q.end});
  // The topics the thread's title and article are about: every top-level comment is in their
  // context, and a reply is in its parent's (anchors marked `needs: context`).
  std::vector<char> thread_context = ContextOf(*rules_, thread->title + "\n" + thread->body);
  std::vector<std::vector<char>> context(n);
  for (int i = 0; i < n; ++i) {
    const Comment& c = thread->comments[i];
    ClassifyContext ctx;
    ctx.quotes = std::move(quotes[i]);
    bool has_parent = c.parent >= 0 && c.parent < i;
    if (has_parent) ctx.parent = &results[c.parent];
    ctx.context = has_parent ? context[c.parent] : thread_context;
    ctx.context_out = &context[i];
    results[i] = Classify(*rules_, c.body, ctx);
    for (StanceResult& r : results[i]) r.comment = i;
  }
  thread->stances.clear();  // idempotent: a second run replaces, not duplicates
  for (auto& rs : results)
    for (auto& r : rs) thread->stances.push_back(std::move(r));
  return Status::Ok();
}

}  // namespace threadlens::stance
