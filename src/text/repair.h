// Text repair: turns text as found into the normalised text every later stage reads.
//
//   RepairCounts counts;
//   std::string body = RepairText(raw, &counts);
//
// In order: invalid UTF-8 (including overlong forms and surrogates) becomes U+FFFD; NULs and
// other C0/C1 controls except \t and \n are dropped; reversible mojibake (UTF-8 that was decoded
// as Windows-1252, Latin-1 or Windows-1250, once or twice) is undone where re-encoding gives
// valid UTF-8 exactly; the lossy form — a lone "â" left where a curly quote or dash lost its two
// invisible bytes — is restored from context; the result is NFC. Correct text (French "â",
// Portuguese, Vietnamese) is left alone. Linear in the input; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"
#include "core/pipeline.h"

namespace threadlens {

// REQUIRES: counts != nullptr. Never fails: anything undecodable becomes U+FFFD and is counted.
std::string RepairText(std::string_view raw, RepairCounts* counts);

// Plain text of an HTML fragment (a comment body from Reddit, HN, YouTube, WordPress, Disqus):
// entities decoded, <br> and block ends as newlines, <a> keeps its text, other tags dropped.
// The result still goes through RepairText.
std::string HtmlToText(std::string_view html);

// Applies RepairText to every line, comment body and the article of a Thread, and HtmlToText
// first where Comment::raw_is_html. Counts go to Thread::repairs.
class RepairStage : public Stage {
 public:
  const char* name() const override { return "repair"; }
  Status Process(Thread* thread) const override;
};

}  // namespace threadlens
