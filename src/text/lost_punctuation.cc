// Lossy mojibake: a lone "â" where a curly quote, apostrophe or dash lost its two other bytes.
//
// How the damage happens: ’ “ ” ‘ — – are E2 80 xx in UTF-8 with xx in 80..9F. Read as Latin-1,
// that is "â" plus two C1 controls; a later step that strips controls leaves only the "â".
// So the "â" says "some punctuation mark was here" and the letters around it say which.
//
// The decision, in the order the code takes it. L is the run of letters/digits just before the
// "â", R the run just after (a lone "â" ends a run: "bestâtheyâre" has runs best, they, re).
//
//  A. Cases a real "â" can never produce, so they are always repaired ("certain"):
//     - spaces on both sides ("tokens â that is"): a dash. No word of French, Portuguese,
//       Romanian or Vietnamese is the letter "â" alone.
//     - after a letter and before a space, punctuation or the end ("governmentâ,", "Manâ"):
//       a closing quote; but a plural possessive apostrophe when L ends in "s", a word follows,
//       and no quote is open ("rivalsâ GPU"). Real "â" never ends a word in those languages:
//       Vietnamese "â" only occurs before a final consonant or u/y, Romanian and Portuguese "â"
//       sit before a nasal inside the word, and French words end "-ât", not "-â".
//     - before an uppercase letter or digit ("âTell", "bestâThey"): an opening quote at a word
//       start, a dash inside a word. Real "â" is followed by lowercase. Except a decade at a
//       word start ("the â90s"): an apostrophe.
//     - an English contraction or possessive, R being s, t, re, ve, ll, d, m followed by a word
//       end ("DeepSeekâs", "donât", "theyâre", "Iâm"): an apostrophe. Each suffix has a
//       condition that keeps real words out: "'s" needs a vowel in L, an acronym or a digit
//       (Romanian "râs" has none); "'t" needs L ending in "n" (the n't of don, can, isn...),
//       so French "mât", "dégât", "appât" stay; "'m" needs L = "I" (Vietnamese "Tâm" stays).
//       Known blind spots: French imperfect subjunctives "donnât", "tournât" read as n't;
//       Welsh, where "â" is a word of its own ("gyda â"), reads as a dash; Turkish "â" at a
//       word end is kept only when the word has another "â" ("hâlâ"). French elision that lost
//       its apostrophe ("lâété", "Câest") is not restored: "c"+"â"+"ine" is Romanian "câine".
//     - after punctuation: a closing quote before a space or the end ("massacre.â But"), an
//       opening quote before a word ("to:âTell"), unless a quote is open.
//     - R or L is a common English function word ("âthe", "bestâthey"): those are English, and
//       none of them is the rest of a French/Portuguese/Romanian/Vietnamese word around "â"
//       (the list leaves out "a", "i", "me", "none", which are: "câi", "âme", "cânone").
//  B. Cases where a real "â" is possible ("âinclude" vs "âge", "bestâworst" vs "château"):
//     repaired only when the text as a whole shows the damage more than it shows a language
//     that uses "â": more certain repairs (A) and reversed mojibake than letters with
//     diacritics (é ç ă ș ơ ...). Even then a real-looking word is kept:
//       - R starting with m or n: Portuguese, Romanian and Vietnamese "â" is nearly always
//         followed by a nasal (câmara, lâmpada, România, câine... cân, Tâm);
//       - the French word-initial set âge, âgé, âpre, âcre, âtre, âme, âne, and "u"/"y" after
//         a word-initial "â" (Vietnamese âu, ây);
//       - inside a word, L without a vowel (château, gâteau, pâte, bâtiment, crâne) or R
//         without a vowel (dégâts), or R = "tre(s)" (théâtre, bleuâtre).
//     Otherwise an opening quote at a word start and a dash inside a word.
//  An apostrophe or hyphen between a letter and the "â" ("l’âge", "moyen-âge") counts as a
//  word start, so French elision and compounds go through the word-start rules.
//  After a word that itself runs through an "â" left alone ("hâlâ"), the "â" is left alone
//  too: it is part of the same real word.
//  C. Anything else is left alone: a text that is just "â", ties, an "â" followed by a
//     combining mark (decomposed Vietnamese: the "â" is part of a letter).
//
// Which quote: opening and closing quotes are paired left to right; curly quotes already in
// the text take part. Dashes are em dashes, except an en dash between two digits.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "text/repair_internal.h"

