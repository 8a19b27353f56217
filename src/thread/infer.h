// InferParents: rebuilds who answered whom in a thread whose dump lost its nesting
// (DESIGN.md section 4).
//
//   InferParents(&thread);  // after SegmentStage; sets parent, parent_method, parent_confidence
//
// Pages list comments depth-first, so a comment's parent is the thread or a comment on the
// path from the thread to the previous comment (the "spine"). Choosing one is choosing a move
// from the previous comment: child (answers it), sibling (answers its parent), pop k levels, or
// top level. Each candidate — the thread and at most kMaxCandidates comments nearest the bottom
// of the spine — scores the log prior of its move plus the evidence that the comment answers it:
//   quote         it reproduces the candidate's words (shingle match, near-exact), a '>' quote
//                 of them, or a quoted phrase found in them; for the thread, the article
//   address       it names the candidate's author (@name, "Replying to"); on Twitter-shaped
//                 threads its @mention prefix names whom it answers (the candidate's author as
//                 its other replies name it, or the thread's author, the name most prefixes
//                 hold), and a candidate whose own prefix holds that name was not written by
//                 them; or it talks to someone ("your point")
//   opener        it opens with agreement or rebuttal ("I totally agree", "Not really")
//   answer        the candidate ends with a question
//   continuation  it shares the candidate's rarer words (idf-weighted cosine); in chat threads
//                 also whether it shares any word at all, weighed by the thread's own rates of
//                 sharing with a parent and with another comment on the spine (learnt by the
//                 self-training below), so sharing nothing with the comment above but words
//                 with one further up moves the reply up
//   indent        the page showed its depth (Comment::depth_hint): that decides
//   removed       the comment just above is a removal placeholder ("[deleted]"): pages keep one
//                 only when it has replies
// A comment showing no sign of answering anybody (none of the above, no short reaction) leans
// to top level; so does a fresh start ("I think ...", "Is anyone ...") where comments are long
// (an article's comment section; in chat nearly every reply opens so). The best score wins;
// its strongest evidence names the method (adjacency when only position speaks, none for top
// level) and its posterior probability among the candidates is the confidence. Quotes found are
// appended to Thread::quotes (byte spans in the quoting body) so stance can leave them out.
//
// Self-training: the move prior starts from the thread's length-based style (article comment
// section or chat) and is re-estimated from the thread itself — each pass counts the moves the
// evidence chose (expected counts under the posterior, against what the prior alone would
// choose), smooths them towards the start, and the next pass uses them. A chain-like thread
// comes to prefer child-of-previous, a flat one top level, a fan siblings. Two passes (one
// re-estimation: more drifted on threads with few cues), each linear.
//
// Complexity: O(passes * n * kMaxCandidates * L log L) for n comments of L words: linear in the
// thread for bounded comment length. The spine is an explicit vector (no recursion on depth); a
// 100,000-deep chain is fine. Per-comment features live only while the comment is on the spine
// (Twitter-shaped threads keep two short names per comment besides).
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
