// Quoted text in a comment body: what the commenter reproduces rather than says.
//
// Finds (1) lines starting with ">" (the Markdown / e-mail quote), (2) text between quotation
// marks — “…”, «…», "…", ‘…’ and '…' — that is long enough to be a quotation rather than a scare-
// quoted term or an apostrophe (kMinQuoteWords words or more). A quotation never runs past the
// end of its paragraph: an unclosed mark quotes nothing. Reported speech ("they say …") is a
// rule-file matter and handled by the classifier. Linear in the text; no allocation beyond
// *out; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "stance/text_units.h"

namespace threadlens::stance {

// Words a marked passage needs to count as a quotation: “AI” or ‘UBI’ is a term held at arm's
// length, not someone else's words; three words are the shortest quotes people argue with.
inline constexpr int kMinQuoteWords = 3;

// Appends the quoted spans of `text` to *out (unsorted, may overlap).
void FindQuotedSpans(std::string_view text, std::vector<Span>* out);

}  // namespace threadlens::stance
