// The shortcuts in text_units.cc against ICU itself: the ASCII word count against ICU's word
// break iterator, and line-by-line sentence splitting (lines ICU cannot cut are not given to it)
// against ICU's sentence boundaries over the whole text.
#include "stance/text_units.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>

using namespace threadlens::stance;

namespace {

std::string RandomAscii(std::mt19937* rng, const std::vector<std::string>& pieces, int n) {
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::string out;
  for (int i = 0; i < n; ++i) out += pieces[pick(*rng)];
  return out;
}

// Boundaries inside lines: sentence ends not at a line break or the white space after one.
std::set<int> InLineBoundaries(std::string_view text, const std::vector<Span>& spans) {
  std::set<int> out;
  for (const Span& s : spans) {
    int b = s.end;
    if (b >= static_cast<int>(text.size())) continue;
    int j = b;  // white space right after a line break belongs to the line's sentence
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t' || text[j - 1] == '\r')) --j;
    if (j > 0 && text[j - 1] == '\n') continue;
    bool before_break = true;  // ICU may cut before the line break's own white space
    for (int k = b; k < static_cast<int>(text.size()) && text[k] != '\n'; ++k)
      if (text[k] != ' ' && text[k] != '\t' && text[k] != '\r') before_break = false;
    if (before_break) continue;
    out.insert(b);
  }
  return out;
}

}  // namespace

TEST_CASE("ASCII word count agrees with ICU's word break iterator", "[stance]") {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "bc", "Don", "'", "t",     "3",   "42", ".",  ",",
                                           ";", " ",  "  ",  "-", "!",     "?",   "U",  "S",  "(",
                                           ")", "\"", "/",   "$", "%",     "e.g", "x1", "\t", "\n",
                                           "&", "@",  "#",   "+", "1,000", ":",   "_",
                                           "’", "‘",  "“",   "”", "—",     "–",   "it’s"};
  for (int i = 0; i < 4000; ++i) {
    std::string t = RandomAscii(&rng, pieces, 1 + static_cast<int>(rng() % 12));
    INFO("text: '" << t << "'");
    const int icu = CountWordsIcu(t);
    CHECK(CountWords(t) == icu);
    for (int n = 0; n <= 4; ++n) CHECK(HasWords(t, n) == (icu >= n));
  }
  CHECK(CountWords("don't think it's 3.5 or 1,000") == 6);
  CHECK(CountWords("don’t say “it’s 3’000” — ok") == 5);
  CHECK(CountWords("naïve café") == 2);  // not ASCII: ICU counts
  CHECK(HasWords("naïve café au lait", 3));
  CHECK_FALSE(HasWords("naïve café", 3));
  CHECK(CountWordsIcu("one two three four five", 2) == 2);  // stops at the limit
}

TEST_CASE("line-by-line sentence splitting agrees with ICU over the whole text", "[stance]") {
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {
      "AI is a bubble", "it works", ". ",        "? ",    "! ",   "...", " ",    "\n",
      "\n\n",           "  ",       "e.g. this", "U.S. ", "3.5 ", "\"",  "\")",  "Mr. Smith",
      " and so on",     "(yes.) ",  "ok",        "Nope",  "x.y",  "!? ", "\r\n", "“quoted.” ",
      "café. Ça va",    "a’s",      "’",         "”",     "“",    "‘",   "—",    "–",
      "said” ",         "“no” ",    "it’s ",     "end.” ", "?’ ", "e—g", "wow‼ ", "好。"};
  for (int i = 0; i < 2000; ++i) {
    std::string t = RandomAscii(&rng, pieces, 1 + static_cast<int>(rng() % 14));
    INFO("text: '" << t << "'");
    std::vector<Span> fast, icu;
    SplitSentences(t, &fast);
    SplitSentencesIcu(t, &icu);
    // Spans cover the text in order, without gaps or empty sentences.
    int at = 0;
    for (const Span& s : fast) {
      CHECK(s.start == at);
      CHECK(s.end > s.start);
      at = s.end;
    }
    CHECK(at == static_cast<int>(t.size()));
    CHECK(InLineBoundaries(t, fast) == InLineBoundaries(t, icu));
  }
}

