#include "stance/text_units.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>

namespace threadlens::stance {
namespace {

// Per-thread ICU iterators. Creating one loads ICU's break rules (milliseconds); reusing it
// costs nothing, so each thread builds its pair once.
struct Iterators {
  std::unique_ptr<icu::BreakIterator> sentence, word;
  UText* text = nullptr;

  Iterators() {
    UErrorCode st = U_ZERO_ERROR;
    sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), st));
    st = U_ZERO_ERROR;
    word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), st));
  }
  ~Iterators() {
    if (text) utext_close(text);
  }
  // Points `it` at `s`. Returns false when ICU refuses (then callers fall back).
  bool Set(icu::BreakIterator* it, std::string_view s) {
    if (!it) return false;
    UErrorCode st = U_ZERO_ERROR;
    text = utext_openUTF8(text, s.data(), static_cast<int64_t>(s.size()), &st);
    if (U_FAILURE(st)) return false;
    it->setText(text, st);
    return U_SUCCESS(st);
  }
};

Iterators& Local() {
  thread_local Iterators it;
  return it;
}

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

}  // namespace

void SplitSentences(std::string_view text, std::vector<Span>* out) {
  out->clear();
  if (text.empty()) return;
  Iterators& it = Local();
  int start = 0;
  auto emit = [&](int end) {
    // A line break inside an ICU sentence still ends it (ICU joins lines without a terminator).
    int s = start;
    for (int i = start; i < end; ++i) {
      if (text[i] != '\n') continue;
      int j = i + 1;
      while (j < end && (text[j] == '\n' || text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
        ++j;
      if (j < end) {
        out->push_back({s, j});
        s = j;
      }
      i = j - 1;
    }
    out->push_back({s, end});
    start = end;
  };
  if (it.Set(it.sentence.get(), text)) {
    for (int32_t b = it.sentence->next(); b != icu::BreakIterator::DONE; b = it.sentence->next())
      if (b > start) emit(static_cast<int>(std::min<int64_t>(b, text.size())));
  }
  if (start < static_cast<int>(text.size())) emit(static_cast<int>(text.size()));
}

int CountWords(std::string_view text) {
  Iterators& it = Local();
  if (!it.Set(it.word.get(), text)) {
    int n = 0;  // ICU unavailable: runs of word bytes
    for (size_t i = 0; i < text.size(); ++i)
      if (IsWordByte(text[i]) && (i == 0 || !IsWordByte(text[i - 1]))) ++n;
    return n;
  }
  int n = 0;
  it.word->first();
  for (int32_t b = it.word->next(); b != icu::BreakIterator::DONE; b = it.word->next())
    if (it.word->getRuleStatus() != UBRK_WORD_NONE) ++n;
  return n;
}

int FindClauseBreak(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n')
      return static_cast<int>(i);
    // U+2013 EN DASH, U+2014 EM DASH: E2 80 93 / E2 80 94
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
         static_cast<unsigned char>(text[i + 2]) == 0x94))
      return static_cast<int>(i);
    // " - " used as a dash
    if (c == '-' && i > 0 && i + 1 < text.size() && text[i - 1] == ' ' && text[i + 1] == ' ')
      return static_cast<int>(i);
  }
  return -1;
}

bool HasClauseBreak(std::string_view text) { return FindClauseBreak(text) >= 0; }

int SentenceOf(const std::vector<Span>& sentences, int pos) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](int p, const Span& s) { return p < s.start; });
  return it == sentences.begin() ? 0 : static_cast<int>(it - sentences.begin()) - 1;
}

bool HasSubordinator(std::string_view text) {
  static constexpr std::string_view kWords[] = {"when", "once",  "because", "since",
                                                "after", "before", "until",  "as soon as"};
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && IsWordByte(static_cast<unsigned char>(text[i - 1]))) continue;
    for (std::string_view w : kWords) {
      if (text.size() - i < w.size()) continue;
      bool eq = true;
      for (size_t k = 0; k < w.size() && eq; ++k)
        eq = (text[i + k] | 0x20) == w[k] || (w[k] == ' ' && text[i + k] == ' ');
      size_t e = i + w.size();
      if (eq && (e == text.size() || !IsWordByte(static_cast<unsigned char>(text[e])))) return true;
    }
  }
  return false;
}

bool HasWordChar(std::string_view text) {
  for (char c : text)
    if (IsWordByte(static_cast<unsigned char>(c))) return true;
  return false;
}

}  // namespace threadlens::stance
