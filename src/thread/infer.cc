#include "thread/infer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "rules/rule_source.h"
#include "thread/cues.h"
#include "thread/quote_index.h"

namespace threadlens {
namespace {

// ---- Tuning constants: scores are in rough log-odds units; the best candidate wins. --------

// Priors by position, for two kinds of thread: comment sections under an article, where
// comments are long and mostly answer the article (a comment that answers nobody in particular
// is top level), and chat threads (Reddit, Twitter), where comments are short and most answer
// another comment, often as one more sibling under a popular one. A thread's place between the
// two is read from its median comment length (kChatWords..kArticleWords words).
struct Priors {
  double root, prev, sibling, step;
};
constexpr Priors kArticlePriors = {1.0, 0.0, -0.6, 0.2};
constexpr Priors kChatPriors = {0.3, 0.5, 0.8, 0.5};
constexpr double kChatWords = 15;
constexpr double kArticleWords = 40;
// Replies go to comments that already have replies (a popular comment draws a long run of
// siblings): each doubling of a candidate's replies so far adds this much, up to kHubCap. It
// also stops one wrong link from dragging the following siblings down the wrong branch.
constexpr double kHub = 0.5;
constexpr double kHubCap = 2.0;
// Pages that print "Reply to X" / "Replying to @x" on replies (wpDiscuz, Substack, Twitter): a
// comment without one is top level.
constexpr double kNoReplyMarker = 3.0;
// Reproducing the candidate's words (scaled by how much): the strongest evidence there is.
constexpr double kQuoteWeight = 5.0;
// A short quoted phrase ('Other areas') found in the candidate.
constexpr double kPhraseWeight = 3.0;
// Naming the candidate's author (@name, "Replying to name").
constexpr double kNamedWeight = 6.0;
// @mentions that extend the candidate's by one name (Twitter's reply prefix), or equal a
// sibling's.
constexpr double kMentionChain = 4.0;
// Openers and addressing point at the comment just above...
constexpr double kDirectedPrev = 1.0;
// ...and only a little at those further up.
constexpr double kDirectedAncestor = 0.25;
// "You", "your point", an agreement opener: somebody is answered, so not the thread.
constexpr double kDirectedAgainstRoot = 0.5;
// The candidate ends with a question (more if it asks the reader: you, anyone).
constexpr double kAnswer = 1.5;
constexpr double kAnswerAddressed = 1.0;
// Cosine of idf-weighted content words between the comment and the candidate (0..1).
constexpr double kLexWeight = 3.0;
// "I think ...", "Is anyone ...": a fresh point for everybody.
constexpr double kFreshWeight = 1.0;
// Words of a comment used for lexical overlap: bounds the work on very long comments.
constexpr size_t kMaxLexWords = 400;
// Share of comments with a depth hint for the page's indentation to decide the tree.
constexpr double kIndentShare = 0.5;
// Confidence of a link read from the page's indentation.
constexpr double kIndentConfidence = 0.95;
// A quote needs this many matching shingles (kShingleWords + 1 words) to count.
constexpr int kMinQuoteShingles = 2;

struct Features {
  TextShingles sh;
  std::vector<std::pair<uint64_t, double>> lex;  // content word -> idf, sorted by hash
  double norm = 0;
  double opener = 0, address = 0, fresh = 0;
  bool ends_question = false, asks_reader = false;
  std::vector<std::string> lead_mentions, mentions;
  std::string author;  // lower-cased
  std::string reply_to;
  std::vector<std::pair<size_t, size_t>> phrases;   // quoted phrases (byte spans)
  std::vector<std::pair<size_t, size_t>> qlines;    // '>' quoted lines (byte spans)
  std::string first_sentence;
};

// A question put to the reader without a question mark ("Have you got a source.").
const RE2& AskPattern() {
  static const RE2 re(R"((?i)(^|[.!?]\s+)(have|do|did|can|could|would|will) you\b)");
  return re;
}

const RE2& PolarPattern() {
  static const RE2 re(
      R"((?i)^(can|could|does|do|did|is|are|was|were|has|have|will|would|should|any|anyone|isn't|aren't|doesn't|don't)\b)");
  return re;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Inferrer {
 public:
  Inferrer(Thread* t, const PageRules& rules) : t_(t), rules_(rules) {}
  void Run();

 private:
  std::unique_ptr<Features> Make(std::string_view text, std::string_view author,
                                 std::string_view reply_to) const;
  double Cosine(const Features& a, const Features& b) const;
  void RunIndent();
  void RecordQuotes(int i, const Features& f, int parent, const Features* pf);

  Thread* t_;
  const PageRules& rules_;
  std::unordered_map<uint64_t, int> df_;
  double docs_ = 1;
  std::unique_ptr<Features> article_;
  Priors priors_ = kArticlePriors;
  double chat_ = 0;  // 0: article comment section .. 1: chat thread
};

std::unique_ptr<Features> Inferrer::Make(std::string_view text, std::string_view author,
                                         std::string_view reply_to) const {
  auto f = std::make_unique<Features>();
  f->sh = TextShingles::Of(text);
  size_t limit = std::min(f->sh.words.size(), kMaxLexWords);
  for (size_t k = 0; k < limit; ++k) {
    const Word& w = f->sh.words[k];
    if (w.stop) continue;
    auto it = df_.find(w.hash);
    double df = it == df_.end() ? 1 : it->second;
    f->lex.emplace_back(w.hash, std::log((docs_ + 1) / (df + 0.5)));
  }
  std::sort(f->lex.begin(), f->lex.end());
  f->lex.erase(std::unique(f->lex.begin(), f->lex.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               f->lex.end());
  for (const auto& [h, idf] : f->lex) f->norm += idf * idf;
  f->norm = std::sqrt(f->norm);

  // Cues are read outside quotation marks: quoted words are somebody else's.
  // Leading @mentions are read as the mention chain below, not as a generic "talks to someone".
  std::string_view cue_text = text;
  while (!cue_text.empty() && cue_text[0] == '@') {
    size_t sp = cue_text.find_first_of(" \n");
    cue_text = sp == std::string_view::npos ? std::string_view() : cues::Trim(cue_text.substr(sp));
  }
  std::string unquoted(cue_text.substr(0, std::min<size_t>(cue_text.size(), 2000)));
  for (auto [a, b] : cues::QuotedPhrases(unquoted))
    for (size_t k = a; k < b; ++k) unquoted[k] = unquoted[k] == '\n' ? '\n' : '_';
  std::string_view first_para = std::string_view(unquoted).substr(0, unquoted.find('\n'));
  f->first_sentence = std::string(cues::FirstSentence(first_para));
  f->opener = rules_.Weigh(kind::kOpener, first_para);
  f->address = rules_.Weigh(kind::kAddress, f->first_sentence);
  f->fresh = rules_.Weigh(kind::kFresh, first_para);
  size_t last_nl = text.rfind('\n');
  std::string_view last_para = last_nl == std::string_view::npos ? text : text.substr(last_nl + 1);
  std::string_view last_sentence = cues::LastSentence(last_para);
  // A question or request left at the end: "…?", or "Have you got …", "… please!".
  std::string last_lower = Lower(last_para);
  const bool request = last_lower.find("please") != std::string::npos ||
                       RE2::PartialMatch(last_para, AskPattern());
  f->ends_question = cues::IsQuestion(last_sentence) || request;
  // Asked of the readers (a yes/no question, "you", "anyone"), not rhetorical ("How is he going
  // to regulate that?").
  if (f->ends_question)
    f->asks_reader = request || rules_.Weigh(kind::kAddress, last_sentence) > 0 ||
                     last_lower.find("anyone") != std::string::npos ||
                     RE2::PartialMatch(last_sentence, PolarPattern());
  f->lead_mentions = cues::LeadingMentions(text);
  std::sort(f->lead_mentions.begin(), f->lead_mentions.end());
  f->mentions = cues::Mentions(text);
  f->author = Lower(author.substr(!author.empty() && author[0] == '@' ? 1 : 0));
  f->reply_to = Lower(reply_to);
  f->phrases = cues::QuotedPhrases(text);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    PageMatch m;
    if (rules_.Find(kind::kQuoteLine, line, &m) && !m.groups.empty()) {
      std::string_view g = m.groups[0].second;
      size_t at = line.find(g);
      if (at != std::string_view::npos) f->qlines.emplace_back(pos + at, pos + at + g.size());
    }
    pos = nl + 1;
  }
  return f;
}

double Inferrer::Cosine(const Features& a, const Features& b) const {
  if (a.norm == 0 || b.norm == 0) return 0;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.lex.size() && j < b.lex.size()) {
    if (a.lex[i].first < b.lex[j].first) ++i;
    else if (a.lex[i].first > b.lex[j].first) ++j;
    else {
      dot += a.lex[i].second * b.lex[j].second;
      ++i;
      ++j;
    }
  }
  return dot / (a.norm * b.norm);
}

struct Evidence {
  double quote = 0, address = 0, opener = 0, answer = 0, lex = 0, prior = 0;
  QuoteSpan span;        // best quote found (quote > 0)
  bool from_phrase = false;
  double Total() const { return prior + quote + address + opener + answer + lex; }
};

// Quote evidence of `f` against `src`: shingle runs, '>' lines, quoted phrases.
double QuoteEvidence(const Features& f, const Features& src, std::string_view body, QuoteSpan* span,
                     bool* from_phrase) {
  double best = 0;
  QuoteSpan q = FindQuote(f.sh, src.sh);
  if (q.matched >= kMinQuoteShingles && q.similarity >= 0.5) {
    best = kQuoteWeight * std::min(1.0, 0.5 + q.matched / 8.0);
    *span = q;
  }
  for (auto [a, b] : f.qlines) {
    TextShingles line = TextShingles::Of(body.substr(a, b - a));
    QuoteSpan lq = FindQuote(line, src.sh);
    bool short_hit = line.words.size() >= 2 && line.words.size() < kShingleWords + 1 &&
                     ContainsPhrase(line, 0, line.words.size(), src.sh);
    if ((lq.matched >= 1 && lq.coverage >= 0.5) || short_hit) {
      if (kQuoteWeight > best) {
        best = kQuoteWeight;
        span->matched = std::max(1, lq.matched);
        span->start = static_cast<int>(a);
        span->end = static_cast<int>(b);
        span->similarity = short_hit ? 1.0 : lq.similarity;
      }
    }
  }
  if (best < kPhraseWeight) {
    for (auto [a, b] : f.phrases) {
      TextShingles ph = TextShingles::Of(body.substr(a, b - a));
      if (ph.words.size() < 2) continue;
      if (ContainsPhrase(ph, 0, ph.words.size(), src.sh)) {
        best = kPhraseWeight;
        span->matched = 1;
        span->start = static_cast<int>(a);
        span->end = static_cast<int>(b);
        span->similarity = 1.0;
        *from_phrase = true;
        break;
      }
    }
  }
  return best;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void Inferrer::RecordQuotes(int i, const Features& f, int parent, const Features* pf) {
  std::string_view body = t_->comments[static_cast<size_t>(i)].body;
  if (pf) {
    QuoteSpan span;
    bool phrase = false;
    if (QuoteEvidence(f, *pf, body, &span, &phrase) > 0)
      t_->quotes.push_back({i, parent, false, span.start, span.end, span.similarity});
  }
  if (article_ && !article_->sh.words.empty()) {
    QuoteSpan span;
    bool phrase = false;
    if (QuoteEvidence(f, *article_, body, &span, &phrase) > 0)
      t_->quotes.push_back({i, -1, true, span.start, span.end, span.similarity});
  }
}

void Inferrer::RunIndent() {
  auto& cs = t_->comments;
  std::vector<int> spine;
  std::vector<std::unique_ptr<Features>> feats(cs.size());
  for (size_t i = 0; i < cs.size(); ++i) {
    Comment& c = cs[i];
    int depth = c.depth_hint < 0 ? static_cast<int>(spine.size()) : c.depth_hint;
    depth = std::min(depth, static_cast<int>(spine.size()));
    int parent = depth == 0 ? -1 : spine[static_cast<size_t>(depth - 1)];
    c.parent = parent;
    c.parent_method = parent < 0 ? method::kNone : method::kIndent;
    c.parent_confidence = c.depth_hint < 0 ? 0.5 : kIndentConfidence;
    for (size_t k = static_cast<size_t>(depth); k < spine.size(); ++k)
      feats[static_cast<size_t>(spine[k])].reset();
    spine.resize(static_cast<size_t>(depth));
    feats[i] = Make(c.body, c.author, c.reply_to);
    RecordQuotes(static_cast<int>(i), *feats[i], parent,
                 parent >= 0 ? feats[static_cast<size_t>(parent)].get() : nullptr);
    spine.push_back(static_cast<int>(i));
  }
}

void Inferrer::Run() {
  auto& cs = t_->comments;
  // Document frequency of content words: rare shared words are what links a reply to its parent.
  {
    std::vector<Word> words;
    std::vector<uint64_t> seen;
    auto count = [&](std::string_view text) {
      words.clear();
      SplitWords(text, &words);
      seen.clear();
      for (size_t k = 0; k < words.size() && k < kMaxLexWords; ++k)
        if (!words[k].stop) seen.push_back(words[k].hash);
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (uint64_t h : seen) ++df_[h];
    };
    for (const Comment& c : cs) count(c.body);
    count(t_->body);
    docs_ = static_cast<double>(cs.size() + 1);
  }
  article_ = Make(t_->body, "", "");
  {
    std::vector<int> lengths;
    lengths.reserve(cs.size());
    for (const Comment& c : cs) lengths.push_back(cues::CountWords(c.body));
    double median = 0;
    if (!lengths.empty()) {
      std::nth_element(lengths.begin(), lengths.begin() + static_cast<long>(lengths.size() / 2),
                       lengths.end());
      median = lengths[lengths.size() / 2];
    }
    const double chat = chat_ = std::clamp((kArticleWords - median) / (kArticleWords - kChatWords), 0.0, 1.0);
    auto mix = [&](double a, double b) { return a + (b - a) * chat; };
    priors_ = {mix(kArticlePriors.root, kChatPriors.root), mix(kArticlePriors.prev, kChatPriors.prev),
               mix(kArticlePriors.sibling, kChatPriors.sibling),
               mix(kArticlePriors.step, kChatPriors.step)};
  }

  size_t hinted = 0;
  for (const Comment& c : cs) hinted += c.depth_hint >= 0;
  if (!cs.empty() && hinted >= kIndentShare * static_cast<double>(cs.size())) {
    RunIndent();
    return;
  }

  bool reply_markers = false;
  for (const Comment& c : cs) reply_markers |= !c.reply_to.empty();
  std::vector<int> spine;  // comment indices from top level down to the previous comment
  std::vector<std::unique_ptr<Features>> feats(cs.size());
  std::vector<int> replies(cs.size(), 0);  // replies found so far, per comment
  int top_level = 0;  // in article threads the thread's own prior already says it
  auto hub = [](int n) { return std::min(kHubCap, kHub * std::log2(1.0 + n)); };
  std::vector<Evidence> ev;
  for (size_t i = 0; i < cs.size(); ++i) {
    Comment& c = cs[i];
    feats[i] = Make(c.body, c.author, c.reply_to);
    const Features& f = *feats[i];
    const double directed = f.opener + f.address;

    // Candidates: slot 0 = the thread, slot k = spine[size - k] (k = 1 is the previous comment).
    const size_t depth = spine.size();
    const size_t ncand = 1 + std::min<size_t>(depth, kMaxCandidates);
    ev.assign(ncand, Evidence());
    {
      Evidence& r = ev[0];
      // With the previous comment top level, the thread is its parent: a sibling.
      r.prior = (depth == 1 ? std::max(priors_.root, priors_.sibling) : priors_.root) +
                (1.0 - chat_) * kFreshWeight * f.fresh - kDirectedAgainstRoot * directed +
                chat_ * hub(top_level) + (reply_markers && c.reply_to.empty() ? kNoReplyMarker : 0);
      r.quote = QuoteEvidence(f, *article_, c.body, &r.span, &r.from_phrase);
      r.lex = kLexWeight * Cosine(f, *article_);
    }
    for (size_t k = 1; k < ncand; ++k) {
      const int ci = spine[depth - k];
      const Features& cf = *feats[static_cast<size_t>(ci)];
      Evidence& e = ev[k];
      e.prior = (k == 1 ? priors_.prev : priors_.sibling - priors_.step * static_cast<double>(k - 2)) +
                hub(replies[static_cast<size_t>(ci)]);
      e.quote = QuoteEvidence(f, cf, c.body, &e.span, &e.from_phrase);
      if (!cf.author.empty() &&
          (f.reply_to == cf.author || Contains(f.mentions, cf.author)))
        e.address += kNamedWeight;
      e.address += directed * (k == 1 ? kDirectedPrev : kDirectedAncestor);
      if (!f.lead_mentions.empty()) {
        const auto& a = f.lead_mentions;
        const auto& b = cf.lead_mentions;
        if (a.size() == b.size() + 1 && std::includes(a.begin(), a.end(), b.begin(), b.end()))
          e.address += kMentionChain;
        if (a == b) {  // a sibling of cf: cf's parent is the one answered
          if (k + 1 < ncand) ev[k + 1].address += kMentionChain;
          else if (k == depth) ev[0].address += kMentionChain;
        }
      }
      if (k == 1 && cf.ends_question) e.answer += cf.asks_reader ? kAnswer + kAnswerAddressed : kAnswer / 2;
      e.lex = kLexWeight * Cosine(f, cf);
    }
    size_t best = 0, second = ncand;
    for (size_t k = 1; k < ncand; ++k) {
      if (ev[k].Total() > ev[best].Total()) {
        second = best;
        best = k;
      } else if (second == ncand || ev[k].Total() > ev[second].Total()) {
        second = k;
      }
    }
    if (std::getenv("THREADLENS_DEBUG_INFER")) {
      std::fprintf(stderr, "#%zu line %d:", i, c.line_start);
      for (size_t k = 0; k < ncand; ++k)
        std::fprintf(stderr, " [%zu%s p%.2f q%.2f a%.2f o%.2f n%.2f l%.2f =%.2f]", k, k == best ? "*" : "",
                     ev[k].prior, ev[k].quote, ev[k].address, ev[k].opener, ev[k].answer, ev[k].lex,
                     ev[k].Total());
      std::fprintf(stderr, "\n");
    }
    const Evidence& w = ev[best];
    double margin = second == ncand ? 2.0 : w.Total() - ev[second].Total();
    c.parent_confidence = std::round(1000.0 / (1.0 + std::exp(-margin))) / 1000.0;
    if (best == 0) {
      c.parent = -1;
      c.parent_method = w.quote > 0 ? method::kQuote : method::kNone;
    } else {
      c.parent = spine[depth - best];
      const std::pair<double, const char*> kinds[] = {
          {w.quote, method::kQuote},   {w.address, method::kAddress},
          {w.opener, method::kOpener}, {w.answer, method::kAnswer},
          {w.lex, method::kContinuation}};
      double top = 0.5;  // weaker evidence than this: position alone decided
      c.parent_method = method::kAdjacency;
      for (const auto& [v, m] : kinds)
        if (v > top) {
          top = v;
          c.parent_method = m;
        }
      if (c.parent_method == method::kAddress && f.opener > f.address && best == 1 &&
          w.address <= directed * kDirectedPrev + 1e-9)
        c.parent_method = method::kOpener;
    }
    RecordQuotes(static_cast<int>(i), f, c.parent,
                 c.parent >= 0 ? feats[static_cast<size_t>(c.parent)].get() : nullptr);

    if (c.parent >= 0) ++replies[static_cast<size_t>(c.parent)];
    else ++top_level;
    // Move the spine: keep the parent's path, then this comment.
    size_t keep = best == 0 ? 0 : depth - best + 1;
    for (size_t k = keep; k < spine.size(); ++k) feats[static_cast<size_t>(spine[k])].reset();
    spine.resize(keep);
    spine.push_back(static_cast<int>(i));
  }
}

}  // namespace

void InferParents(Thread* t, const PageRules& rules) { Inferrer(t, rules).Run(); }

void InferParents(Thread* t) {
  static const std::shared_ptr<const PageRules> kBuiltin = [] {
    auto r = PageRules::Load(rules::BuiltinRuleSource());
    return r.ok() ? *r : std::make_shared<const PageRules>();
  }();
  InferParents(t, *kBuiltin);
}

}  // namespace threadlens
