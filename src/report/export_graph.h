// The reply network as a graph file for Gephi and other graph tools: GEXF 1.3 or GraphML, with
// every attribute declared before use (GEXF <attributes>, GraphML <key>).
//
// Nodes are comments or authors:
//   comments: id "c<comment id>"; attributes thread, author, depth, created_at, parent_method,
//             parent_confidence, text (first 200 characters), and per topic its stance.
//   authors:  id "a<author id>"; attributes platform, comments (count), and per topic the
//             dominant stance (most frequent non-neutral one; "mixed" on a tie, "neutral" if
//             only neutral). Comments without an author are left out (counted in the result).
// Edges point from a reply to what it answers ("who answers whom"):
//   comments: weight 1; per topic "agree" / "oppose" / "neutral" when both ends took up the
//             topic (absent otherwise); the link's method and confidence.
//   authors:  one edge per (replying author, answered author), weight = number of replies;
//             per topic <topic>_agree and <topic>_oppose counts.
//
// Output is well-formed XML 1.0 whatever the store holds: text is escaped and characters XML
// forbids are dropped (report/markup.h). Streams rows; author mode keeps per-author counts in
// memory (bounded by the number of authors).
#pragma once

#include <cstdint>
#include <ostream>

#include "core/status.h"
#include "store/db.h"

namespace threadlens::report {

enum class GraphFormat { kGexf, kGraphml };
enum class GraphNodes { kComments, kAuthors };

struct GraphStats {
  int64_t nodes = 0, edges = 0;
  int64_t comments_without_author = 0;  // author mode: comments not in the graph
  int64_t replies_without_author = 0;   // author mode: replies with an unknown end, not drawn
};

Status ExportGraph(store::Db* db, GraphFormat format, GraphNodes nodes, std::ostream& out,
                   GraphStats* stats);

}  // namespace threadlens::report