namespace threadlens::text_internal {
namespace {

constexpr char32_t kLoneA = 0xE2;
constexpr char32_t kApostrophe = U'\u2019';
constexpr char32_t kOpenQuote = U'\u201C';
constexpr char32_t kCloseQuote = U'\u201D';
constexpr char32_t kEmDash = U'\u2014';
constexpr char32_t kEnDash = U'\u2013';
constexpr char32_t kLeave = 0;

// English function words that show a quote or dash stood next to them.
constexpr std::string_view kFunctionWords[] = {
    "about",   "after",   "all",     "also",   "although", "and",   "any",    "are",   "as",
    "at",      "be",      "because", "been",   "before",   "being", "both",   "but",   "by",
    "can",     "could",   "did",     "do",     "does",     "each",  "either", "even",  "every",
    "for",     "from",    "had",     "has",    "have",     "he",    "her",    "here",  "him",
    "his",     "how",     "if",      "in",     "into",     "is",    "it",     "its",   "just",
    "least",   "less",    "let",     "like",   "many",     "may",   "maybe",  "might", "more",
    "most",    "much",    "must",    "my",     "neither",  "never", "no",     "nor",   "not",
    "nothing", "now",     "of",      "on",     "once",     "one",   "only",   "onto",  "or",
    "our",     "perhaps", "really",  "she",    "should",   "since", "so",     "some",  "still",
    "such",    "than",    "that",    "the",    "their",    "them",  "then",   "there", "these",
    "they",    "this",    "those",   "though", "to",       "too",   "until",  "very",  "was",
    "we",      "were",    "what",    "when",   "which",    "who",   "whom",   "whose", "why",
    "will",    "with",    "would",   "yes",    "yet",      "you",   "your",
};

// Real French words that start with "â" (their R), see B above.
constexpr std::string_view kFrenchInitial[] = {"cre",  "cres",  "ge",  "ges", "gé",
                                               "gée",  "gées",  "gés", "pre", "prement",
                                               "pres", "preté", "tre", "tres"};

template <size_t N>
bool InList(std::string_view w, const std::string_view (&list)[N]) {
  return !w.empty() && std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool IsFunctionWord(const std::string& w) { return InList(w, kFunctionWords); }

bool IsLoneA(char32_t c) { return c == kLoneA; }  // repaired "â" carry the mark: not lone
bool IsWordChar(char32_t c) {
  if (IsLoneA(c)) return false;
  const UChar32 cp = static_cast<UChar32>(Cp(c));
  return u_isalpha(cp) || u_isdigit(cp);
}
bool IsUpper(char32_t c) { return u_isupper(static_cast<UChar32>(Cp(c))) != 0; }
bool IsDigit(char32_t c) { return u_isdigit(static_cast<UChar32>(Cp(c))) != 0; }
bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(Cp(c))) != 0; }

// True for a letter whose base letter is a vowel (a, é, ă, ơ, œ...): the base comes from the
// canonical decomposition.
bool IsVowel(char32_t c) {
  char32_t cp = Cp(c);
  if (cp >= 0x80) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
    icu::UnicodeString d;
    if (U_SUCCESS(err) && nfd->getDecomposition(static_cast<UChar32>(cp), d) && d.length() > 0)
      cp = static_cast<char32_t>(d.char32At(0));
    // æ Æ œ Œ ø Ø have no decomposition but are vowels.
    if (cp == 0xE6 || cp == 0xC6 || cp == 0x153 || cp == 0x152 || cp == 0xF8 || cp == 0xD8)
      return true;
  }
  switch (cp | 0x20) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return cp < 0x80;
    default:
      return false;
  }
}

// The run of word characters next to a lone "â".
struct Run {
  size_t begin = 0, end = 0;  // [begin, end) in the buffer
  std::string lower;          // lowercase, ASCII only ("" if the run has non-ASCII letters)
  bool has_vowel = false;
  bool all_upper = true;
  size_t size() const { return end - begin; }
};

Run MakeRun(const std::u32string& s, size_t begin, size_t end) {
  Run r;
  r.begin = begin;
  r.end = end;
  bool ascii = true;
  for (size_t k = begin; k < end; ++k) {
    const char32_t cp = Cp(s[k]);
    if (IsVowel(cp)) r.has_vowel = true;
    if (!IsUpper(cp)) r.all_upper = false;
    if (cp >= 0x80)
      ascii = false;
    else
      r.lower.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp));
  }
  if (!ascii) r.lower.clear();
  return r;
}

