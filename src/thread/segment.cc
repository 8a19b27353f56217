#include "thread/segment.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>
#include <map>
#include <string>
#include <vector>

#include "thread/cues.h"
#include "thread/page_meta.h"
#include "thread/quote_index.h"

namespace threadlens {
namespace {

// ---- Tuning constants (bare dumps). A paragraph continues the current comment when the sum of
// the evidence below is > 0. Weights are in rough log-odds units. -----------------------------

// An article paragraph is long prose; the article of a bare dump is the leading run of them.
constexpr size_t kArticleParagraphBytes = 200;
// Opener and address weight (rules/page/replies.rules) at which a paragraph answers somebody: an
// agreement or rebuttal opener, "your point", "@name"; a plain "you" or "your" early on (1.5) is
// not enough, articles speak to their readers so ("Your pension is at risk").
constexpr double kAnswersSomebody = 2.0;
// One paragraph per line, no blank lines: a newline alone leans slightly towards a new comment
// (most comments in such dumps are one paragraph), so continuation needs positive evidence.
constexpr double kNewlinePrior = -1.0;
// Blank-line separated dumps: a blank line is strong evidence of a boundary...
constexpr double kBlankGapPrior = -3.0;
// ...and a bare newline inside a block is strong evidence of the same comment.
constexpr double kNoBlankGapPrior = 4.0;
// Share of paragraph breaks that must be blank lines to call the dump blank-line separated.
constexpr double kBlankStyleShare = 0.25;
// The previous paragraph announces what follows ("…yet again:").
constexpr double kAnnounces = 3.5;
// "2." after "1.", or "1." after an announcement.
constexpr double kListGoesOn = 4.0;
// A footnote ("*I am …") or a bullet under a bullet.
constexpr double kFootnote = 3.0;
// Quoted material, then the writer's own words.
constexpr double kAfterQuote = 3.5;
// A quotation opened in this comment and not yet closed.
constexpr double kQuoteStillOpen = 3.0;
// Paragraphs a quotation may run over before its missing closing mark stops counting.
constexpr size_t kMaxOpenQuoteParagraphs = 6;
// Prose right after a numbered item: the writer goes on after the list.
constexpr double kAfterList = 1.5;
// A link on its own under a comment that already links, or words after a bare link.
constexpr double kLinkGoesOn = 2.5;
// A word or three without a full stop ("Crashes") completes the previous line.
constexpr double kShortCompletion = 2.5;
// The previous line stops mid-sentence and this one starts in lower case.
constexpr double kBrokenLine = 3.0;
// The previous line has no final punctuation (a writer who breaks lines by thought).
constexpr double kUnfinishedPrevious = 0.5;
// The three cues above count fully while at most this share of the dump's paragraphs ends
// without a full stop (short ones: kShortShareMax), fading to nothing Fade beyond (the seed:
// 17% and 2%; a chat page copied line per comment: 31% and 10%; Japanese comments: 96%).
constexpr double kUnfinishedShareMax = 0.4, kUnfinishedShareFade = 0.2;
constexpr double kShortShareMax = 0.08, kShortShareFade = 0.04;
// This paragraph quotes the article or an earlier comment: a new comment that answers it.
constexpr double kQuotesOther = -3.0;
// A '>' line reproducing the paragraphs just above: nobody quotes their own last words, so it is
// somebody answering them (Reddit and Hacker News replies open so).
constexpr double kQuotesAbove = -5.0;
constexpr size_t kQuoteAboveParagraphs = 8;
// "@name" at the start: a reply, hence a new comment.
constexpr double kLeadingMention = -3.0;
// Indentation changes in a page that indents replies.
constexpr double kIndentChange = -6.0;
// Shared rare words between a paragraph and the comment so far (not in the article): idf units
// are worth this much, up to kCohesionCap. Replies share their parent's words too, so this
// only tips close calls.
// One shared word is often chance; two or more are a thread of thought.
constexpr double kCohesionPerIdf = 0.2;
constexpr double kCohesionCap = 1.5;
constexpr int kCohesionMinWords = 2;
// ...but only where a line is a paragraph, not a whole chat comment: in a dump whose median line
// has kChatLineWords words or fewer (a Reddit thread copied one comment per line: 8-15) a reply
// shares its parent's words as much as a writer's next paragraph does, and cohesion joined
// replies to their parents; it counts fully from kParagraphLineWords (the seed: 24.5).
constexpr double kChatLineWords = 12, kParagraphLineWords = 22;
// ...and not where each line is a whole comment of several paragraphs run together: paragraphs
// run about 25 words (the seed 24, a real Hacker News page 23), so a dump whose median line has
// kCommentLineWords or more holds a comment per line, and there a reply sharing its parent's
// words is no more the writer going on than in a chat (that page copied one comment per line,
// median 49: 212 of 1,104 comments joined, 136 of them by cohesion alone). Full trust up to
// kLongParagraphWords. The same trust weighs connectives opening a line ("And", "So"): in the
// two kinds of one-comment-per-line dump they open replies (three real Reddit threads and the
// Hacker News page copied so: segment F1 0.934 / 0.961 / 0.972 / 0.962 -> 0.951 / 0.961 /
// 0.988 / 0.972; the seed unchanged). Connectives that add to the writer's own list ("Also,")
// are the page rules' continue-own and count in any dump.
constexpr double kLongParagraphWords = 35, kCommentLineWords = 45;
// The previous paragraph asked a question: an answer, by someone else, may follow.
constexpr double kAfterQuestion = -1.0;
// Two short lines in a row (under kShortBytes): a writer who breaks lines by thought.
constexpr double kShortPair = 0.5;
constexpr size_t kShortBytes = 60;
// Comments looked back at when testing whether a paragraph quotes an earlier one.
constexpr size_t kQuoteLookback = 8;
// A quote covers at least this share of a paragraph's shingles to make it a quote paragraph.
constexpr double kQuoteParagraphCoverage = 0.6;
// A short paragraph (words) holding a quoted phrase found earlier is a quote paragraph.
constexpr int kShortQuoteWords = 12;

int Indent(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

std::string_view RTrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

enum class Kind { kBlank, kFurniture, kStart, kHeader, kTime, kMeta, kReplyTo, kText };

struct LineInfo {
  Kind kind = Kind::kBlank;
  std::string_view text;  // kText: repaired, glued label cut, both ends trimmed
  int indent = 0;
  PageMatch match;        // kHeader, kMeta, kReplyTo, kTime
};

// A comment in the making.
struct Block {
  size_t first = 0, last = 0;  // line indices, inclusive (header lines included)
  std::vector<size_t> paras;   // line indices of its text lines
  std::string author, time_text, score_text, replies_text, depth_text, reply_to;
  int indent = -1;             // of its first line
};

bool LooksLikeName(std::string_view s) {
  s = cues::Trim(s);
  if (s.empty() || s.size() > 40 || cues::CountWords(s) > 4 || cues::EndsSentence(s)) return false;
  return s.find("://") == std::string_view::npos;
}

class Segmenter {
 public:
  Segmenter(const PageRules& rules, Thread* t) : rules_(rules), t_(t) {}
  void Run();

 private:
  void Classify();
  bool has_headers_ = false;
  size_t FindArticle();  // fills the thread body; returns the first line of the comment region
  bool AnswersSomebody(std::string_view paragraph) const;
  void BuildWithHeaders(size_t from);
  void BuildBare(size_t from);
  void AssignDepthHints();
  void Emit();

  // True when paragraph p reproduces words of the block so far (two shingles or more).
  bool QuotesBlock(const Block& cur, size_t p);
  // True for a '>' line holding a quote of an earlier text and then other words (a reply copied
  // onto one line): the words after it are the writer's own, so what follows is not an answer
  // to the quote.
  bool QuoteThenOwnWords(size_t p);
  double Continuation(const Block& cur, size_t q, size_t p, bool blank_gap, bool blank_style,
                      bool indented);
  bool IsQuoteParagraph(size_t p);
  double Cohesion(const Block& cur, size_t p);
  void CountParagraphWords(size_t from);

  const PageRules& rules_;
  Thread* t_;
  std::vector<LineInfo> info_;
  std::vector<Block> blocks_;
  TextShingles article_;
  double unfinished_trust_ = 1, short_trust_ = 1, paragraph_trust_ = 1;  // see BuildBare
  std::deque<TextShingles> recent_;  // last kQuoteLookback finished blocks
  std::map<size_t, TextShingles> para_shingles_;
  std::unordered_map<uint64_t, int> para_df_;  // content word -> paragraphs holding it
  double paras_ = 1;
};

void Segmenter::CountParagraphWords(size_t from) {
  std::vector<Word> words;
  std::vector<uint64_t> seen;
  for (size_t i = from; i < info_.size(); ++i) {
    if (info_[i].kind != Kind::kText) continue;
    words.clear();
    SplitWords(info_[i].text, &words);
    seen.clear();
    for (const Word& w : words)
      if (!w.stop) seen.push_back(w.hash);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (uint64_t h : seen) ++para_df_[h];
    paras_ += 1;
  }
}

double Segmenter::Cohesion(const Block& cur, size_t p) {
  std::vector<Word> pw;
  SplitWords(info_[p].text, &pw);
  std::vector<uint64_t> mine;
  for (const Word& w : pw)
    if (!w.stop && !article_.HasWord(w.hash)) mine.push_back(w.hash);
  std::sort(mine.begin(), mine.end());
  mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  if (mine.empty()) return 0;
  std::vector<Word> cw;
  for (size_t para : cur.paras) SplitWords(info_[para].text, &cw);
  std::vector<uint64_t> theirs;
  for (const Word& w : cw) theirs.push_back(w.hash);
  std::sort(theirs.begin(), theirs.end());
  double idf = 0;
  int shared = 0;
  for (uint64_t h : mine) {
    if (!std::binary_search(theirs.begin(), theirs.end(), h)) continue;
    ++shared;
    auto it = para_df_.find(h);
    double df = it == para_df_.end() ? 1 : it->second;
    idf += std::log(paras_ / df);
  }
  return shared < kCohesionMinWords ? 0 : std::min(kCohesionCap, kCohesionPerIdf * idf);
}

void Segmenter::Classify() {
  info_.resize(t_->lines.size());
  for (size_t i = 0; i < t_->lines.size(); ++i) {
    LineInfo& li = info_[i];
    std::string_view text = RTrim(t_->lines[i].text);
    li.indent = Indent(text);
    std::string_view body = cues::Trim(text);
    if (body.empty()) continue;
    if (rules_.IsCommentsStart(body)) li.kind = Kind::kStart;
    else if (rules_.Find(kind::kHeader, body, &li.match)) li.kind = Kind::kHeader;
    else if (rules_.IsDrop(body)) li.kind = Kind::kFurniture;
    else if (rules_.Find(kind::kReplyTo, body, &li.match)) li.kind = Kind::kReplyTo;
    else if (rules_.Find(kind::kTime, body, &li.match)) li.kind = Kind::kTime;
    else if (rules_.Find(kind::kMeta, body, &li.match)) li.kind = Kind::kMeta;
    else {
      body.remove_prefix(rules_.StripPrefix(body));
      body = cues::Trim(body);
      li.kind = body.empty() ? Kind::kFurniture : Kind::kText;
      li.text = body;
    }
  }
}

bool Segmenter::AnswersSomebody(std::string_view p) const {
  return p[0] == '@' || rules_.Find(kind::kQuoteLine, p) ||
         rules_.Weigh(kind::kOpener, p) + rules_.Weigh(kind::kAddress, cues::FirstSentence(p)) >=
             kAnswersSomebody;
}

size_t Segmenter::FindArticle() {
  const size_t n = info_.size();
  std::vector<size_t> article;
  size_t start_marker = n;
  for (size_t i = 0; i < n; ++i)
    if (info_[i].kind == Kind::kStart) {
      start_marker = i;
      break;
    }
  size_t region = 0;
  if (start_marker < n) {
    for (size_t i = 0; i < start_marker; ++i)
      if (info_[i].kind == Kind::kText) article.push_back(i);
    region = start_marker + 1;
  } else {
    size_t i = 0;
    while (i < n && info_[i].kind == Kind::kBlank) ++i;
    // The leading run of long paragraphs, up to the first furniture or header, or the first
    // paragraph that answers somebody: an article does not open a paragraph with "@name", a
    // '>' quote, "I agree" or "I think you're wrong", and without this a dump of long comments,
    // one per line, lost its leading ones to the article.
    size_t j = i;
    for (; j < n; ++j) {
      if (info_[j].kind == Kind::kBlank) continue;
      if (info_[j].kind != Kind::kText || info_[j].text.size() < kArticleParagraphBytes) break;
      if (!article.empty() && AnswersSomebody(info_[j].text)) break;
      article.push_back(j);
    }
    if (article.empty() && i < n && info_[i].kind == Kind::kText) {
      // No long lead: the first block (a title, a short post, the root tweet) is the article.
      // On a page with comment headers it is the text above the first header, less a name
      // line that belongs to that header.
      // A block is lines without a blank between; in a dump with no blank lines at all, where
      // every line is a paragraph, it is the first line alone.
      bool blanks = false;
      for (size_t k = i; k < n && !blanks; ++k) blanks = info_[k].kind == Kind::kBlank;
      for (j = i; j < n && info_[j].kind == Kind::kText; ++j) {
        article.push_back(j);
        if (!blanks) {
          ++j;
          break;
        }
      }
      if (has_headers_ && j < n && info_[j].kind == Kind::kTime && !article.empty() &&
          LooksLikeName(info_[article.back()].text))
        article.pop_back();
    }
    region = article.empty() ? i : article.back() + 1;
  }
  std::string body, raw;
  for (size_t k = 0; k < article.size(); ++k) {
    size_t li = article[k];
    if (k > 0) {
      bool blank = li > article[k - 1] + 1;
      body += blank ? "\n\n" : "\n";
      raw += blank ? "\n\n" : "\n";
    }
    body += info_[li].text;
    raw += t_->lines[li].raw;
  }
  t_->body = std::move(body);
  t_->body_raw = std::move(raw);
  article_ = TextShingles::Of(t_->body);
  return region;
}

void Segmenter::BuildWithHeaders(size_t from) {
  Block* cur = nullptr;
  auto start_block = [&](size_t line) {
    blocks_.emplace_back();
    cur = &blocks_.back();
    cur->first = cur->last = line;
    cur->indent = info_[line].indent;
  };
  auto set_meta = [&](const PageMatch& m) {
    if (!cur) return;
    auto take = [&](std::string* field, std::string_view name) {
      std::string_view v = m.Get(name);
      if (!v.empty() && field->empty()) *field = std::string(cues::Trim(v));
    };
    take(&cur->author, "author");
    take(&cur->time_text, "time");
    take(&cur->score_text, "score");
    take(&cur->replies_text, "replies");
    take(&cur->depth_text, "depth");
    take(&cur->reply_to, "name");
  };
  for (size_t i = from; i < info_.size(); ++i) {
    LineInfo& li = info_[i];
    switch (li.kind) {
      case Kind::kBlank:
      case Kind::kFurniture:
      case Kind::kStart:
        break;
      case Kind::kHeader:
        start_block(i);
        set_meta(li.match);
        break;
      case Kind::kTime: {
        // "Name" on its own line right above the time: the name opens the next comment.
        size_t prev = i;
        while (prev > from && info_[prev - 1].kind == Kind::kBlank) --prev;
        bool name_above = cur && prev > from && !cur->paras.empty() &&
                          cur->paras.back() == prev - 1 && LooksLikeName(info_[prev - 1].text);
        if (name_above) {
          size_t name_line = cur->paras.back();
          cur->paras.pop_back();
          bool headerless = cur->paras.empty() && cur->author.empty() && cur->time_text.empty();
          if (headerless) {
            cur->first = name_line;
          } else {
            size_t last = name_line - 1;
            while (last > cur->first && info_[last].kind == Kind::kBlank) --last;
            cur->last = last;
            start_block(name_line);
          }
          cur->author = std::string(info_[name_line].text);
        } else if (!cur || !cur->paras.empty() || !cur->time_text.empty()) {
          start_block(i);
        }
        cur->last = i;
        if (cur->time_text.empty()) cur->time_text = std::string(cues::Trim(t_->lines[i].text));
        break;
      }
      case Kind::kMeta:
      case Kind::kReplyTo:
        if (cur) {
          set_meta(li.match);
          if (cur->paras.empty()) cur->last = i;
        }
        break;
      case Kind::kText:
        if (!cur) start_block(i);
        cur->paras.push_back(i);
        cur->last = i;
        break;
    }
  }
  // Buttons printed after a comment's text (kind meta) belong to it: extend line_end over them.
  for (size_t b = 0; b < blocks_.size(); ++b) {
    size_t limit = b + 1 < blocks_.size() ? blocks_[b + 1].first : info_.size();
    size_t last = blocks_[b].last;
    for (size_t i = last + 1; i < limit; ++i) {
      if (info_[i].kind == Kind::kMeta || info_[i].kind == Kind::kReplyTo ||
          info_[i].kind == Kind::kFurniture)
        last = i;
      else if (info_[i].kind != Kind::kBlank)
        break;
    }
    blocks_[b].last = last;
  }
}

bool Segmenter::QuoteThenOwnWords(size_t p) {
  std::string_view text = info_[p].text;
  if (text.empty() || text[0] != '>') return false;
  auto it = para_shingles_.find(p);
  if (it == para_shingles_.end()) it = para_shingles_.emplace(p, TextShingles::Of(text)).first;
  auto partly = [&](const TextShingles& src) {
    QuoteSpan q = FindQuote(it->second, src);
    return q.matched >= 2 && q.coverage < kQuoteParagraphCoverage;
  };
  if (partly(article_)) return true;
  for (const auto& r : recent_)
    if (partly(r)) return true;
  return false;
}

bool Segmenter::QuotesBlock(const Block& cur, size_t p) {
  std::string text;  // the last few paragraphs: bounded work however long the block
  const size_t from = cur.paras.size() > kQuoteAboveParagraphs ? cur.paras.size() - kQuoteAboveParagraphs : 0;
  for (size_t k = from; k < cur.paras.size(); ++k) {
    const size_t para = cur.paras[k];
    text += info_[para].text;
    text += '\n';
  }
  TextShingles block = TextShingles::Of(text);
  TextShingles quoting = TextShingles::Of(info_[p].text);
  return FindQuote(quoting, block).matched >= 2;
}

bool Segmenter::IsQuoteParagraph(size_t p) {
  std::string_view text = info_[p].text;
  if (rules_.Find(kind::kQuoteLine, text)) return true;
  if (cues::WhollyQuoted(text)) return true;
  auto it = para_shingles_.find(p);
  if (it == para_shingles_.end()) it = para_shingles_.emplace(p, TextShingles::Of(text)).first;
  const TextShingles& s = it->second;
  auto quotes = [&](const TextShingles& src) {
    QuoteSpan q = FindQuote(s, src);
    return q.matched >= 2 && q.coverage >= kQuoteParagraphCoverage;
  };
  if (quotes(article_)) return true;
  for (const auto& r : recent_)
    if (quotes(r)) return true;
  if (cues::CountWords(text) <= kShortQuoteWords) {
    for (auto [a, b] : cues::QuotedPhrases(text)) {
      TextShingles phrase = TextShingles::Of(text.substr(a, b - a));
      if (phrase.words.size() < 2) continue;
      if (ContainsPhrase(phrase, 0, phrase.words.size(), article_)) return true;
      for (const auto& r : recent_)
        if (ContainsPhrase(phrase, 0, phrase.words.size(), r)) return true;
    }
  }
  return false;
}

double Segmenter::Continuation(const Block& cur, size_t qi, size_t pi, bool blank_gap,
                               bool blank_style, bool indented) {
  std::string_view q = info_[qi].text, p = info_[pi].text;
  double s = blank_style ? (blank_gap ? kBlankGapPrior : kNoBlankGapPrior) : kNewlinePrior;
  if (indented && info_[qi].indent != info_[pi].indent) s += kIndentChange;

  if (!q.empty() && q.back() == ':') s += kAnnounces;
  int n = cues::ListNumber(p);
  if (n > 0) {
    bool prev_item = false;
    for (size_t para : cur.paras)
      if (cues::ListNumber(info_[para].text) == n - 1) prev_item = true;
    if (prev_item || (n == 1 && cues::CountWords(q) <= 8)) s += kListGoesOn;
  }
  if ((p[0] == '*' && p.size() > 1 && p[1] != ' ') || (cues::IsBullet(p) && cues::IsBullet(q)))
    s += kFootnote;
  // Words after quoted material answer the quote: cues of answering someone belong to the
  // same comment then.
  const bool after_quote = IsQuoteParagraph(qi) && !QuoteThenOwnWords(qi) &&
                           !IsQuoteParagraph(pi) && cur.paras.size() == 1;
  if (after_quote) s += kAfterQuote;
  {
    // Quotation marks opened since the last closing attribution and not closed yet.
    int open = 0;
    size_t counted = 0;
    for (size_t para : cur.paras) {
      if (rules_.Find(kind::kClosing, info_[para].text)) {
        open = 0;
        counted = 0;
        continue;
      }
      open += cues::OpenQuotes(info_[para].text);
      ++counted;
    }
    if (open > 0 && counted < kMaxOpenQuoteParagraphs) s += kQuoteStillOpen;
  }
  if (cues::ListNumber(q) > 0 && cues::ListNumber(p) == 0 && !cues::IsBareUrl(p)) s += kAfterList;
  if (cues::IsBareUrl(p)) {
    bool linked = false;
    for (size_t para : cur.paras) linked |= cues::HasUrl(info_[para].text);
    if (linked) s += kLinkGoesOn;
  } else if (cues::IsBareUrl(q) && cur.paras.size() == 1) {
    s += kLinkGoesOn;
  }
  const bool soft_gap = !(blank_style && blank_gap);
  if (soft_gap && cues::CountWords(p) <= 3 && p.size() < 40 && !cues::EndsSentence(p) &&
      !cues::IsBareUrl(p) && p[0] != '@')
    s += short_trust_ * kShortCompletion;
  if (!cues::EndsSentence(q) && q.back() != ':') {
    if (cues::StartsLower(p)) s += unfinished_trust_ * kBrokenLine;
    else if (soft_gap) s += unfinished_trust_ * kUnfinishedPrevious;
  }

  // Across a blank line in a dump that separates comments by blank lines, only the structural
  // cues above (lists, announcements, quotes, links) and connectives count.
  const bool soft = !(blank_style && blank_gap);
  if (soft) {
    // Shared words are counted only where they can weigh (not in chat or comment-per-line dumps).
    if (paragraph_trust_ > 0) s += paragraph_trust_ * Cohesion(cur, pi);
    if (q.size() < kShortBytes && p.size() < kShortBytes) s += kShortPair;
  }
  if (cues::IsQuestion(cues::LastSentence(q))) s += kAfterQuestion;
  // A connective ("And", "So") opening a line goes on a paragraph, but where each line is a
  // whole comment it opens a reply ("And they serve it cold", "So you want a genius?"); one that
  // enumerates the writer's own points ("Also,", "Secondly") goes on in any dump.
  s += (soft ? paragraph_trust_ : 0.5) * rules_.Weigh(kind::kContinue, p);
  s += (soft ? 1.0 : 0.5) * rules_.Weigh(kind::kContinueOwn, p);
  s += rules_.Weigh(kind::kClosing, p);
  s -= rules_.Weigh(kind::kFresh, p);
  if (!after_quote) {
    s -= rules_.Weigh(kind::kOpener, p);
    s -= rules_.Weigh(kind::kAddress, cues::FirstSentence(p));
  }
  if (p[0] == '@') s += kLeadingMention;
  if (p[0] == '>' && QuotesBlock(cur, pi)) s += kQuotesAbove;
  if (!(q.back() == ':') && IsQuoteParagraph(pi) && !rules_.Find(kind::kQuoteLine, p) &&
      !(IsQuoteParagraph(qi) && cur.paras.size() > 1))
    s += kQuotesOther;
  return s;
}

void Segmenter::BuildBare(size_t from) {
  CountParagraphWords(from);
  // Style of the dump: how many paragraph breaks are blank lines, and is there indentation?
  size_t breaks = 0, blank_breaks = 0;
  std::vector<int> indents;
  {
    bool seen = false, blank = false;
    for (size_t i = from; i < info_.size(); ++i) {
      Kind k = info_[i].kind;
      if (k == Kind::kText) {
        if (seen) {
          ++breaks;
          if (blank) ++blank_breaks;
        }
        seen = true;
        blank = false;
        indents.push_back(info_[i].indent);
      } else if (k == Kind::kBlank) {
        blank = true;
      }
    }
  }
  // How often this dump's lines stop without a full stop: where writers rarely punctuate (chat,
  // scripts without spaces or full stops), an unfinished line or a short unpunctuated one is no
  // sign that the next line completes it.
  {
    size_t paras = 0, unfinished = 0, short_bare = 0;
    std::vector<int> lengths;  // words per line, for the median line (paragraph_trust_)
    for (size_t i = from; i < info_.size(); ++i) {
      if (info_[i].kind != Kind::kText) continue;
      std::string_view t = info_[i].text;
      ++paras;
      lengths.push_back(cues::CountWords(t));
      if (!cues::EndsSentence(t) && t.back() != ':') {
        ++unfinished;
        if (lengths.back() <= 3 && t.size() < 40) ++short_bare;
      }
    }
    if (paras > 0) {
      std::nth_element(lengths.begin(), lengths.begin() + static_cast<long>(lengths.size() / 2),
                       lengths.end());
      const double median = lengths[lengths.size() / 2];
      paragraph_trust_ = std::clamp((median - kChatLineWords) / (kParagraphLineWords - kChatLineWords),
                                   0.0, 1.0);
      paragraph_trust_ *= std::clamp((kCommentLineWords - median) / (kCommentLineWords - kLongParagraphWords),
                                    0.0, 1.0);
      const double n = static_cast<double>(paras);
      unfinished_trust_ = std::clamp((kUnfinishedShareMax - static_cast<double>(unfinished) / n) /
                                         kUnfinishedShareFade, 0.0, 1.0);
      short_trust_ = std::clamp((kShortShareMax - static_cast<double>(short_bare) / n) /
                                    kShortShareFade, 0.0, 1.0);
    }
  }
  // A short dump whose only break is a blank line separates by blank lines too (a single
  // blank line among bare newlines does not make the style).
  const bool blank_style =
      breaks > 0 && (blank_breaks >= 2 || blank_breaks == breaks) &&
      static_cast<double>(blank_breaks) >= kBlankStyleShare * static_cast<double>(breaks);
  std::sort(indents.begin(), indents.end());
  indents.erase(std::unique(indents.begin(), indents.end()), indents.end());
  const bool indented = indents.size() >= 2;

  Block cur;
  bool open = false;
  bool gap = false;        // a blank line (or furniture) since the last paragraph
  size_t last_para = 0;
  auto finish = [&]() {
    if (!open) return;
    std::string text;
    for (size_t para : cur.paras) text += std::string(info_[para].text) + "\n";
    recent_.push_back(TextShingles::Of(text));
    if (recent_.size() > kQuoteLookback) recent_.pop_front();
    blocks_.push_back(std::move(cur));
    cur = Block();
    open = false;
  };
  for (size_t i = from; i < info_.size(); ++i) {
    const LineInfo& li = info_[i];
    if (li.kind != Kind::kText) {
      if (li.kind != Kind::kMeta) gap = true;
      if (li.kind == Kind::kStart) finish();
      continue;
    }
    if (open && Continuation(cur, last_para, i, gap, blank_style, indented) > 0) {
      cur.paras.push_back(i);
      cur.last = i;
    } else {
      finish();
      open = true;
      cur.first = cur.last = i;
      cur.indent = li.indent;
      cur.paras.push_back(i);
    }
    last_para = i;
    gap = false;
    // Paragraph shingles are only needed while the paragraph can still be q or p.
    for (auto it = para_shingles_.begin(); it != para_shingles_.end() && it->first + 2 < i;)
      it = para_shingles_.erase(it);
  }
  finish();
}

void Segmenter::AssignDepthHints() {
  // Explicit depth ("level 3") wins; otherwise indentation, when the page indents.
  std::vector<int> indents;
  for (const Block& b : blocks_) indents.push_back(b.indent);
  std::sort(indents.begin(), indents.end());
  indents.erase(std::unique(indents.begin(), indents.end()), indents.end());
  for (size_t k = 0; k < blocks_.size(); ++k) {
    Block& b = blocks_[k];
    int hint = -1;
    if (!b.depth_text.empty()) {
      auto d = ParseCount(b.depth_text);
      if (d && *d >= 0 && *d < 100000) hint = static_cast<int>(*d);
    } else if (indents.size() >= 2) {
      hint = static_cast<int>(std::lower_bound(indents.begin(), indents.end(), b.indent) -
                              indents.begin());
    }
    b.depth_text = hint >= 0 ? std::to_string(hint) : "";
  }
  // "level N" counts from 1 on most sites: normalise so the shallowest level is 0.
  int min_level = -1;
  for (const Block& b : blocks_)
    if (!b.depth_text.empty()) {
      int d = std::stoi(b.depth_text);
      if (min_level < 0 || d < min_level) min_level = d;
    }
  for (Block& b : blocks_)
    if (!b.depth_text.empty()) b.depth_text = std::to_string(std::stoi(b.depth_text) - min_level);
}

void Segmenter::Emit() {
  for (Block& b : blocks_) {
    if (b.paras.empty()) continue;  // a header with no text: nothing anybody said
    Comment c;
    c.line_start = t_->lines[b.first].number;
    c.line_end = t_->lines[b.last].number;
    for (size_t i = b.first; i <= b.last; ++i) {
      if (i > b.first) c.raw += '\n';
      c.raw += t_->lines[i].raw;
    }
    for (size_t k = 0; k < b.paras.size(); ++k) {
      if (k > 0) {
        bool blank = false;
        for (size_t i = b.paras[k - 1] + 1; i < b.paras[k]; ++i)
          blank |= info_[i].kind == Kind::kBlank;
        c.body += blank ? "\n\n" : "\n";
      }
      c.body += info_[b.paras[k]].text;
    }
    c.author = b.author;
    if (!b.time_text.empty()) {
      PageTime pt = ParsePageTime(b.time_text);
      if (!pt.iso.empty()) {
        c.created_at = pt.iso;
      } else {
        std::string flag = "time:" + b.time_text;
        std::replace(flag.begin(), flag.end(), ',', ' ');
        c.flags.push_back(flag);
      }
    }
    if (!b.score_text.empty()) c.score = ParseCount(b.score_text);
    if (!b.depth_text.empty()) c.depth_hint = std::stoi(b.depth_text);
    c.reply_to = b.reply_to;
    if (!c.reply_to.empty() && c.reply_to[0] == '@') c.reply_to.erase(0, 1);
    t_->comments.push_back(std::move(c));
  }
}

void Segmenter::Run() {
  Classify();
  size_t headers = 0;
  for (const LineInfo& li : info_)
    if (li.kind == Kind::kHeader || li.kind == Kind::kTime) ++headers;
  has_headers_ = headers >= 2;
  size_t from = FindArticle();
  if (has_headers_)
    BuildWithHeaders(from);
  else
    BuildBare(from);
  AssignDepthHints();
  Emit();
}

}  // namespace

Status SegmentStage::Process(Thread* t) const {
  if (!t->needs_segmentation) return Status::Ok();
  Segmenter(*rules_, t).Run();
  t->needs_segmentation = false;
  return Status::Ok();
}

}  // namespace threadlens
