// Classify: the stance of one text on every topic of a RuleSet — the rule engine.
//
//   stance::ClassifyContext ctx;            // no parent, no known quotes
//   auto results = stance::Classify(*rules, "The AI boom is a bubble.", ctx);
//   // results[0]: topic "hype", stance "overhyped", score +1, evidence {overhyped.bubble, …}
//
// What it does, in order (rules/README.md "How a stance is computed" is the user's version):
//  1. ICU splits sentences. One RE2::Set pass over each sentence (all anchors, cues and
//     shared markers of all topics at once, those with word gaps prefiltered: PatternBank)
//     says which patterns occur where.
//  2. A sentence is on a topic when it, or one of the `anchor_reach` sentences before or after
//     it, holds one of the topic's anchors (or a cue marked `anchor: yes`); a reply's opening
//     sentences are also on topic when its parent was. An anchor marked `needs: context` counts
//     only in the topic's context: a [context] term or a plain anchor in the comment,
//     ctx.context (thread, ancestors), or a parent on the topic. Only then are that topic's cues — and
//     the markers around them — located, each with its own RE2 in that sentence.
//  3. Quoted text — ctx.quotes, quotation marks, "> " lines, reported speech ("they say …") —
//     keeps its evidence, flagged `quoted`, with no weight, unless a rebuttal ("… but it's not")
//     or endorsement ("… and they're right") turns it into the commenter's own view. A cue only
//     partly inside quotation marks ("the 'it's all fake' crowd") is the commenter's own.
//  4. Each cue's weight is multiplied by what governs it: of each kind, the strongest negator,
//     hedge and booster within its scope (words before the cue, same clause), contrast (before
//     "but", inside "although"), the strongest question and sarcasm marker in its sentence. A
//     marker inside the cue, or inside an earlier cue of the topic, is part of that cue's words
//     and governs neither (rules/README.md "Which markers govern a cue").
//  5. Per sentence the signed weights add up and are clipped to the topic's sentence_cap; the
//     score is the sum over sentences. |score| >= threshold takes a side, otherwise "neutral".
//  6. A reply with no counted cue of its own that opens by agreeing or disagreeing ("Exactly.",
//     "Nonsense.") inherits or opposes its parent's stance, flagged `inherited`.
//  7. Confidence grows with the margin and the number of cues, and shrinks with conflicting
//     cues and with every hedge, negation, question, sarcasm and inheritance that shaped it.
//
// Off-topic topics get no result. Linear in the text (RE2, ICU, bounded scopes); thread-safe:
// scratch space is thread_local, the RuleSet is read-only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "stance/pattern_bank.h"
#include "stance/ruleset.h"
#include "stance/text_units.h"

namespace threadlens::stance {

struct ClassifyContext {
  // The parent comment's results (any topic order); nullptr for a top-level comment.
  const std::vector<StanceResult>* parent = nullptr;
  // By topic index: nonzero when the text around this one already establishes the topic's
  // context — the thread's title and article (ContextOf) or an ancestor (context_out of the
  // parent). Missing entries count as zero. Anchors marked `needs: context` need it.
  std::vector<char> context;
  // Out, when set: by topic, whether a reply to this text is in the topic's context — given
  // here, established by this text (a [context] section or an anchor without `needs: context`
  // in it), or this text is on the topic.
  std::vector<char>* context_out = nullptr;
  // Byte spans of the text known to quote other text (Thread::quotes of this comment).
  std::vector<Span> quotes;
  // PatternBank::kReference checks the fast path in tests; nothing else should use it.
  PatternBank::Mode mode = PatternBank::kSet;
};

// Why each piece of evidence has its weight, for `classify --explain`.
struct Trace {
  std::vector<Span> sentences;
  std::vector<Span> quoted;  // every span treated as not the commenter's own words
  struct Found {
    std::string rule_id;
    int start = 0, end = 0;
  };
  std::vector<Found> markers;  // shared markers found (negators, contrast, openers, …)
  std::vector<Found> anchors;  // anchors found, "<topic>: anchor.<name>"
  // why[i][j]: how results[i].evidence[j] got its weight ("overhyped.bubble 1 × not -0.7 …").
  std::vector<std::vector<std::string>> why;
};

// By topic: whether `text` (a thread's title and article) establishes the topic's context.
std::vector<char> ContextOf(const RuleSet& rules, std::string_view text);

// Returns one StanceResult per on-topic topic, in topic order, with StanceResult::topic set and
// StanceResult::comment left at -1. `trace` may be nullptr.
std::vector<StanceResult> Classify(const RuleSet& rules, std::string_view text,
                                   const ClassifyContext& ctx, Trace* trace = nullptr);

}  // namespace threadlens::stance
