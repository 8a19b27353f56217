// InferParents: rebuilds who answered whom in a thread whose dump lost its nesting
// (DESIGN.md section 4).
//
//   InferParents(&thread);  // after SegmentStage; sets parent, parent_method, parent_confidence
//
// Pages list comments depth-first, so a comment's parent is the thread or a comment on the
// path from the thread to the previous comment (the "spine"). Each of those candidates — the
// thread and at most kMaxCandidates comments nearest the bottom of the spine — is scored with
// the evidence that the comment answers it:
//   quote         it reproduces the candidate's words (shingle match, near-exact), a '>' quote
//                 of them, or a quoted phrase found in them; for the thread, the article
//   address       it names the candidate's author (@name, "Replying to"), or its @mentions
//                 extend the candidate's (Twitter), or it talks to someone ("your point")
//   opener        it opens with agreement or rebuttal ("I totally agree", "Not really")
//   answer        the candidate ends with a question
//   continuation  it shares the candidate's rarer words more than the article's
//   indent        the page showed its depth (Comment::depth_hint): that decides
// and a prior: a comment that answers nobody in particular is usually top level. The best
// score wins; its strongest evidence names the method (adjacency when only position speaks,
// none for top level) and the margin over the runner-up sets the confidence. Quotes found are
// appended to Thread::quotes (byte spans in the quoting body) so stance can leave them out.
//
// Complexity: O(n * kMaxCandidates * L log L) for n comments of L words: linear in the thread
// for bounded comment length. The spine is an explicit vector (no recursion on depth); a
// 100,000-deep chain is fine. Per-comment features live only while the comment is on the spine.
#pragma once

#include "core/model.h"
#include "thread/page_rules.h"

namespace threadlens {

// Spine comments considered as a parent, nearest first (plus the thread itself). Real replies
// attach within a few levels of the previous comment; 12 covers the deepest jumps seen back up
// a Reddit thread of depth 10 while keeping the work per comment bounded.
inline constexpr int kMaxCandidates = 12;

// REQUIRES: comments have bodies (RepairStage and SegmentStage have run). `rules` supplies the
// reply cues (kinds opener, address, fresh, quote-line); InferParents(thread) uses the built-in
// rules.
void InferParents(Thread* thread, const PageRules& rules);
void InferParents(Thread* thread);

}  // namespace threadlens
