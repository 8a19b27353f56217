// The in-memory shape of one discussion as it moves through the pipeline.
//
//   Reader -> Thread{lines | comments} -> RepairStage -> SegmentStage -> TreeStage
//          -> StanceStage -> Store::WriteThread
//
// A Thread is owned by exactly one stage at a time (the pipeline hands it from stage to stage),
// so none of these types is synchronised. Indices (Comment::parent, Quote::comment, ...) refer to
// positions in Thread::comments; they are stable once SegmentStage has run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace threadlens {

// How a parent link was found. Stored verbatim in comments.parent_method.
namespace method {
inline constexpr const char* kNone = "none";          // top level (replies to the thread)
inline constexpr const char* kExplicit = "explicit";  // the dump said so
inline constexpr const char* kRepaired = "repaired";  // explicit but broken (missing, cycle)
inline constexpr const char* kQuote = "quote";        // quotes the parent
inline constexpr const char* kAddress = "address";    // "you", "@name", "Replying to"
inline constexpr const char* kOpener = "opener";      // agreement / rebuttal opener
inline constexpr const char* kAnswer = "answer";      // answers a question in the parent
inline constexpr const char* kContinuation = "continuation";
inline constexpr const char* kAdjacency = "adjacency";  // only position says so
inline constexpr const char* kIndent = "indent";        // page indentation / depth markers
}  // namespace method

// One physical line of a line-oriented dump, before segmentation.
struct Line {
  int number = 0;    // 1-based line number in the (decompressed) input
  std::string raw;   // as found, without the line terminator
  std::string text;  // repaired (RepairStage)
};

struct Comment {
  // --- Given by the reader -------------------------------------------------------------------
  std::string ext_id;         // platform id ("t1_abc", "17", ...); empty for text dumps
  std::string parent_ext_id;  // explicit parent's ext_id; empty = top level (or unknown)
  std::string author;         // display name; empty when unknown
  std::string author_ext_id;  // platform user id when the dump has one
  std::string created_at;     // ISO-8601 UTC ("2025-01-27T09:14:00Z"), empty when unknown
  bool created_approx = false;  // resolved from a relative time ("3 hours ago")
  std::optional<int64_t> score;
  std::string raw;              // text as found (format escapes decoded; HTML still HTML)
  bool raw_is_html = false;     // RepairStage converts HTML to text
  int line_start = 0;           // 1-based input lines for line-oriented formats; 0 = n/a
  int line_end = 0;
  std::vector<std::string> flags;  // "deleted", "removed", "spam", "pingback", "placeholder", ...
  int depth_hint = -1;          // nesting level the page showed (indentation, "level 3"); -1 = none
  std::string reply_to;         // name the page says this replies to ("Replying to @x"); "" = none

  // --- Filled by stages ------------------------------------------------------------------------
  std::string body;        // repaired, normalised text
  int parent = -1;         // index into Thread::comments; -1 = replies to the thread
  const char* parent_method = method::kNone;
  double parent_confidence = 1.0;
  int depth = 0;           // 0 = top level
  std::string path;        // sortable materialised path, e.g. "0003.0001"

  bool HasFlag(const std::string& f) const {
    for (const auto& x : flags)
      if (x == f) return true;
    return false;
  }
};

// A span of a comment's body that reproduces other text.
struct Quote {
  int comment = -1;         // the quoting comment
  int quoted_comment = -1;  // -1: the thread's article, or something outside (see of_article)
  bool of_article = false;
  int start = 0, end = 0;   // byte span in comments[comment].body
  double similarity = 1.0;  // 1 = exact
};

// One cue that counted towards a stance (DESIGN.md section 2, table `evidence`).
struct Evidence {
  std::string rule_id;
  std::string pole;     // pole name, or "" for a cue that only shaped confidence
  double weight = 0;    // signed contribution after negation/hedging
  int start = 0, end = 0;  // byte span in the comment's body
  std::string snippet;
  std::string flags;    // comma-separated: negated, hedged, quoted, inherited, contrast, ...
};

struct StanceResult {
  int comment = -1;
  int topic = -1;       // index into the RuleSet's topics
  std::string stance;   // pole_a name, pole_b name, or "neutral"
  double score = 0;     // signed, + towards pole_a
  double confidence = 0;
  std::vector<Evidence> evidence;
};

// Counts of text repairs, per source (summed over threads).
struct RepairCounts {
  int64_t invalid_utf8 = 0;      // bytes replaced by U+FFFD
  int64_t mojibake_reversed = 0; // runs decoded back (e.g. "naivetĂ©" -> "naiveté")
  int64_t lossy_punctuation = 0; // lone "â" restored to ’ — “ ” from context
  int64_t html_to_text = 0;      // bodies converted from HTML
  int64_t control_chars = 0;     // NULs and other controls dropped

  RepairCounts& operator+=(const RepairCounts& o) {
    invalid_utf8 += o.invalid_utf8;
    mojibake_reversed += o.mojibake_reversed;
    lossy_punctuation += o.lossy_punctuation;
    html_to_text += o.html_to_text;
    control_chars += o.control_chars;
    return *this;
  }
  int64_t total() const {
    return invalid_utf8 + mojibake_reversed + lossy_punctuation + html_to_text + control_chars;
  }
};

struct Thread {
  std::string platform;  // "text", "reddit", "hn", ... (authors.platform)
  std::string ext_id;
  std::string title;
  std::string url;
  std::string created_at;
  std::string body_raw;  // the article / post text as found
  bool body_raw_is_html = false;  // RepairStage converts HTML to text (WXR, Disqus)
  std::string body;      // repaired

  // Line-oriented dumps that still need segmentation fill `lines` and leave `comments` empty;
  // SegmentStage turns lines into the article body and comments.
  std::vector<Line> lines;
  bool needs_segmentation = false;

  // True when the reader supplied parent_ext_id for every comment (structured formats).
  bool parents_explicit = false;

  std::vector<Comment> comments;  // document order
  std::vector<Quote> quotes;
  std::vector<StanceResult> stances;
  std::vector<std::string> notes;  // repairs to structure, e.g. "cycle broken at 123"
  RepairCounts repairs;
};

}  // namespace threadlens
