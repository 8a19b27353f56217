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

// ---- Tuning. Scores are log-odds: a candidate's score is the log prior of the move it implies
// plus the log-likelihood ratios of the evidence that the comment answers it. ----------------

// The moves from one comment to the next in a depth-first listing.
enum Move { kChild, kSibling, kPop, kTop, kMoves };
const char* const kMoveNames[kMoves] = {"child", "sibling", "pop", "top"};

// Move distributions to start from, for two kinds of thread: comment sections under an article,
// where comments are long and most answer the article, and chat threads (Reddit, Twitter), where
// comments are short and most answer another comment. A thread's place between the two is read
// from its median comment length (kChatWords..kArticleWords words). Self-training then replaces
// them with the thread's own distribution.
constexpr double kArticleMoves[kMoves] = {0.30, 0.12, 0.08, 0.50};
constexpr double kChatMoves[kMoves] = {0.45, 0.25, 0.12, 0.18};
constexpr double kChatWords = 15;
constexpr double kArticleWords = 40;

struct Weights {
  // Self-training: passes over the thread (the last one decides; a third pass drifted further
  // on threads with few cues and lost accuracy), and how many comments' worth of the starting
  // distribution the thread's own move counts are smoothed with.
  int passes = 2;
  double smoothing = 12;
  // Popping k levels up is this much less likely than k - 1.
  double pop_decay = 0.55;
  // Replies go to comments that already have replies (a popular comment draws a long run of
  // siblings): each doubling of a candidate's replies beyond the one it must have adds this
  // much, up to hub_cap. It also stops one wrong link dragging the following siblings down.
  double hub = 0.5, hub_cap = 2.0;
  // Pages that print "Reply to X" / "Replying to @x" on replies (wpDiscuz, Substack, Twitter):
  // a comment without one is top level.
  double no_reply_marker = 3.0;
  // Reproducing the candidate's words (scaled by how much): the strongest evidence there is.
  double quote = 5.0;
  // A short quoted phrase ('Other areas') found in the candidate.
  double phrase = 3.0;
  // Naming the candidate's author (@name, "Replying to name", a page's author line).
  double named = 6.0;
  // @mentions (Twitter's reply prefix): the first names the author answered. When the
  // candidate's author is known (from the names its own replies put first, or the thread's
  // author: the name most prefixes hold) a match is strong and a mismatch counts against;
  // when it is only guessed (whoever the candidate's parent addressed usually answers) a match
  // counts as much: at less (2.5), in a long exchange between two writers a reply skipped the
  // comment just above (whose writer is only guessed, nobody has answered it yet) for an older
  // one of the same writer (known): three real Twitter conversations 0.691 -> 0.734, the
  // Twitter-shaped ones 0.761 -> 0.813. A candidate whose own prefix holds the addressee was not
  // written by them.
  double mention_known = 4.0, mention_guess = 4.0, mention_mismatch = 2.0, mention_self = 2.5;
  // @mentions extending the candidate's by one name, or equal to a sibling's.
  double mention_chain = 3.0;
  // Openers and addressing point at the comment just above...
  double directed_prev = 1.0;
  // ...and only a little at those further up.
  double directed_ancestor = 0.25;
  // "You", "your point", an agreement opener: somebody is answered, so not the thread.
  double directed_against_root = 0.5;
  // The candidate ends with a question (more if it asks the reader: you, anyone); an earlier
  // question on the spine draws more answers than the one.
  double answer = 1.5, answer_addressed = 1.0, answer_ancestor = 0.0;
  // Cosine of idf-weighted content words between the comment and the candidate (0..1).
  double lex = 3.0;
  // "I think ...", "Is anyone ...": a fresh point for everybody in an article's comment section.
  // In a chat thread nearly every reply opens so ("I've had it", "I remember when"): scaled by
  // how article-like the thread is (1 - chat), it leaves chat threads alone (three real Reddit
  // threads, 358 comments: parent accuracy 0.454 -> 0.504; the seed unchanged).
  double fresh = 1.0;
  // A reply of a few words ("Yes", "lol", "Source?") answers a comment, not the thread, where
  // comments are usually longer (the thread's median is at least short_median words; on a
  // video's page a few words are the norm, and they answer the video). Measured on real and
  // synthetic threads it points at the comment just above no more than at its siblings' parent
  // (a popular comment draws many one-word answers), so it weighs against the thread only.
  double short_reply = 2.0, short_prev = 0.0;
  int short_words = 4;
  size_t short_bytes = 40;
  double short_median = 8;
  // A comment with no sign of answering anyone (no opener, address, quote, shared words, short
  // reaction; a question just above is not one) is this much more likely top level. Without it a thread where
  // nobody visibly answers anybody would never learn that it is flat.
  double silence = 0.7;
  // Cosine over which shared words count as a sign of answering.
  double lex_sign = 0.15;
  // "[deleted]", "[removed]": Reddit keeps a removed comment on the page only when it has
  // replies, so the comment after one answers it (4 of 5 in the real Reddit thread).
  double removed = 4.0;
  // Sharing content words with a candidate: the log ratio of the thread's own rates (with a
  // parent, with a non-parent on the spine), times this; the rates are smoothed towards one
  // half by this many comments' worth.
  double shared = 1.0, shared_smoothing = 20;
};

