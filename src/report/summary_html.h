// The summary as one self-contained HTML page: inline CSS, inline SVG charts (stance bars per
// topic, the depth profile), and the reply tree as nested <details>/<summary> coloured by
// stance, so it opens and folds without JavaScript or network. Nothing is fetched: no external
// stylesheet, script, image or font. All text from the store is escaped (report/markup.h).
//
// Every figure carries a `title` (shown on hover) naming its query, and a "Queries" block at
// the end lists the SQL under anchors #q1, #q2, ... Tree nodes have id "c<comment id>" and
// class "node", one per comment shown (Summary::tree).
#pragma once

#include <string>

#include "report/summary_data.h"

namespace threadlens::report {

// REQUIRES: `s` was loaded with SummaryLimits::load_tree for the tree to be drawn.
std::string RenderHtml(const Summary& s);

}  // namespace threadlens::report
