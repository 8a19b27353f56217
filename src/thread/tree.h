// TreeStage: gives every comment its parent, depth and materialised path.
//
// Structured dumps (Thread::parents_explicit) name their parents: those links are resolved by
// ext_id and repaired where broken — a missing parent or a self-parent makes the comment top
// level, a cycle is broken at its first comment in document order, a duplicate id keeps its first
// holder as the link target — each repair flagged on the comment and noted on the thread.
// Plain-text dumps get their parents from InferParents (thread/infer.h).
//
// Complexity: O(n) in the thread's comments, iterative (no recursion on input depth); a
// 100,000-deep chain is fine. Paths are bounded: below kMaxPathDepth levels the path continues
// with the comment's depth-first rank, which keeps paths sortable in tree order.
#pragma once

#include <memory>

#include "core/pipeline.h"
#include "thread/page_rules.h"

namespace threadlens {

// Levels spelled out in Comment::path before switching to depth-first rank.
inline constexpr int kMaxPathDepth = 64;

class TreeStage : public Stage {
 public:
  // `rules` supplies the reply cues InferParents weighs; null: the built-in rules.
  explicit TreeStage(std::shared_ptr<const PageRules> rules = nullptr) : rules_(std::move(rules)) {}
  const char* name() const override { return "tree"; }
  Status Process(Thread* thread) const override;

 private:
  std::shared_ptr<const PageRules> rules_;
};

// Resolves parent_ext_id to Comment::parent, repairing as described above.
void ResolveExplicitParents(Thread* thread);

// Fills depth and path from Comment::parent. REQUIRES: parents form a forest (no cycles).
void ComputeDepthAndPath(Thread* thread);

}  // namespace threadlens