const Weights& W() {
  static const Weights w;
  return w;
}

// Words of a comment used for lexical overlap: bounds the work on very long comments.
constexpr size_t kMaxLexWords = 400;
// Share of comments with a depth hint for the page's indentation to decide the tree.
constexpr double kIndentShare = 0.5;
// Confidence of a link read from the page's indentation.
constexpr double kIndentConfidence = 0.95;
// A quote needs this many matching shingles (kShingleWords + 1 words) to count.
constexpr int kMinQuoteShingles = 2;
// A thread is a mention thread (Twitter) when this share of comments open with @names, and its
// author is the name held by this share of those prefixes.
constexpr double kMentionThreadShare = 0.3;
constexpr double kRootAuthorShare = 0.4;

struct Features {
  TextShingles sh;
  std::vector<std::pair<uint64_t, double>> lex;  // content word -> idf, sorted by hash
  double norm = 0;
  double opener = 0, address = 0, fresh = 0;
  int words = 0;
  bool ends_question = false, asks_reader = false;
  bool removed = false;  // a removal placeholder ("[deleted]")
  std::vector<std::string> lead_mentions, mentions;  // lead_mentions sorted
  std::string addressee;  // the first leading @name, as written
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

// Probabilities of the moves, as log priors.
struct MovePrior {
  double logp[kMoves] = {0, 0, 0, 0};
  static MovePrior Of(const double p[kMoves]) {
    MovePrior m;
    for (int k = 0; k < kMoves; ++k) m.logp[k] = std::log(std::max(p[k], 1e-3));
    return m;
  }
};

// How often a reply shares a content word with its parent, and with a comment on the spine that
// is not its parent, learnt per thread from the posterior of the previous pass (soft labels).
// Their ratio is the evidence of sharing (or not sharing) words with a candidate.
struct SharedWords {
  double parent = 0, parent_n = 0, other = 0, other_n = 0;
  double llr_share = 0, llr_none = 0;  // used by the next pass
};

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
  // One left-to-right pass with `prior`. Adds the expected count of each move (posterior
  // weights over the candidates) to counts; the final pass writes the links.
  void Pass(const MovePrior& prior, bool final, double counts[kMoves], double expected[kMoves],
            SharedWords* shared);
  void FindRootAuthor();

  Thread* t_;
  const PageRules& rules_;
  std::unordered_map<uint64_t, int> df_;
  double docs_ = 1;
  std::unique_ptr<Features> article_;
  double chat_ = 0;  // 0: article comment section .. 1: chat thread
  double median_words_ = 0;
  bool reply_markers_ = false;
  bool mention_thread_ = false;
  std::string root_author_;  // mention threads: the name most prefixes hold
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
  if (!f->lead_mentions.empty()) f->addressee = f->lead_mentions[0];
  std::sort(f->lead_mentions.begin(), f->lead_mentions.end());
  f->words = static_cast<int>(f->sh.words.size());
  {
    const std::string t = Lower(cues::Trim(text));
    f->removed = t == "[deleted]" || t == "[removed]" || t == "[deleted by user]" ||
                 t == "[removed by reddit]" || t == "[ removed by reddit ]";
  }
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
  double shared = 0;     // the thread's odds of sharing words (or none) with a parent
  QuoteSpan span;        // best quote found (quote > 0)
  bool from_phrase = false;
  double Total() const { return prior + quote + address + opener + answer + lex + shared; }
};

