// The figures of a summary (DESIGN.md section 5), computed with SQL on the store, each kept
// next to the exact SQL text that produced it so every renderer can show how to recompute it.
//
//   store::Store st;
//   TL_RETURN_IF_ERROR(store::Store::Open(path, store::Db::kReadOnly, &st));
//   report::Summary s;
//   TL_RETURN_IF_ERROR(report::LoadSummary(&st.db(), /*thread_id=*/0, {}, &s));
//   std::string md = report::RenderMarkdown(s);     // summary_md.h; also _html.h, _json.h
//
// Every number in a Summary comes from one row set of one Figure's `sql`; the SQL is written
// with the scope (a thread id, or nothing for the whole store) inlined, so pasting it into
// `threadlens query` gives the same rows. Derived values (shares, agree/oppose totals, the
// back-and-forth chains) are simple sums over those rows, noted where they are made.
//
// Cost: every query is an aggregate over indexed columns or a LIMITed list; lists are capped by
// SummaryLimits, so memory is bounded whatever the store size. A 1M-comment store takes seconds.
// The loader keeps no state; call it from any thread with that thread's own Db.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace threadlens::report {

// How much of each list is kept. Defaults suit a report meant for a person.
struct SummaryLimits {
  int most_answered = 5;       // comments with the most direct replies
  int top_threads = 5;         // whole-store summaries: largest threads
  int voices_per_side = 12;    // comment ids listed per topic side, most confident first
  int quotes_per_side = 3;     // verbatim quotes per topic side
  int contested_rows = 50000;  // contested replies read to find back-and-forths (bounds memory)
  int contested_shown = 8;     // exchanges shown with both texts
  int chains_shown = 4;        // back-and-forths listed
  int tree_nodes = 2000;       // HTML reply tree: a page beyond this is unreadable anyway
  size_t quote_cols = 220;     // a quote is one sentence-sized snippet
  size_t brief_cols = 140;     // a quote in the Markdown briefing: two terminal lines at most
  size_t text_cols = 160;      // shortened comment texts
  bool load_tree = false;      // only the HTML page draws the tree
};

// One numbered figure: what it shows and the SQL that recomputes it (exactly what ran).
struct Figure {
  std::string key;    // stable name, used by JSON ("shape", "links", "topic_counts", ...)
  std::string title;  // human title ("Size and shape")
  std::string sql;
};

struct Shape {
  int64_t comments = 0, threads = 0, authors = 0, with_author = 0, replies = 0, max_depth = 0;
  double mean_depth = 0;
  int64_t dated = 0, dated_approx = 0, scored = 0;  // comments with created_at / score
};

struct LinkMethod {
  bool top_level = false;  // the comment was placed at the top level (parent_id NULL)
  std::string method;
  int64_t comments = 0, high = 0, medium = 0, low = 0;  // confidence >= 0.8, 0.5..0.8, < 0.5
};

struct CommentText {
  int64_t id = 0;
  std::string author;  // empty when unknown
  std::string text;    // shortened body, or the sentence that carries the stance
};

struct Answered {
  CommentText comment;
  int64_t replies = 0;
};

struct ThreadSize {
  int64_t id = 0, comments = 0;
  std::string title;
};

struct Voice {
  int64_t comment_id = 0;
  std::string author;
  double confidence = 0;
};

struct QuoteText {
  int64_t comment_id = 0;
  std::string author;
  double confidence = 0;  // the comment's stance confidence
  std::string rule_id;    // the cue the snippet was found by
  std::string text;       // sentence around the evidence span, from comments.body
  std::string brief;      // the same, at most SummaryLimits::brief_cols (terminal briefing)
};

struct TopicSummary {
  std::string name, question, pole_a, pole_b, rules_sha256;
  std::map<std::string, int64_t> counts;               // stance -> comments (no row: off topic)
  std::map<std::string, std::vector<Voice>> voices;    // pole -> most confident comments
  std::map<std::string, std::vector<QuoteText>> quotes;  // pole -> clearest quotes
  // (parent stance, reply stance) -> replies, from the reply_stance view's rows.
  std::map<std::pair<std::string, std::string>, int64_t> agreement;
  int64_t contested = 0;  // replies on the opposite pole of their parent (within the cap)

  int64_t on_topic() const;
  int64_t Count(const std::string& stance) const;
  // Agreement totals over `agreement`: same pole, opposite poles, either side neutral.
  int64_t Agree() const;
  int64_t Oppose() const;
  int64_t NeutralPairs() const;
};

// A reply that takes the opposite pole of its parent on a topic.
struct Exchange {
  std::string topic;
  std::string parent_stance, reply_stance;
  double confidence = 0;  // the lower of the two stances' confidences
  CommentText parent, reply;
};

// A connected run of contested replies on one topic: an argument that went back and forth.
struct Chain {
  std::string topic;
  std::vector<int64_t> comments;        // in document (id) order
  std::vector<std::string> stances;     // parallel to comments
  std::vector<std::string> authors;     // parallel to comments ("" unknown)
  int64_t exchanges = 0;                // contested replies in the run
};

// What the data gave and what threadlens inferred. The link counts are sums over
// Summary::links; authors, dates and scores come from Summary::shape.
struct Provenance {
  int64_t links_given = 0, links_repaired = 0, links_inferred = 0, top_level = 0;
  int64_t with_author = 0, dated = 0, dated_approx = 0, scored = 0;
  int64_t stances = 0, stances_low = 0;  // stance rows; those with confidence < 0.5
  std::vector<std::string> formats, tool_versions, rules_sha256;
};

struct TreeNode {
  int64_t id = 0, thread_id = 0, parent_id = 0;  // parent_id 0: top level
  int64_t depth = 0;
  std::string author, method;
  double confidence = 1;
  std::string body;  // shortened for display
  std::vector<std::pair<size_t, std::string>> stances;  // (index into topics, stance)
  std::vector<double> stance_confidence;                // parallel to stances
};

struct Summary {
  int64_t thread_id = 0;  // 0: the whole store
  std::string title;      // thread title (may be empty)
  std::string url;
  std::string tool_version;

  Shape shape;
  std::vector<std::pair<int64_t, int64_t>> depth;  // (depth, comments)
  std::vector<LinkMethod> links;
  std::vector<Answered> most_answered;
  std::vector<ThreadSize> top_threads;  // whole store with more than one thread only
  std::vector<TopicSummary> topics;
  int64_t contested_total = 0;
  bool contested_capped = false;  // contested_total is a lower bound
  std::vector<Exchange> contested;
  std::vector<Chain> chains;
  Provenance provenance;
  std::vector<std::string> caveats;
  std::vector<TreeNode> tree;  // document order, when SummaryLimits::load_tree
  bool tree_capped = false;

  std::vector<Figure> figures;
  // The figure named `key`, as "q<N>" (1-based in figures order), or "" if absent.
  std::string Ref(const std::string& key) const;
  const Figure* Find(const std::string& key) const;
};

// Fills *out for thread `thread_id` (0: the whole store). Error if the thread does not exist
// or a query fails (the message names the figure).
Status LoadSummary(store::Db* db, int64_t thread_id, const SummaryLimits& limits, Summary* out);

}  // namespace threadlens::report
