// InferParents: rebuilds who answered whom in a thread whose dump lost its nesting
// (DESIGN.md section 4).
//
// Pages list comments depth-first, so a comment's parent is the thread or a comment on the path
// from the thread to the previous comment. Among those candidates the evidence decides: quotes
// of an earlier comment or of the article, addressing, agreement and rebuttal openers, answers to
// questions, continuation. Sets Comment::parent, parent_method and parent_confidence for every
// comment, and appends the quotes found to Thread::quotes.
#pragma once

#include "core/model.h"

namespace threadlens {

// REQUIRES: comments have bodies (RepairStage and SegmentStage have run).
void InferParents(Thread* thread);

}  // namespace threadlens
