// SegmentStage: turns the lines of a plain-text page (Thread::lines) into the article body and
// a list of comments.
//
// Two shapes of page are told apart by what they contain:
//  * Pages with comment headers (author lines, dates, "3 hours ago", glued headers such as
//    "superfrankyesterday at 8:17 AM1 reply"; rules/page/*.rules kinds header, time): every
//    header starts a comment, and what it says (author, created_at, score, depth, "Replying to")
//    is stored on the Comment. Buttons and counts (kind meta) are dropped.
//  * Bare dumps (bodies only): paragraphs are grouped into comments by weighing, at every
//    paragraph break, evidence that the same writer goes on (continuation openers, a list or
//    footnote, a line announcing what follows, quoted material followed by the writer's own
//    words, a short line completing the previous one) against evidence of a new writer
//    (agreement or rebuttal openers, addressing someone, quoting someone else). How strong a
//    break is depends on the dump: where blank lines separate comments a blank line is strong
//    evidence of a boundary and a bare newline of none; where there are no blank lines at all
//    (one paragraph per line), each newline is only weak evidence.
// In both, indentation (leading spaces or tabs) becomes Comment::depth_hint when the page
// indents replies, and page furniture (paywall prompts, buttons) is dropped, never kept as text.
//
// Each comment gets line_start/line_end (1-based, spanning its header and body), raw (its
// lines as found, joined with "\n") and body (repaired text without furniture).
// Threads that do not need segmentation (structured formats) pass through untouched.
// Complexity: linear in the number of lines (quote checks look back a bounded number of
// comments); no recursion. Safe to call concurrently (PageRules is immutable; state per call).
#pragma once

#include <memory>

#include "core/pipeline.h"
#include "thread/page_rules.h"

namespace threadlens {

class SegmentStage : public Stage {
 public:
  explicit SegmentStage(std::shared_ptr<const PageRules> rules) : rules_(std::move(rules)) {}
  const char* name() const override { return "segment"; }
  Status Process(Thread* thread) const override;

 private:
  std::shared_ptr<const PageRules> rules_;
};

}  // namespace threadlens