Run RunBefore(const std::u32string& s, size_t i) {
  size_t b = i;
  while (b > 0 && IsWordChar(s[b - 1])) --b;
  return MakeRun(s, b, i);
}

Run RunAfter(const std::u32string& s, size_t i) {
  size_t e = i + 1;
  while (e < s.size() && IsWordChar(s[e])) ++e;
  return MakeRun(s, i + 1, e);
}

// R lowercased including non-ASCII letters (for the French list, which has "gé").
std::u32string LowerRun(const std::u32string& s, const Run& r) {
  std::u32string w;
  for (size_t k = r.begin; k < r.end; ++k)
    w.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(Cp(s[k])))));
  return w;
}

bool IsFrenchInitialRest(const std::u32string& s, const Run& r) {
  std::string utf8;
  for (char32_t c : LowerRun(s, r)) AppendUtf8(c, &utf8);
  return InList(utf8, kFrenchInitial);
}

// Rule A's contraction test: is R (followed by a word end) an English clitic after L?
bool IsContraction(const Run& left, const Run& right) {
  const std::string& r = right.lower;
  const std::string& l = left.lower;
  if (r == "s") {
    const bool ends_in_digit = !l.empty() && l.back() >= '0' && l.back() <= '9';
    return left.has_vowel || (left.all_upper && left.size() >= 2) || ends_in_digit;
  }
  if (r == "t") return left.has_vowel && !l.empty() && l.back() == 'n';
  if (r == "re" || r == "ve" || r == "ll" || r == "d") return left.has_vowel;
  if (r == "m") return l == "i";
  return false;
}

// "90s", "90": the year of a decade after its lost apostrophe ("the ’90s").
bool IsDecade(const std::string& r) {
  const bool two_digits = r.size() >= 2 && r[0] >= '0' && r[0] <= '9' && r[1] >= '0' && r[1] <= '9';
  return two_digits && (r.size() == 2 || (r.size() == 3 && r[2] == 's'));
}

bool StartsWithNasal(const Run& r) {
  return !r.lower.empty() && (r.lower[0] == 'm' || r.lower[0] == 'n');
}

bool IsOpeningPunct(char32_t c) {
  switch (Cp(c)) {
    case '(':
    case '[':
    case '{':
    case '/':
    case '-':
    case '"':
    case '\'':
    case kEnDash:
    case kEmDash:
    case kOpenQuote:
    case U'\u2018':
    case U'\u00AB':
      return true;
    default:
      return false;
  }
}

bool IsJoiner(char32_t c) {
  switch (Cp(c)) {
    case '\'':
    case '-':
    case kApostrophe:
    case U'\u2010':
    case U'\u2011':
      return true;
    default:
      return false;
  }
}

struct Decision {
  char32_t replacement = kLeave;
  bool certain = false;  // rule A (damage a real "â" cannot produce)
};

