// Text repair: turns text as found into the normalised text every later stage reads.
//
//   RepairCounts counts;
//   std::string body = RepairText(raw, &counts);   // "cafÃ© â itâs" -> "café — it’s"
//
// In order:
//   1. Ill-formed UTF-8 (overlong forms, surrogates, above U+10FFFF, truncated sequences, stray
//      continuation bytes, C0/C1/F5..FF) becomes U+FFFD, one per maximal ill-formed
//      subsequence as ICU and browsers do; counts.invalid_utf8 += the bytes replaced.
//   2. NULs and other C0 controls except \t and \n, and DEL, are dropped (counts.control_chars;
//      \r is dropped uncounted: CRLF is not damage).
//   3. Reversible mojibake — UTF-8 that was decoded as Windows-1252, Latin-1 or Windows-1250,
//      once or twice ("cafÃ©", "naivetĂ©", "Ã¢â‚¬â„¢") — is undone sequence by sequence where
//      re-encoding gives well-formed UTF-8 and the sequence looks like mojibake rather than
//      text; "â€" missing its invisible third byte becomes ”. counts.mojibake_reversed += the
//      characters produced. Then C1 controls left over are dropped (counts.control_chars).
//   4. Lossy mojibake — a lone "â" left where ’ “ ” — – lost its two other bytes — is
//      restored from the letters around it (rules in lost_punctuation.cc);
//      counts.lossy_punctuation += the marks restored. A real "â" (French, Portuguese,
//      Romanian, Vietnamese) is left alone.
//   5. The result is NFC.
// Fast path: text that is ASCII, or clean UTF-8 with nothing that could be mojibake and no
// "â", is returned after one scan (ICU's NFC check runs only if a code point is not
// NFC-inert). Linear in the input; no state between calls; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"
#include "core/pipeline.h"

namespace threadlens {

// REQUIRES: counts != nullptr. Never fails: anything undecodable becomes U+FFFD and is counted.
std::string RepairText(std::string_view raw, RepairCounts* counts);

// Plain text of an HTML fragment (a comment body from Reddit, HN, YouTube, WordPress, Disqus):
//   - character references: the HTML 4 named set plus &apos;, decimal and hex numeric ones
//     (0, surrogates and values above U+10FFFF become U+FFFD; 128..159 mean Windows-1252, as
//     in browsers); &nbsp; becomes a space; unknown or unterminated references stay as text;
//   - <br> is a line break; <p>, headings, lists, <blockquote>, <pre>, <hr>, tables end a
//     paragraph (blank line); <div>, <li> (as "- "), <tr> end a line; white space collapses
//     except inside <pre>;
//   - lines inside <blockquote> start with "> " (one per level), so quoted text stays visible;
//   - <a> keeps its text, or shows its href when the text is empty; <img> shows its alt;
//   - <script>, <style>, <template> content and comments are dropped; other tags are dropped
//     and their content kept;
//   - broken markup loses nothing: a '<' that does not start a complete tag before the next
//     '<' is text, and so is an unclosed comment.
// One pass, linear in the input, no recursion. Never fails. The result still goes through
// RepairText (its encoding is whatever the input's was).
std::string HtmlToText(std::string_view html);

// Applies RepairText to every line, comment body and the article of a Thread, and HtmlToText
// first where Comment::raw_is_html. Counts go to Thread::repairs.
class RepairStage : public Stage {
 public:
  const char* name() const override { return "repair"; }
  Status Process(Thread* thread) const override;
};

}  // namespace threadlens
