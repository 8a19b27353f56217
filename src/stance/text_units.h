// Sentences, words and clauses of a comment body, as the stance engine sees them.
//
// Sentences are cut by the sentence rules of UAX #29, as ICU's sentence break iterator applies
// them, with spans as byte offsets into the body; a line break always ends a sentence (comments
// use lines as sentences: lists, "> quote" lines, sign-offs). The rules are applied in place
// over ICU's Sentence_Break classes of the characters; a line holding characters those rules
// skip (combining marks, format characters) goes to the iterator itself. Words come from ICU's
// word break iterator (only runs of letters or numbers count). The iterators are created once
// per thread and reused (thread_local), so these functions are safe to call from any thread and
// allocate nothing per call once warm. Linear in the text.
#pragma once

#include <climits>
#include <string_view>
#include <vector>

namespace threadlens::stance {

struct Span {
  int start = 0, end = 0;
  bool Contains(int pos) const { return start <= pos && pos < end; }
};

// Replaces *out with the sentences of `text`, in order, covering it without gaps (white space
// belongs to the sentence it follows). An empty text has no sentences. A line break always ends
// a sentence; within a line, ICU's rules decide.
void SplitSentences(std::string_view text, std::vector<Span>* out);

// Number of words in `text` (letters or numbers; punctuation and spaces are not words), as ICU's
// word break iterator counts them. ASCII text, typographic quotes and dashes included, is
// counted without ICU (same rules, no iterator).
int CountWords(std::string_view text);
// CountWords(text) >= n, counting no further than n.
bool HasWords(std::string_view text, int n);

// The ICU paths themselves, for tests that check the fast paths against them: ICU's word count
// (stopping at `limit`), and ICU's sentence boundaries over the whole text (no line-break rule;
// spans cover the text).
int CountWordsIcu(std::string_view text, int limit = INT_MAX);
void SplitSentencesIcu(std::string_view text, std::vector<Span>* out);

// True when `text` holds a clause break: , ; : ( ) – — " - " or a line break. A comma or colon
// between two digits ("50,000", "3:1") is part of a number, not a break. Used to keep the scope
// of a negation or hedge inside its clause.
bool HasClauseBreak(std::string_view text);
// Offset in `text` of the first clause break at or after `from`, or -1. The bytes before `from`
// are context: a comma at `from` after a digit is not a break when a digit follows it. Search
// the whole text from an offset rather than a suffix of it, or that context is lost.
int FindClauseBreak(std::string_view text, int from = 0);

// Index of the sentence containing byte `pos` (binary search). REQUIRES: !sentences.empty().
int SentenceOf(const std::vector<Span>& sentences, int pos);

// True when `text` holds a word that opens a subordinate clause whose content is taken for
// granted rather than asked or doubted: when, once, because, since, after, before, until, as
// soon as. ("Do you really think they'll pay when the job losses start?" doubts the paying.)
bool HasSubordinator(std::string_view text);

// True when `text` holds at least one letter or digit.
bool HasWordChar(std::string_view text);

}  // namespace threadlens::stance
