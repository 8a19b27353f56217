// Words, shingles and quotes: how InferParents and SegmentStage tell that one text reproduces
// another, exactly or nearly.
//
//   TextShingles a = TextShingles::Of(reply_body), b = TextShingles::Of(parent_body);
//   QuoteSpan q = FindQuote(a, b);
//   if (q.matched >= 2) quotes.push_back({..., q.start, q.end, q.similarity});
//
// A word is a run of letters, digits and apostrophes (non-ASCII bytes count as letters, so any
// script works); it is hashed case-folded (ASCII) with apostrophes left out, so "It’s" = "its".
// A shingle is the hash of kShingleWords consecutive words. A quote is a run of the quoting
// text's shingles that occur in the source, allowing a bounded number of misses inside the run
// (near-exact: a changed word, a typo, an elision). Everything here is linear in the texts'
// lengths (lookups are binary searches: O(n log m)); nothing allocates per lookup. Thread-safe:
// plain values.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace threadlens {

// Words per shingle: four words rarely repeat by chance in comments, yet a quote of one short
// sentence still has several shingles.
inline constexpr int kShingleWords = 4;
// Missing shingles tolerated inside one quoted run: one changed word breaks up to four shingles.
inline constexpr int kQuoteGapShingles = 4;

struct Word {
  uint32_t start = 0, end = 0;  // byte span in the text
  uint64_t hash = 0;            // case-folded, apostrophes left out
  bool stop = false;            // a function word ("the", "and", ...): no topical weight
};

// Splits `text` into words (see above). Appends to *out.
void SplitWords(std::string_view text, std::vector<Word>* out);

// Hash of one word as SplitWords computes it (for cue words in code).
uint64_t WordHash(std::string_view word);

struct TextShingles {
  std::vector<Word> words;
  std::vector<uint64_t> at;      // at[i]: shingle starting at word i (words.size() - k + 1)
  std::vector<uint64_t> sorted;  // `at`, sorted and unique, for lookups
  std::vector<uint64_t> content; // hashes of content words (not stop words), sorted, unique

  static TextShingles Of(std::string_view text);
  bool HasShingle(uint64_t h) const;
  bool HasWord(uint64_t h) const;  // content words only
};

struct QuoteSpan {
  int matched = 0;          // shingles of the run found in the source
  int start = 0, end = 0;   // byte span of the run in the quoting text
  double similarity = 0;    // matched / shingles spanned (1 = exact)
  double coverage = 0;      // matched / all shingles of the quoting text
};

// The longest near-exact run of `quoting` found in `source` (matched == 0 when none).
QuoteSpan FindQuote(const TextShingles& quoting, const TextShingles& source);

// True when the words quoting.words[from, to) occur consecutively in `source` (a short quoted
// phrase: 'Other areas'). Linear in source's words. REQUIRES: from < to <= quoting.words.size().
bool ContainsPhrase(const TextShingles& quoting, size_t from, size_t to,
                    const TextShingles& source);

}  // namespace threadlens