// Quote evidence of `f` against `src`: shingle runs, '>' lines, quoted phrases.
double QuoteEvidence(const Features& f, const Features& src, std::string_view body, QuoteSpan* span,
                     bool* from_phrase) {
  double best = 0;
  QuoteSpan q = FindQuote(f.sh, src.sh);
  if (q.matched >= kMinQuoteShingles && q.similarity >= 0.5) {
    best = W().quote * std::min(1.0, 0.5 + q.matched / 8.0);
    *span = q;
  }
  for (auto [a, b] : f.qlines) {
    TextShingles line = TextShingles::Of(body.substr(a, b - a));
    QuoteSpan lq = FindQuote(line, src.sh);
    bool short_hit = line.words.size() >= 2 && line.words.size() < kShingleWords + 1 &&
                     ContainsPhrase(line, 0, line.words.size(), src.sh);
    if ((lq.matched >= 1 && lq.coverage >= 0.5) || short_hit) {
      if (W().quote > best) {
        best = W().quote;
        span->matched = std::max(1, lq.matched);
        span->start = static_cast<int>(a);
        span->end = static_cast<int>(b);
        span->similarity = short_hit ? 1.0 : lq.similarity;
      }
    }
  }
  if (best < W().phrase) {
    for (auto [a, b] : f.phrases) {
      TextShingles ph = TextShingles::Of(body.substr(a, b - a));
      if (ph.words.size() < 2) continue;
      if (ContainsPhrase(ph, 0, ph.words.size(), src.sh)) {
        best = W().phrase;
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

void Inferrer::FindRootAuthor() {
  const auto& cs = t_->comments;
  std::unordered_map<std::string, int> held;
  size_t with = 0;
  for (const Comment& c : cs) {
    std::vector<std::string> lead = cues::LeadingMentions(c.body);
    if (lead.empty()) continue;
    ++with;
    std::sort(lead.begin(), lead.end());
    lead.erase(std::unique(lead.begin(), lead.end()), lead.end());
    for (const auto& m : lead) ++held[m];
  }
  if (cs.empty() || static_cast<double>(with) < kMentionThreadShare * static_cast<double>(cs.size()))
    return;
  mention_thread_ = true;
  std::pair<int, std::string> best{0, ""};
  for (const auto& [name, n] : held)
    if (n > best.first || (n == best.first && name < best.second)) best = {n, name};
  if (best.first >= 3 && best.first >= kRootAuthorShare * static_cast<double>(with))
    root_author_ = best.second;
}

void Inferrer::Pass(const MovePrior& prior, bool final, double counts[kMoves],
                    double expected[kMoves], SharedWords* shared) {
  auto& cs = t_->comments;
  const Weights& w = W();
  std::vector<int> spine;  // comment indices from top level down to the previous comment
  std::vector<std::unique_ptr<Features>> feats(cs.size());
  std::vector<int> replies(cs.size(), 0);  // replies found so far, per comment
  std::vector<int> parent_of(cs.size(), -1);
  // Mention threads: whom each comment's replies address first (its author, as far as they
  // tell), or empty.
  std::vector<std::string> author_of(mention_thread_ ? cs.size() : 0);
  std::vector<std::string> addressee_of(mention_thread_ ? cs.size() : 0);
  auto hub = [&](int n) {
    return n <= 1 ? 0.0 : std::min(w.hub_cap, w.hub * std::log2(static_cast<double>(n)));
  };
  const double log_decay = std::log(w.pop_decay);
  const double top_or_sibling =
      std::log(std::exp(prior.logp[kTop]) + std::exp(prior.logp[kSibling]));
  std::vector<Evidence> ev;
  std::vector<double> post;
  std::vector<char> shares;  // per candidate slot: shares a content word with the comment
  for (size_t i = 0; i < cs.size(); ++i) {
    Comment& c = cs[i];
    feats[i] = Make(c.body, c.author, c.reply_to);
    const Features& f = *feats[i];
    const double directed = f.opener + f.address;
    const bool short_reply = median_words_ >= w.short_median && f.words > 0 && f.words <= w.short_words &&
                             c.body.size() <= w.short_bytes && !f.asks_reader;

    // Candidates: slot 0 = the thread, slot k = spine[size - k] (k = 1 is the previous comment).
    const size_t depth = spine.size();
    const size_t ncand = 1 + std::min<size_t>(depth, kMaxCandidates);
    ev.assign(ncand, Evidence());
    shares.assign(ncand, 0);
    auto move_of = [&](size_t k) {
      if (k == 0) return kTop;
      if (k == 1) return kChild;
      return k == 2 ? kSibling : kPop;
    };
    {
      Evidence& r = ev[0];
      // Under a top-level comment, answering its parent (a sibling) is answering the thread.
      r.prior = (depth == 1 ? top_or_sibling : prior.logp[kTop]) + w.fresh * (1 - chat_) * f.fresh -
                w.directed_against_root * directed - (short_reply ? w.short_reply : 0) +
                (reply_markers_ && c.reply_to.empty() ? w.no_reply_marker : 0);
      r.quote = QuoteEvidence(f, *article_, c.body, &r.span, &r.from_phrase);
      r.lex = w.lex * Cosine(f, *article_);
      if (mention_thread_ && !f.addressee.empty() && !root_author_.empty())
        r.address += f.addressee == root_author_ ? w.mention_known : -w.mention_mismatch;
    }
    for (size_t k = 1; k < ncand; ++k) {
      const int ci = spine[depth - k];
      const Features& cf = *feats[static_cast<size_t>(ci)];
      Evidence& e = ev[k];
      e.prior = prior.logp[move_of(k)] + (k >= 3 ? log_decay * static_cast<double>(k - 3) : 0) +
                hub(replies[static_cast<size_t>(ci)]);
      if (k == 1 && short_reply) e.prior += w.short_prev;
      if (k == 1 && cf.removed) e.address += w.removed;
      e.quote = QuoteEvidence(f, cf, c.body, &e.span, &e.from_phrase);
      if (!cf.author.empty() &&
          (f.reply_to == cf.author || Contains(f.mentions, cf.author)))
        e.address += w.named;
      e.address += directed * (k == 1 ? w.directed_prev : w.directed_ancestor);
      if (!f.lead_mentions.empty()) {
        const auto& a = f.lead_mentions;
        const auto& b = cf.lead_mentions;
        // Outside mention threads, prefixes are compared as sets: one more name than cf's
        // answers cf's writer; the same names answer whom cf answered. (In mention threads the
        // authors below say the same, per name, without crediting every tweet of a writer.)
        if (!mention_thread_ && !b.empty() && a.size() == b.size() + 1 &&
            std::includes(a.begin(), a.end(), b.begin(), b.end()))
          e.address += w.mention_chain;
        if (!mention_thread_ && a == b) {  // a sibling of cf: cf's parent is the one answered
          if (k + 1 < ncand) ev[k + 1].address += w.mention_chain;
          else if (k == depth) ev[0].address += w.mention_chain;
        }
        if (mention_thread_) {
          // Who wrote cf: the name its replies put first; else, as a guess, whoever cf's
          // parent addressed (the one addressed usually answers).
          const std::string& known = author_of[static_cast<size_t>(ci)];
          const int pp = parent_of[static_cast<size_t>(ci)];
          const std::string& guess = pp >= 0 ? addressee_of[static_cast<size_t>(pp)] : root_author_;
          // Answering the thread's author: the thread itself takes the credit (most answers to
          // them answer the post, not their additions to it).
          if (Contains(b, f.addressee)) e.address -= w.mention_self;  // nobody @s themselves
          else if (f.addressee == root_author_) {
          } else if (!known.empty())
            e.address += known == f.addressee ? w.mention_known : -w.mention_mismatch;
          else if (!guess.empty() && guess == f.addressee)
            e.address += w.mention_guess;
          // cf addressed one name this comment leaves out: its writer, answering cf (nobody
          // @s themselves).
          if (!b.empty() && f.addressee != root_author_) {
            size_t dropped = 0;
            for (const auto& name : b) dropped += !std::binary_search(a.begin(), a.end(), name);
            if (dropped == 1) e.address += w.mention_guess;
          }
        }
      }
      if (cf.ends_question) {
        double a = cf.asks_reader ? w.answer + w.answer_addressed : w.answer / 2;
        e.answer += k == 1 ? a : a * w.answer_ancestor;
      }
      const double cos = Cosine(f, cf);
      e.lex = w.lex * cos;
      shares[k] = cos > 0;
      e.shared = shares[k] ? shared->llr_share : shared->llr_none;
    }
    {
      bool sign = directed > 0 || short_reply;
      // A question just above is not a sign: it says which comment an answer would answer,
      // not that this comment answers anybody (the answer evidence already credits the asker).
      for (size_t k = 1; k < ncand && !sign; ++k)
        sign = ev[k].quote > 0 || ev[k].address > 0 || ev[k].lex >= w.lex * w.lex_sign;
      if (!sign) ev[0].prior += w.silence;
    }
    size_t best = 0;
    for (size_t k = 1; k < ncand; ++k)
      if (ev[k].Total() > ev[best].Total()) best = k;
    // Posterior over the candidates: expected move counts, and the confidence of the link. Next
    // to them, what the prior alone expects here (moves available depend on the spine's depth).
    post.assign(ncand, 0);
    double z = 0, z0 = 0;
    for (size_t k = 0; k < ncand; ++k) z += (post[k] = std::exp(std::min(60.0, ev[k].Total() - ev[best].Total())));
    if (i > 0) {
      double p0[kMoves] = {0, 0, 0, 0};
      for (size_t k = 0; k < ncand; ++k) {
        const double x = std::exp(k == 0 && depth == 1 ? top_or_sibling
                                  : prior.logp[move_of(k)] + (k >= 3 ? log_decay * static_cast<double>(k - 3) : 0));
        p0[move_of(k)] += x;
        z0 += x;
        counts[move_of(k)] += post[k] / z;
        if (k > 0) {
          const double p = post[k] / z;
          shared->parent += p * shares[k];
          shared->parent_n += p;
          shared->other += (1 - p) * shares[k];
          shared->other_n += 1 - p;
        }
      }
      for (int m = 0; m < kMoves; ++m) expected[m] += p0[m] / z0;
    }
    if (final && std::getenv("THREADLENS_DEBUG_INFER")) {
      std::fprintf(stderr, "#%zu line %d:", i, c.line_start);
      for (size_t k = 0; k < ncand; ++k)
        std::fprintf(stderr, " [%zu%s p%.2f q%.2f a%.2f o%.2f n%.2f l%.2f =%.2f]", k, k == best ? "*" : "",
                     ev[k].prior, ev[k].quote, ev[k].address, ev[k].opener, ev[k].answer, ev[k].lex,
                     ev[k].Total());
      std::fprintf(stderr, "\n");
    }
    const int parent = best == 0 ? -1 : spine[depth - best];
    parent_of[i] = parent;
    if (mention_thread_) addressee_of[i] = f.addressee;
    if (mention_thread_ && parent >= 0 && !f.addressee.empty() &&
        author_of[static_cast<size_t>(parent)].empty())
      author_of[static_cast<size_t>(parent)] = f.addressee;
    if (final) {
      const Evidence& win = ev[best];
      c.parent_confidence = std::round(1000.0 * post[best] / z) / 1000.0;
      c.parent = parent;
      if (best == 0) {
        c.parent_method = win.quote > 0 ? method::kQuote : method::kNone;
      } else {
        const std::pair<double, const char*> kinds[] = {
            {win.quote, method::kQuote},   {win.address, method::kAddress},
            {win.opener, method::kOpener}, {win.answer, method::kAnswer},
            {win.lex, method::kContinuation}};
        double top = 0.5;  // weaker evidence than this: position alone decided
        c.parent_method = method::kAdjacency;
        for (const auto& [v, m] : kinds)
          if (v > top) {
            top = v;
            c.parent_method = m;
          }
        if (c.parent_method == method::kAddress && f.opener > f.address && best == 1 &&
            win.address <= directed * w.directed_prev + 1e-9)
          c.parent_method = method::kOpener;
      }
      RecordQuotes(static_cast<int>(i), f, c.parent,
                   c.parent >= 0 ? feats[static_cast<size_t>(c.parent)].get() : nullptr);
    }

    if (parent >= 0) ++replies[static_cast<size_t>(parent)];
    // Move the spine: keep the parent's path, then this comment.
    size_t keep = best == 0 ? 0 : depth - best + 1;
    for (size_t k = keep; k < spine.size(); ++k) feats[static_cast<size_t>(spine[k])].reset();
    spine.resize(keep);
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

  size_t hinted = 0;
  for (const Comment& c : cs) hinted += c.depth_hint >= 0;
  if (!cs.empty() && hinted >= kIndentShare * static_cast<double>(cs.size())) {
    RunIndent();
    return;
  }

  // Where the thread sits between an article's comment section and a chat, by comment length.
  double start[kMoves];
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
    median_words_ = median;
    chat_ = std::clamp((kArticleWords - median) / (kArticleWords - kChatWords), 0.0, 1.0);
    for (int k = 0; k < kMoves; ++k) start[k] = kArticleMoves[k] + (kChatMoves[k] - kArticleMoves[k]) * chat_;
  }
  for (const Comment& c : cs) reply_markers_ |= !c.reply_to.empty();
  FindRootAuthor();

  // Self-training: each pass reads the thread's own move distribution off the links it found
  // (expected counts under the posterior), smoothed towards the starting distribution; the
  // next pass uses it as the prior. A chain-like thread comes to prefer child-of-previous, a
  // flat one top level, a fan siblings.
  const Weights& w = W();
  double theta[kMoves];
  std::copy(start, start + kMoves, theta);
  SharedWords shared;
  for (int pass = 0; pass < w.passes; ++pass) {
    const bool final = pass + 1 == w.passes;
    double counts[kMoves] = {0, 0, 0, 0}, expected[kMoves] = {0, 0, 0, 0};
    Pass(MovePrior::Of(theta), final, counts, expected, &shared);
    if (final) break;
    {
      // The thread's rates of sharing words with a parent (a) and a non-parent (b), smoothed.
      const double s = w.shared_smoothing;
      const double a = (shared.parent + s * 0.5) / (shared.parent_n + s);
      const double b = (shared.other + s * 0.5) / (shared.other_n + s);
      // Only as a sign of answering: where non-parents share more (Twitter's @names repeat
      // down a conversation), the other evidence already tells them apart. Long comments (an
      // article's comment section) nearly all share some word, so it weighs in chat only.
      SharedWords next;
      if (a > b) {
        next.llr_share = w.shared * chat_ * std::log(a / b);
        next.llr_none = w.shared * chat_ * std::log((1 - a) / (1 - b));
      }
      shared = next;
    }
    // Each move's weight is scaled by how much more often the posterior chose it than the prior
    // alone would have (with no evidence the two agree and nothing changes), then smoothed.
    double n = 0, sum = 0;
    for (int k = 0; k < kMoves; ++k) {
      n += counts[k];
      theta[k] *= (counts[k] + 1e-3) / (expected[k] + 1e-3);
      sum += theta[k];
    }
    for (int k = 0; k < kMoves; ++k)
      theta[k] = (theta[k] / sum * n + w.smoothing * start[k]) / (n + w.smoothing);
    if (std::getenv("THREADLENS_DEBUG_INFER"))
      std::fprintf(stderr,
                   "pass %d: child %.2f sibling %.2f pop %.2f top %.2f; shared words %+.2f, "
                   "none %+.2f\n",
                   pass, theta[0], theta[1], theta[2], theta[3], shared.llr_share, shared.llr_none);
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