// Decides what the lone "â" at s[i] was. `ambiguous_ok`: the text shows damage more than a
// language that uses "â" (rule B may repair). `quote_open`: an opening quote is unmatched.
Decision Decide(const std::u32string& s, size_t i, bool ambiguous_ok, bool quote_open) {
  enum Class { kEdge, kSpace, kWord, kPunct };
  auto class_of = [&](size_t k, bool exists) {
    if (!exists) return kEdge;
    if (IsSpace(s[k])) return kSpace;
    if (IsWordChar(s[k])) return kWord;
    return kPunct;
  };
  // A combining mark after it makes the "â" part of a letter (decomposed Vietnamese "ấ").
  if (i + 1 < s.size() && u_getCombiningClass(static_cast<UChar32>(Cp(s[i + 1]))) != 0) return {};
  const Class prev = class_of(i - 1, i > 0);
  const Class next = class_of(i + 1, i + 1 < s.size());
  const Decision close{kCloseQuote, true}, open{kOpenQuote, true}, dash{kEmDash, true},
      apostrophe{kApostrophe, true};
  // An apostrophe or hyphen right after a letter joins words ("l’âge", "moyen-âge"): what
  // follows it is a word start, not text after punctuation.
  const bool after_joiner = prev == kPunct && IsJoiner(s[i - 1]) && i >= 2 && IsWordChar(s[i - 2]);

  if (prev == kEdge || prev == kSpace || after_joiner) {
    if (next == kSpace) return dash;
    if (next == kEdge) return prev == kEdge ? Decision{} : (quote_open ? close : dash);
    if (next == kPunct) return quote_open ? close : dash;
    const Run r = RunAfter(s, i);
    if (IsDecade(r.lower)) return apostrophe;
    if (IsUpper(s[i + 1]) || IsDigit(s[i + 1]) || IsFunctionWord(r.lower)) return open;
    if (ambiguous_ok && r.size() >= 2 && r.has_vowel && !StartsWithNasal(r) &&
        !IsFrenchInitialRest(s, r))
      return {kOpenQuote, false};
    return {};
  }

  if (prev == kPunct) {
    if (next == kEdge || next == kSpace) return IsOpeningPunct(s[i - 1]) ? open : close;
    if (next == kWord) return IsOpeningPunct(s[i - 1]) || !quote_open ? open : close;
    return quote_open || !IsOpeningPunct(s[i - 1]) ? close : open;
  }

  // prev == kWord
  const Run l = RunBefore(s, i);
  // The word before continues through an "â" that was left alone, i.e. judged a real letter
  // (Turkish "hâlâ"): this "â" belongs to the same real word.
  if (l.begin >= 2 && IsLoneA(s[l.begin - 1]) && IsWordChar(s[l.begin - 2])) return {};
  if (next == kEdge || next == kPunct) return close;
  if (next == kSpace) {
    const bool word_follows = i + 2 < s.size() && IsWordChar(s[i + 2]);
    if (!quote_open && word_follows && l.size() >= 2 && l.has_vowel &&
        (l.lower.empty() ? false : l.lower.back() == 's'))
      return apostrophe;
    return close;
  }
  const Run r = RunAfter(s, i);
  const bool r_ends_word = r.end == s.size() || !IsWordChar(s[r.end]);
  if (r_ends_word && IsContraction(l, r)) return apostrophe;
  if (IsDigit(s[i - 1]) && IsDigit(s[i + 1])) return {kEnDash, true};
  if (IsUpper(s[i + 1]) || IsDigit(s[i + 1]) || IsDigit(s[i - 1])) return dash;
  if (IsFunctionWord(l.lower) || IsFunctionWord(r.lower)) return dash;
  if (ambiguous_ok && l.size() >= 2 && l.has_vowel && r.size() >= 2 && r.has_vowel &&
      !StartsWithNasal(r) && r.lower != "tre" && r.lower != "tres")
    return {kEmDash, false};
  return {};
}

// Letters that show the text is in a language with diacritics (and so may have a real "â").
bool IsDiacriticLetter(char32_t c) {
  if (IsRepaired(c)) return false;
  const char32_t cp = Cp(c);
  if (cp == 0xC2 || cp == 0xE2 || cp == 0xD7 || cp == 0xF7) return false;  // Â â × ÷
  return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
         (cp >= 0x300 && cp <= 0x36F);
}

}  // namespace

int64_t RestoreLostPunctuation(std::u32string* text) {
  std::u32string& s = *text;
  // Pass 1: weigh the evidence (rule B's condition). Quote state does not change whether a
  // case is certain, so it is ignored here.
  int64_t damage = 0, language = 0;
  bool any = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsRepaired(s[i]))
      ++damage;
    else if (IsDiacriticLetter(s[i]))
      ++language;
    if (IsLoneA(s[i])) {
      any = true;
      if (Decide(s, i, false, false).certain) ++damage;
    }
  }
  if (!any) return 0;
  const bool ambiguous_ok = damage > language;

  // Pass 2: decide left to right, so each decision sees the ones before it (quote pairing,
  // "bestâtheyâre" where the second "â" sees "they").
  int64_t restored = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char32_t cp = Cp(s[i]);
    if (cp == kOpenQuote)
      ++depth;
    else if (cp == kCloseQuote)
      depth = std::max(0, depth - 1);
    if (!IsLoneA(s[i])) continue;
    const Decision d = Decide(s, i, ambiguous_ok, depth > 0);
    if (d.replacement == kLeave) continue;
    s[i] = d.replacement | kRepairedBit;
    ++restored;
    if (d.replacement == kOpenQuote)
      ++depth;
    else if (d.replacement == kCloseQuote)
      depth = std::max(0, depth - 1);
  }
  return restored;
}

}  // namespace threadlens::text_internal
