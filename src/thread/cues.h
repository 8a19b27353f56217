// Cues: small facts about a paragraph's shape that SegmentStage and InferParents weigh — where
// its first sentence ends, whether it is a bare link, a list item, wholly quoted, a question,
// which @names it opens with. Words people use (openers, addressing) are not here but in
// rules/page/*.rules; these are the shapes that need code. Pure functions, linear in the text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace threadlens::cues {

// `s` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view s);

// The first sentence (up to and including the first . ? ! followed by a space or the end), at
// most 200 bytes.
std::string_view FirstSentence(std::string_view s);
// The last sentence (after the last . ? ! that is followed by a space), at most 300 bytes.
std::string_view LastSentence(std::string_view s);

// Ends with . ! ? … or a closing quote/bracket after one of them.
bool EndsSentence(std::string_view s);
// Number of words (runs of non-space bytes).
int CountWords(std::string_view s);
// The paragraph is only a link ("https://…", "www.…").
bool IsBareUrl(std::string_view s);
bool HasUrl(std::string_view s);
// "1. text", "2.text", "3) text" -> 1, 2, 3; 0 when not a numbered item.
int ListNumber(std::string_view s);
// "- item", "• item", "* item" (a bullet followed by a space).
bool IsBullet(std::string_view s);
// Opens with a quotation mark and closes it at the end (allowing trailing punctuation).
bool WhollyQuoted(std::string_view s);
// Opening minus closing double quotation marks (“ ” and paired ASCII " are balanced by parity).
int OpenQuotes(std::string_view s);
// Byte spans of phrases inside quotation marks (“…”, ‘…’, "…", «…»), inner text only.
std::vector<std::pair<size_t, size_t>> QuotedPhrases(std::string_view s);
// A sentence that asks: ends with '?' (or '?' followed by a closing quote).
bool IsQuestion(std::string_view sentence);
// The @names at the very start ("@ann @bob thanks" -> {"ann", "bob"}), lower-cased.
std::vector<std::string> LeadingMentions(std::string_view s);
// Every @name anywhere, lower-cased.
std::vector<std::string> Mentions(std::string_view s);
// Starts with a lower-case ASCII letter (a line broken mid-sentence).
bool StartsLower(std::string_view s);

}  // namespace threadlens::cues