TEST_CASE("lines are cut where ICU's sentence iterator cuts them", "[stance]") {
  // Heavy on what the rules turn on: terminators, closers, spaces, letters of both cases, digits,
  // , - : ; and symbols, separators (\r \v \f).
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {
      ".",  "!",  "?",  "...", "\"", "'",  "(",  ")",  "[", "]", "{",  "}",  " ",  "  ", "\t",
      "\v", "\f", "\r", "a",   "the", "x",  "U",  "S",  "No", "3", "42", ",",  "-",  ":", ";",
      "#",  "$",  "%",  "&",   "*",   "+",  "/",  "<",  "=",  "@", "\\", "^",  "_",  "`", "|",
      "~",  "e.g", "Mr", "etc", "A.I", "1.5", "?!", ".)", "!\" "};
  // And from beyond ASCII: letters of both cases and none, digits, terminators, closers,
  // continuers, spaces and separators; combining marks, ZWJ, emoji with a variation selector,
  // soft hyphens and bad bytes (ICU cuts those lines).
  std::vector<std::string> wide = pieces;
  for (const char* p : {"é", "É", "ß", "Ça", "Ω", "ω", "好", "日本", "。", "‼", "؟", "’", "‘", "“",
                        "”", "«", "»", "„", "–", "—", "…", "\u00A0", "\u3000", "¿", "¡", "½",
                        "٣", "\u2028", "\u0085", "·", "€", "e\u0301", "\u200D", "😀\uFE0F",
                        "\u00AD", "\xff", "\xc3"})
    wide.push_back(p);
  auto ends = [](const std::vector<Span>& spans) {
    std::vector<int> out;
    for (const Span& s : spans) out.push_back(s.end);
    return out;
  };
  for (int i = 0; i < 60000; ++i) {
    std::string t = RandomAscii(&rng, i % 2 ? wide : pieces, 1 + static_cast<int>(rng() % 16));
    INFO("line: '" << t << "'");
    std::vector<Span> fast, icu;
    SplitSentences(t, &fast);
    SplitSentencesIcu(t, &icu);
    // As everywhere in SplitSentences: a cut followed only by white space is not made.
    REQUIRE(InLineBoundaries(t, fast) == InLineBoundaries(t, icu));
  }
  std::vector<Span> s;
  SplitSentences("It is. U.S. policy, e.g. this one? No! 3.5 (yes.) Then", &s);
  CHECK(ends(s) == std::vector<int>{7, 35, 39, 50, 54});
}

TEST_CASE("a line break ends a sentence -- the white space after it stays with it", "[stance]") {
  std::vector<Span> s;
  SplitSentences("First line\n\n  Second one. Third", &s);
  REQUIRE(s.size() == 3);
  CHECK(s[0].start == 0);
  CHECK(s[0].end == 14);  // "First line\n\n  "
  CHECK(s[1].end == 26);  // "Second one. "
  CHECK(s[2].end == 31);
}

TEST_CASE("a comma or colon between digits is part of a number, not a clause break",
          "[stance]") {
  CHECK(FindClauseBreak("cut 50,000 jobs") == -1);
  CHECK(FindClauseBreak("a 3:1 ratio") == -1);
  CHECK(FindClauseBreak("in 2023, jobs") == 7);
  CHECK(FindClauseBreak("jobs,50") == 4);
  CHECK(FindClauseBreak("1,000 or so, then") == 11);
  // The bytes before `from` are context: the comma in "50,000" is no break when searched from it.
  CHECK(FindClauseBreak("cut 50,000 jobs, now", 6) == 15);
  CHECK(FindClauseBreak("x, 50,000", 2) == -1);
  CHECK(FindClauseBreak("x, 50,000", 0) == 1);
}
