// Comments without text of their own — deleted ones, or records whose text is missing — matter
// only when someone replied to them: then they stay as placeholders so that the tree keeps its
// shape (DESIGN.md section 4); otherwise they carry nothing and are dropped.
//
//   std::vector<bool> textless = ...;  // one per thread->comments[i]
//   int dropped = KeepRepliedPlaceholders(thread, textless);
//
// Used by the XML and HTML readers, before the tree stage, so links are followed by ext_id the
// way TreeStage will follow them (parent_ext_id to the first comment holding that id).
#pragma once

#include <vector>

#include "core/model.h"

namespace threadlens {

// Keeps a textless comment iff a comment with text descends from it (through any chain of
// textless ones); a kept one gets the flag "placeholder" and an empty raw. Removes the other
// textless comments, keeping document order, and returns how many. Cycles and missing parents
// are tolerated (they are the tree stage's to repair). O(n), iterative.
// REQUIRES: textless.size() == thread->comments.size().
int KeepRepliedPlaceholders(Thread* thread, const std::vector<bool>& textless);

}  // namespace threadlens
