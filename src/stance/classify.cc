#include "stance/classify.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stance/lexicon.h"
#include "stance/quoted.h"

namespace threadlens::stance {
namespace {

// --- Confidence (rules/README.md "Confidence") --------------------------------------------------
// |score| at which the margin term reaches 1 - 1/e, in units of the topic's threshold: a comment
// scoring twice the threshold is fairly, not fully, sure.
constexpr double kMarginScale = 2.0;
// Floor of a decided stance's confidence before the other factors: taking a side is evidence.
constexpr double kDecidedFloor = 0.4;
// What conflicting cues cost: equal weights on both sides halve the confidence.
constexpr double kConflictPenalty = 0.5;
// One cue is thinner evidence than two, two than three.
constexpr double kOneCue = 0.8, kTwoCues = 0.9;
// On topic with no cue at all: as likely neutral as not.
constexpr double kNeutralNoCue = 0.5;
// Neutral with cues below the threshold: the closer to the threshold, the less sure.
constexpr double kNeutralMax = 0.6;

// --- Bounds that keep every lookup cheap on hostile input ---------------------------------------
// No scope in a rule file exceeds 20 words, and 20 words rarely exceed this many bytes.
constexpr int kMaxScopeWords = 20;
constexpr int kMaxScopeBytes = 1024;
// Reported-speech spans examined per cue, walking back from it (spans are clause-sized).
constexpr int kMaxReportedLookback = 8;
// Matches of one marker kind examined per cue when looking for the strongest in scope (walking
// back from the cue, or through its sentence): a scope of 20 words holds fewer markers.
constexpr int kMaxMarkerLookback = 32;
// Matches examined when looking for a topic's cue after a contrast marker.
constexpr int kMaxTopicScan = 256;

// How a sentence is on a topic.
constexpr char kOff = 0, kAnchored = 1, kReach = 2, kParent = 3;

// Per-thread scratch space, reused across calls so a warm classifier allocates little.
struct Scratch {
  std::vector<PatternMatch> matches;
  std::vector<Span> sentences;
  std::vector<int> breaks;                     // clause-break byte offsets, ascending
  std::vector<Span> hard;                      // quotation marks, "> " lines, ctx.quotes (merged)
  std::vector<std::pair<Span, int>> reported;  // after "they say": span, marker match
  std::vector<char> vetoed;                // by match: an `unless:` pattern of its rule overlaps it
  std::vector<char> subsumed;              // by match: a cue inside a longer cue of the same topic
  std::vector<std::pair<int, int>> spans;  // scratch: (start, running max end)
  std::vector<int> group_max, before_max;  // FindSubsumed, per topic
  std::vector<int> by_kind[kMarkerKinds];  // marker match indices, by start
  std::vector<int> sentence_wide[3];  // negator/hedge/booster with scope sentence, by start
  std::vector<int> comment_wide[3];   // negator/hedge/booster with scope comment, by start
  std::vector<int> in_cue;  // by match: end of a cue of the topic being scored that holds it, or -1
  std::vector<int> verdicts;          // rebuttal/endorse matches outside hard quotes, by start
  // Per sentence: the strongest question ([0]) or sarcasm ([1]) marker standing alone in it.
  std::vector<int> alone[2];
  std::vector<int> last_shift, opens_shift;
  std::vector<int> hits, hit_start;  // patterns occurring per sentence (CSR: hit_start[i]..)
  std::vector<int> sentence_hits;
  std::vector<char> anchored;  // [topic * sentences + i]: an anchor of the topic occurs in i
  std::vector<char> on_topic;  // [topic * sentences + i]: kOff, kAnchored, kReach, kParent
  std::vector<char> in_context;  // [topic]: anchors with `needs: context` count
  std::vector<char> needed;    // sentences whose markers are located
  std::vector<char> quoting;   // sentences next to quoted or reported text
  std::vector<double> sentence_sum;
};

Scratch& Local() {
  thread_local Scratch s;
  return s;
}

void Merge(std::vector<Span>* spans) {
  std::sort(spans->begin(), spans->end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  size_t w = 0;
  for (size_t i = 0; i < spans->size(); ++i) {
    if (w > 0 && (*spans)[i].start <= (*spans)[w - 1].end) {
      (*spans)[w - 1].end = std::max((*spans)[w - 1].end, (*spans)[i].end);
    } else {
      (*spans)[w++] = (*spans)[i];
    }
  }
  spans->resize(w);
}

bool Inside(const std::vector<Span>& merged, int pos) {
  auto it = std::upper_bound(merged.begin(), merged.end(), pos,
                             [](int p, const Span& s) { return p < s.start; });
  return it != merged.begin() && std::prev(it)->Contains(pos);
}

// True when one span of `merged` holds all of `s` (non-empty).
bool Within(const std::vector<Span>& merged, const Span& s) {
  auto it = std::upper_bound(merged.begin(), merged.end(), s.start,
                             [](int p, const Span& q) { return p < q.start; });
  return it != merged.begin() && std::prev(it)->Contains(s.start) && s.end <= std::prev(it)->end;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(v * 100) / 100);
  return buf;
}

void AddFlag(std::string* flags, const char* f) {
  if (flags->find(f) != std::string::npos) return;
  if (!flags->empty()) *flags += ',';
  *flags += f;
}

// Everything one Classify call knows about the text, shared by the per-topic passes.
class Engine {
 public:
  Engine(const RuleSet& rs, std::string_view text, const ClassifyContext& ctx, Trace* trace)
      : rs_(rs), text_(text), ctx_(ctx), trace_(trace), s_(Local()) {}

  std::vector<StanceResult> Run() {
    std::vector<StanceResult> out;
    if (rs_.topics().empty() && !trace_) return out;  // a rules folder without topics
    SplitSentences(text_, &s_.sentences);
    if (s_.sentences.empty()) return out;
    MatchSentences();
    // Nothing makes any sentence on topic and there is no parent to inherit from: off topic for
    // every topic, and nothing else needs to be found (--explain still shows the markers).
    if ((!ctx_.parent || ctx_.parent->empty()) && !trace_ && !AnyAnchor()) {
      if (ctx_.context_out) {
        FindContext();
        *ctx_.context_out = s_.in_context;
      }
      return out;
    }
    FindHardQuotes();
    FindFirstOwn();
    LocateMatches();
    FindClauseBreaks();
    FindVetoes();
    FindSubsumed();
    IndexMarkers();
    FindReported();
    IndexSentenceMarkers();
    FindOpener();
    if (trace_) {
      trace_->sentences = s_.sentences;
      trace_->quoted = s_.hard;
      for (const auto& r : s_.reported) trace_->quoted.push_back(r.first);
      for (int k = 0; k < kMarkerKinds; ++k)
        for (int i : s_.by_kind[k])
          trace_->markers.push_back({Rule_(i).id, s_.matches[i].start, s_.matches[i].end});
      for (const PatternMatch& m : s_.matches) {
        const Rule& r = rs_.rules()[m.rule];
        if (r.kind == Rule::Kind::kAnchor || r.kind == Rule::Kind::kContext)
          trace_->anchors.push_back({rs_.topics()[r.topic].name + ": " + r.id, m.start, m.end});
      }
    }
    for (int t = 0; t < static_cast<int>(rs_.topics().size()); ++t) {
      StanceResult r;
      std::vector<std::string> why;
      if (TopicPass(t, &r, trace_ ? &why : nullptr)) {
        out.push_back(std::move(r));
        if (trace_) trace_->why.push_back(std::move(why));
      }
    }
    if (ctx_.context_out) {
      *ctx_.context_out = s_.in_context;
      for (const StanceResult& r : out) (*ctx_.context_out)[r.topic] = 1;
    }
    return out;
  }

 private:
  using Kinds = MarkerKind;
  const Rule& Rule_(int match) const { return rs_.rules()[s_.matches[match].rule]; }
  const PatternMatch& M(int match) const { return s_.matches[match]; }
  int SentenceOfPos(int pos) const { return SentenceOf(s_.sentences, pos); }
  const Span& Sent(int i) const { return s_.sentences[i]; }
  int Sentences() const { return static_cast<int>(s_.sentences.size()); }
  const std::vector<int>& Kind(MarkerKind k) const { return s_.by_kind[static_cast<int>(k)]; }
  std::string_view Text(int a, int b) const { return text_.substr(a, b - a); }

  void FindClauseBreaks() {
    s_.breaks.clear();
    int pos = 0;
    while (pos < static_cast<int>(text_.size())) {
      int b = FindClauseBreak(text_, pos);  // the whole text: a break depends on its neighbours
      if (b < 0) break;
      s_.breaks.push_back(b);
      pos = b + 1;
    }
  }
  bool BreakBetween(int a, int b) const {
    auto it = std::lower_bound(s_.breaks.begin(), s_.breaks.end(), a);
    return it != s_.breaks.end() && *it < b;
  }

  // Marks cue matches that an `unless:` pattern of the same rule overlaps. Per rule with
  // vetoes: its unless matches by start with a running maximum of their ends; a cue [s, e) is
  // overlapped iff the largest end among unless matches starting before e exceeds s.
  void FindVetoes() {
    s_.vetoed.assign(s_.matches.size(), 0);
    bool any = false;
    for (const PatternMatch& m : s_.matches) any = any || rs_.is_unless(m.pattern);
    if (!any) return;
    for (int r = 0; r < static_cast<int>(rs_.rules().size()); ++r) {
      if (rs_.rules()[r].unless.empty()) continue;
      s_.spans.clear();
      for (const PatternMatch& m : s_.matches)
        if (m.rule == r && rs_.is_unless(m.pattern))
          s_.spans.push_back(
              {m.start, s_.spans.empty() ? m.end : std::max(m.end, s_.spans.back().second)});
      if (s_.spans.empty()) continue;
      for (size_t i = 0; i < s_.matches.size(); ++i) {
        const PatternMatch& m = s_.matches[i];
        if (m.rule != r || rs_.is_unless(m.pattern)) continue;
        auto it = std::lower_bound(s_.spans.begin(), s_.spans.end(), m.end,
                                   [](const std::pair<int, int>& v, int e) { return v.first < e; });
        if (it != s_.spans.begin() && std::prev(it)->second > m.start) s_.vetoed[i] = 1;
      }
    }
  }

  // A cue inside a longer cue of the same topic ("useful" in "genuinely useful"), or on the same
  // span as an earlier one, is the same words counted twice: only the longer one counts.
  // (Per topic: the largest end among cues starting earlier, and within a group of cues starting
  // at the same byte, the largest end.)
  void FindSubsumed() {
    const int n = static_cast<int>(s_.matches.size());
    const int topics = static_cast<int>(rs_.topics().size());
    s_.subsumed.assign(n, 0);
    s_.before_max.assign(topics, -1);
    auto is_cue = [&](int i) {
      return Rule_(i).kind == Rule::Kind::kCue && !rs_.is_unless(M(i).pattern) && !s_.vetoed[i];
    };
    std::vector<int>& group_max = s_.group_max;
    for (int i = 0; i < n;) {
      int j = i;
      while (j < n && M(j).start == M(i).start) ++j;
      group_max.assign(topics, -1);
      for (int k = i; k < j; ++k)
        if (is_cue(k)) group_max[Rule_(k).topic] = std::max(group_max[Rule_(k).topic], M(k).end);
      for (int k = i; k < j; ++k) {
        if (!is_cue(k)) continue;
        int t = Rule_(k).topic;
        bool dup = false;  // same span as an earlier cue of this topic in the group
        for (int e = i; e < k && !dup; ++e)
          dup = is_cue(e) && Rule_(e).topic == t && M(e).end == M(k).end;
        if (s_.before_max[t] >= M(k).end || group_max[t] > M(k).end || dup) s_.subsumed[k] = 1;
      }
      for (int t = 0; t < topics; ++t) s_.before_max[t] = std::max(s_.before_max[t], group_max[t]);
      i = j;
    }
  }

  // Sorts marker matches into per-kind lists (by start, as matches are). A negator, hedge or
  // booster strictly inside a longer modifier, reported-speech or question marker is part of
  // that phrase, not a marker by itself: "not sure" is a hedge, "no doubt" a booster, "if you
  // think" reported speech, "not just" one negator. (Matches come sorted by start; `before` is the
  // largest end among matches starting earlier, `group` the largest end among those starting at the
  // same byte.)
  void IndexMarkers() {
    for (auto& v : s_.by_kind) v.clear();
    auto word_scope = [](MarkerKind k) {
      return k == Kinds::kNegator || k == Kinds::kHedge || k == Kinds::kBooster;
    };
    // Containers: phrases a modifier can be part of. Not rebuttals, openers or contrast: in
    // "… but it is not a bubble" the "not" still negates what follows.
    auto container = [&](MarkerKind k) {
      return word_scope(k) || k == Kinds::kReported || k == Kinds::kQuestion;
    };
    const int n = static_cast<int>(s_.matches.size());
    int before = -1;
    for (int i = 0; i < n;) {
      int j = i, group = -1;
      for (; j < n && M(j).start == M(i).start; ++j)
        if (Rule_(j).kind == Rule::Kind::kMarker && container(Rule_(j).marker))
          group = std::max(group, M(j).end);
      for (int k = i; k < j; ++k) {
        const Rule& r = Rule_(k);
        if (r.kind != Rule::Kind::kMarker) continue;
        if (word_scope(r.marker) && (before >= M(k).end || group > M(k).end)) continue;
        s_.by_kind[static_cast<int>(r.marker)].push_back(k);
      }
      before = std::max(before, group);
      i = j;
    }
    for (int q = 0; q < 3; ++q) {  // sentence- and comment-wide negators, hedges, boosters
      s_.sentence_wide[q].clear();
      s_.comment_wide[q].clear();
      for (int i : Kind(static_cast<Kinds>(q))) {
        if (Rule_(i).reach == Reach::kComment) s_.comment_wide[q].push_back(i);
        if (Rule_(i).reach == Reach::kSentence) s_.sentence_wide[q].push_back(i);
      }
    }
  }

  // Finds the markers that lie inside a cue of topic t (not vetoed): they are part of that cue's
  // words ("not" in "not profitable", "where is all the" in "where is all the revenue") and
  // govern no cue of the topic that starts after that cue's end (see MayGovern). Matches by
  // start; `reach` is the largest end among the topic's cues starting at or before the current
  // byte, so a marker is inside one iff it ends by then, and that one ends at `reach`.
  void FindInCue(int t) {
    const int n = static_cast<int>(s_.matches.size());
    s_.in_cue.assign(n, -1);
    int reach = -1;
    for (int i = 0; i < n;) {
      int j = i;
      for (; j < n && M(j).start == M(i).start; ++j) {
        const Rule& r = Rule_(j);
        if (r.kind == Rule::Kind::kCue && r.topic == t && !rs_.is_unless(M(j).pattern) &&
            !s_.vetoed[j])
          reach = std::max(reach, M(j).end);
      }
      for (int k = i; k < j; ++k)
        if (Rule_(k).kind == Rule::Kind::kMarker && M(k).end <= reach) s_.in_cue[k] = reach;
      i = j;
    }
  }

  // True when a cue of topic t (not vetoed) starts in [a, b).
  bool TopicCueIn(int t, int a, int b) const {
    auto it = std::lower_bound(s_.matches.begin(), s_.matches.end(), a,
                               [](const PatternMatch& m, int p) { return m.start < p; });
    for (int n = 0; it != s_.matches.end() && it->start < b && n < kMaxTopicScan; ++it, ++n) {
      const Rule& r = rs_.rules()[it->rule];
      if (r.topic == t && r.kind == Rule::Kind::kCue && !rs_.is_unless(it->pattern) &&
          !s_.vetoed[it - s_.matches.begin()])
        return true;
    }
    return false;
  }

  // End of the clause that starts at `from`: the first clause break or "but" after it, or the
  // end of its sentence.
  int ClauseEnd(int from) const {
    int end = Sent(SentenceOfPos(from)).end;
    auto it = std::lower_bound(s_.breaks.begin(), s_.breaks.end(), from);
    if (it != s_.breaks.end() && *it < end) end = *it;
    const auto& c = Kind(Kinds::kContrast);
    auto ci =
        std::lower_bound(c.begin(), c.end(), from, [&](int i, int p) { return M(i).start < p; });
    for (; ci != c.end() && M(*ci).start < end; ++ci)
      if (Rule_(*ci).reach == Reach::kShiftAfter) {
        end = M(*ci).start;
        break;
      }
    return end;
  }

  void FindHardQuotes() {
    s_.hard.assign(ctx_.quotes.begin(), ctx_.quotes.end());
    for (Span& q : s_.hard) {  // spans from a caller: clip to the text
      q.start = std::clamp(q.start, 0, static_cast<int>(text_.size()));
      q.end = std::clamp(q.end, q.start, static_cast<int>(text_.size()));
    }
    FindQuotedSpans(text_, &s_.hard);
    Merge(&s_.hard);
  }

  void FindReported() {
    s_.reported.clear();
    for (int i : Kind(Kinds::kReported)) {
      const PatternMatch& m = M(i);
      int end =
          Rule_(i).reach == Reach::kSentence ? Sent(SentenceOfPos(m.start)).end : ClauseEnd(m.end);
      if (end > m.end) s_.reported.push_back({{m.end, end}, i});
    }
    s_.verdicts.clear();
    for (Kinds k : {Kinds::kRebuttal, Kinds::kEndorse})
      for (int i : Kind(k))
        if (!Inside(s_.hard, M(i).start)) s_.verdicts.push_back(i);
    std::sort(s_.verdicts.begin(), s_.verdicts.end());  // match order = start order
  }

  // Which sentences are on which topic (from MatchSentences), and then the positions of only
  // the matches the topics need: cues in sentences on their topic, markers in and around them
  // and in the reply's first sentence.
  // Anchors are located only for --explain; that they occur is all the engine needs.
  // Which patterns occur in which sentence: one RE2::Set pass per sentence.
  void MatchSentences() {
    s_.hits.clear();
    s_.hit_start.assign(1, 0);
    std::vector<int>& one = s_.sentence_hits;
    for (int i = 0; i < Sentences(); ++i) {
      rs_.bank().Occurring(Text(Sent(i).start, Sent(i).end), ctx_.mode, &one);
      s_.hits.insert(s_.hits.end(), one.begin(), one.end());
      s_.hit_start.push_back(static_cast<int>(s_.hits.size()));
    }
  }

  // True when an anchor, or a cue that anchors itself, occurs anywhere in the text.
  bool AnyAnchor() const {
    for (int p : s_.hits) {
      const Rule& r = rs_.rules()[rs_.bank().rule_of(p)];
      if (r.kind == Rule::Kind::kAnchor || (r.kind == Rule::Kind::kCue && r.anchors_itself))
        return true;
    }
    return false;
  }

  // The topics whose context is given (ctx.context, a parent on the topic) or named in the text
  // by a [context] section or an anchor that does not need context itself. Anchoring cues that
  // establish context are added by LocateMatches once their vetoes are known.
  void FindContext() {
    const size_t topics = rs_.topics().size();
    s_.in_context.assign(topics, 0);
    for (size_t t = 0; t < topics && t < ctx_.context.size(); ++t)
      s_.in_context[t] = ctx_.context[t] != 0;
    if (ctx_.parent)
      for (const auto& pr : *ctx_.parent)
        if (pr.topic >= 0 && static_cast<size_t>(pr.topic) < topics) s_.in_context[pr.topic] = 1;
    for (int p : s_.hits) {
      const Rule& r = rs_.rules()[rs_.bank().rule_of(p)];
      if (r.kind == Rule::Kind::kContext || (r.kind == Rule::Kind::kAnchor && !r.needs_context))
        s_.in_context[r.topic] = 1;
    }
  }

 public:
  // By topic, whether the text itself establishes the topic's context (ContextOf).
  std::vector<char> OwnContext() {
    SplitSentences(text_, &s_.sentences);
    MatchSentences();
    FindContext();
    return s_.in_context;
  }

 private:

  void LocateMatches() {
    const int n = Sentences();
    const int topics = static_cast<int>(rs_.topics().size());
    auto rule_of = [&](int p) -> const Rule& { return rs_.rules()[rs_.bank().rule_of(p)]; };
    auto locate = [&](int i, int p) {
      rs_.bank().FindOne(Text(Sent(i).start, Sent(i).end), p, Sent(i).start, &s_.matches);
    };
    // 1. Anchors by occurrence; cues that anchor themselves and all vetoes by position. A cue
    // that needs its topic's context anchors (and counts) only in that context.
    FindContext();
    s_.matches.clear();
    s_.anchored.assign(static_cast<size_t>(topics) * n, 0);
    for (int i = 0; i < n; ++i)
      for (int h = s_.hit_start[i]; h < s_.hit_start[i + 1]; ++h) {
        int p = s_.hits[h];
        const Rule& r = rule_of(p);
        if (r.kind == Rule::Kind::kAnchor) {
          s_.anchored[static_cast<size_t>(r.topic) * n + i] = 1;
          if (trace_) locate(i, p);
        } else if (rs_.is_unless(p) || (r.kind == Rule::Kind::kCue && r.anchors_itself)) {
          locate(i, p);
        } else if (r.kind == Rule::Kind::kContext && trace_) {
          locate(i, p);
        }
      }
    SortMatches();
    FindVetoes();
    for (size_t k = 0; k < s_.matches.size(); ++k) {
      const Rule& r = rs_.rules()[s_.matches[k].rule];
      if (r.kind == Rule::Kind::kCue && !r.needs_context &&
          !rs_.is_unless(s_.matches[k].pattern) && !s_.vetoed[k]) {
        s_.anchored[static_cast<size_t>(r.topic) * n + SentenceOfPos(s_.matches[k].start)] = 1;
        s_.in_context[r.topic] = 1;
      }
    }
    for (size_t k = 0; k < s_.matches.size(); ++k) {
      const Rule& r = rs_.rules()[s_.matches[k].rule];
      if (r.kind == Rule::Kind::kCue && r.needs_context && s_.in_context[r.topic] &&
          !rs_.is_unless(s_.matches[k].pattern) && !s_.vetoed[k])
        s_.anchored[static_cast<size_t>(r.topic) * n + SentenceOfPos(s_.matches[k].start)] = 1;
    }
    // 2. Which sentences are on which topic.
    s_.on_topic.assign(static_cast<size_t>(topics) * n, kOff);
    s_.needed.assign(n, 0);
    if (first_own_ >= 0) s_.needed[first_own_] = 1;  // openers
    for (int t = 0; t < topics; ++t) {
      const Topic& topic = rs_.topics()[t];
      bool parent = ParentOf(t) != nullptr;
      for (int i = 0; i < n; ++i) {
        char& o = s_.on_topic[static_cast<size_t>(t) * n + i];
        if (s_.anchored[static_cast<size_t>(t) * n + i]) {
          o = kAnchored;
        } else {
          for (int j = std::max(0, i - topic.anchor_reach);
               j <= std::min(n - 1, i + topic.anchor_reach) && o == kOff; ++j)
            if (s_.anchored[static_cast<size_t>(t) * n + j]) o = kReach;
          if (o == kOff && parent && first_own_ >= 0 && i >= first_own_ &&
              i <= first_own_ + topic.anchor_reach)
            o = kParent;
        }
        // --explain shows the markers around every on-topic sentence.
        if (o != kOff && trace_)
          for (int j = std::max(0, i - 1); j <= std::min(n - 1, i + 1); ++j) s_.needed[j] = 1;
      }
    }
    // 3. Positions of the cues of on-topic sentences; then of the markers that can govern them:
    // every marker kind acts on a cue of its own sentence or of the sentence before it ("… a
    // bubble. /s", "… But …", "… They're wrong."), and openers sit in the first own sentence.
    for (int i = 0; i < n; ++i)
      for (int h = s_.hit_start[i]; h < s_.hit_start[i + 1]; ++h) {
        int p = s_.hits[h];
        const Rule& r = rule_of(p);
        if (r.kind == Rule::Kind::kCue && !r.anchors_itself && !rs_.is_unless(p) &&
            s_.on_topic[static_cast<size_t>(r.topic) * n + i] != kOff)
          locate(i, p);
      }
    for (const PatternMatch& m : s_.matches) {
      const Rule& r = rs_.rules()[m.rule];
      if (r.kind != Rule::Kind::kCue || rs_.is_unless(m.pattern)) continue;
      int i = SentenceOfPos(m.start);
      s_.needed[i] = 1;
      if (i + 1 < n) s_.needed[i + 1] = 1;
    }
    // Openers matter only in a reply; rebuttals and endorsements only next to quoted or
    // reported text (in their sentence or the one before). --explain shows them all.
    const bool reply = trace_ || (ctx_.parent && !ctx_.parent->empty());
    s_.quoting.assign(n, 0);
    for (int i = 0; i < n; ++i) {
      bool q = trace_ || Overlaps(s_.hard, Sent(i));
      for (int h = s_.hit_start[i]; h < s_.hit_start[i + 1] && !q; ++h) {
        const Rule& r = rule_of(s_.hits[h]);
        q = r.kind == Rule::Kind::kMarker && r.marker == Kinds::kReported;
      }
      if (q) {
        s_.quoting[i] = 1;
        if (i + 1 < n) s_.quoting[i + 1] = 1;
      }
    }
    for (int i = 0; i < n; ++i)
      for (int h = s_.hit_start[i]; h < s_.hit_start[i + 1]; ++h) {
        int p = s_.hits[h];
        const Rule& r = rule_of(p);
        if (r.kind != Rule::Kind::kMarker || !(s_.needed[i] || r.reach == Reach::kComment))
          continue;
        if ((r.marker == Kinds::kAgree || r.marker == Kinds::kDisagree) && !reply) continue;
        if ((r.marker == Kinds::kRebuttal || r.marker == Kinds::kEndorse) && !s_.quoting[i])
          continue;
        locate(i, p);
      }
    SortMatches();
  }

  // True when a span of `merged` overlaps `s`.
  static bool Overlaps(const std::vector<Span>& merged, const Span& s) {
    auto it = std::upper_bound(merged.begin(), merged.end(), s.start,
                               [](int p, const Span& q) { return p < q.start; });
    if (it != merged.begin() && std::prev(it)->end > s.start) return true;
    return it != merged.end() && it->start < s.end;
  }

  void SortMatches() {
    std::sort(s_.matches.begin(), s_.matches.end(),
              [](const PatternMatch& a, const PatternMatch& b) {
                return a.start != b.start ? a.start < b.start : a.pattern < b.pattern;
              });
  }

  const StanceResult* ParentOf(int t) const {
    if (ctx_.parent)
      for (const auto& pr : *ctx_.parent)
        if (pr.topic == t) return &pr;
    return nullptr;
  }

  // The reported-speech marker whose span holds `pos` (the latest to start), or -1.
  int ReportedAt(int pos) const {
    auto it =
        std::upper_bound(s_.reported.begin(), s_.reported.end(), pos,
                         [](int p, const std::pair<Span, int>& r) { return p < r.first.start; });
    for (int n = 0; it != s_.reported.begin() && n < kMaxReportedLookback; ++n) {
      --it;
      if (it->first.Contains(pos)) return it->second;
    }
    return -1;
  }

  // True when sentence `si` holds nothing but match `m` (e.g. a trailing "/s").
  bool Alone(int si, const PatternMatch& m) const {
    const Span& s = Sent(si);
    return !HasWordChar(Text(s.start, m.start)) && !HasWordChar(Text(m.end, s.end));
  }

  // Per sentence: where questions, sarcasm and contrast markers are. Linear in the markers.
  void IndexSentenceMarkers() {
    const int n = Sentences();
    for (int q = 0; q < 2; ++q) {
      s_.alone[q].assign(n, -1);
      for (int i : Kind(q == 0 ? Kinds::kQuestion : Kinds::kSarcasm)) {
        int si = SentenceOfPos(M(i).start);
        if (Alone(si, M(i))) s_.alone[q][si] = Stronger(s_.alone[q][si], i);
      }
    }
    s_.last_shift.assign(n, -1);
    s_.opens_shift.assign(n, -1);
    for (int i : Kind(Kinds::kContrast)) {
      if (Rule_(i).reach != Reach::kShiftAfter) continue;
      int si = SentenceOfPos(M(i).start);
      s_.last_shift[si] = i;
      if (s_.opens_shift[si] < 0 && !HasWordChar(Text(Sent(si).start, M(i).start)))
        s_.opens_shift[si] = i;
    }
  }

  // The first sentence the commenter wrote (not a quote).
  void FindFirstOwn() {
    first_own_ = -1;
    for (int i = 0; i < Sentences() && first_own_ < 0; ++i) {
      const Span& s = Sent(i);
      for (int p = s.start; p < s.end; ++p) {
        if (Inside(s_.hard, p)) continue;
        if (HasWordChar(Text(p, p + 1))) {
          first_own_ = i;
          break;
        }
      }
    }
  }

  // An agreement or disagreement opener at the very start of the first own sentence.
  void FindOpener() {
    opener_ = -1;
    if (first_own_ < 0) return;
    const Span& s = Sent(first_own_);
    for (Kinds k : {Kinds::kAgree, Kinds::kDisagree})
      for (int i : Kind(k)) {
        const PatternMatch& m = M(i);
        if (m.start < s.start || m.start >= s.end || Inside(s_.hard, m.start)) continue;
        if (HasWordChar(Text(s.start, m.start))) continue;
        if (opener_ < 0 || m.start < M(opener_).start) opener_ = i;
      }
    // "I agree that X" agrees with X only, not with everything the parent said: such an opener
    // passes on only the topics its own sentence is about.
    opener_scoped_ = false;
    if (opener_ >= 0) {
      std::string_view rest = Text(M(opener_).end, s.end);
      size_t b = 0;
      while (b < rest.size() && (rest[b] == ' ' || rest[b] == '\t')) ++b;
      size_t e = b;
      while (e < rest.size() && ((rest[e] | 0x20) >= 'a' && (rest[e] | 0x20) <= 'z')) ++e;
      std::string word(rest.substr(b, e - b));
      for (char& c : word) c = static_cast<char>(c | 0x20);
      for (const char* w : {"that", "with", "about", "on", "regarding", "re"})
        if (word == w) opener_scoped_ = true;
    }
  }

  // The stronger of markers a and b (either may be -1): one that turns a weight round beats one
  // that does not, then the one whose factor lies further from 1; on a tie, a (the one found
  // first, i.e. the nearest).
  int Stronger(int a, int b) const {
    if (a < 0 || b < 0) return a < 0 ? b : a;
    double fa = Rule_(a).factor, fb = Rule_(b).factor;
    if ((fa < 0) != (fb < 0)) return fa < 0 ? a : b;
    return std::fabs(fb - 1) > std::fabs(fa - 1) ? b : a;
  }

  // True when marker `i` may govern `cue` as far as other cues go: it does not lie inside the
  // cue (the cue's own words, as "not" in "not going away"), nor inside another cue of the topic
  // that ends before this one starts ("not" in "not profitable" does not negate "overvalued"
  // after it; "Nobody has reproduced" shares "reproduced" with "reproduced the results", so its
  // "Nobody" still negates that). Callers add what the marker's scope requires.
  bool MayGovern(int i, const PatternMatch& cue) const {
    const PatternMatch& m = M(i);
    bool inside = m.start >= cue.start && m.end <= cue.end;
    return !inside && (s_.in_cue[i] < 0 || cue.start < s_.in_cue[i]);
  }

  // The strongest marker of kind `k` that ends before the cue, in its sentence and clause, within
  // the marker's scope in words; -1 if none.
  int Governing(Kinds k, const PatternMatch& cue, const Span& sent) const {
    const auto& v = Kind(k);
    auto it = std::lower_bound(v.begin(), v.end(), cue.start,
                               [&](int i, int p) { return M(i).start < p; });
    int best = -1;
    for (int n = 0; it != v.begin() && n < kMaxMarkerLookback; ++n) {
      --it;
      const PatternMatch& m = M(*it);
      if (m.start < sent.start) break;
      if (m.end > cue.start || !MayGovern(*it, cue)) continue;
      if (Rule_(*it).reach != Reach::kWords) continue;  // sentence-wide: see Wide
      if (cue.start - m.end > kMaxScopeBytes || BreakBetween(m.end, cue.start)) break;
      int words = CountWords(Text(m.end, cue.start));
      if (words > kMaxScopeWords) break;
      if (words <= Rule_(*it).scope) best = Stronger(best, *it);
    }
    return best;
  }

  // The strongest marker of `v` (matches by start) in [from, to) that may govern the cue; -1 if
  // none.
  int Wide(const std::vector<int>& v, int from, int to, const PatternMatch& cue) const {
    auto it =
        std::lower_bound(v.begin(), v.end(), from, [&](int i, int p) { return M(i).start < p; });
    int best = -1;
    for (int n = 0; it != v.end() && M(*it).start < to && n < kMaxMarkerLookback; ++it, ++n)
      if (MayGovern(*it, cue)) best = Stronger(best, *it);
    return best;
  }

  // Question (q = 0) or sarcasm (q = 1) governing a cue in sentence si; -1 if none.
  //  1. A cue that holds a marker of the kind, or shares words with one reaching `after` ("where
  //     is all the revenue", "why would they publish …?"), is written as a question (or as
  //     sarcasm): its weight already says so, and no marker of the kind governs it.
  //  2. Otherwise the strongest marker reaching `after` that precedes the cue in its clause: it
  //     reads the sentence more closely than a whole-sentence one, and wins over it.
  //  3. Otherwise the strongest whole-sentence marker of its sentence, or standing alone in the
  //     next one ("… by Tuesday. /s").
  int SentenceMarker(int q, const PatternMatch& cue, int si) const {
    const auto& v = Kind(q == 0 ? Kinds::kQuestion : Kinds::kSarcasm);
    const Span& sent = Sent(si);
    auto it =
        std::lower_bound(v.begin(), v.end(), cue.end, [&](int i, int p) { return M(i).start < p; });
    int after = -1;
    for (int n = 0; it != v.begin() && n < kMaxMarkerLookback; ++n) {
      --it;
      const PatternMatch& m = M(*it);
      if (m.start < sent.start) break;
      bool is_after = Rule_(*it).reach == Reach::kAfter;
      if (m.end > cue.start) {  // overlaps the cue
        if (is_after || (m.start >= cue.start && m.end <= cue.end)) return -1;
        continue;
      }
      if (!is_after || !MayGovern(*it, cue)) continue;
      // "do you really think X" reaches X, not "when Y" after it: Y is taken for granted.
      if (BreakBetween(m.end, cue.start) || HasSubordinator(Text(m.end, cue.start))) continue;
      after = Stronger(after, *it);
    }
    if (after >= 0) return after;
    auto w = std::lower_bound(v.begin(), v.end(), sent.start,
                              [&](int i, int p) { return M(i).start < p; });
    int best = -1;
    for (int n = 0; w != v.end() && M(*w).start < sent.end && n < kMaxMarkerLookback; ++w, ++n)
      if (Rule_(*w).reach != Reach::kAfter && MayGovern(*w, cue)) best = Stronger(best, *w);
    if (si + 1 < Sentences()) best = Stronger(best, s_.alone[q][si + 1]);
    return best;
  }

  // Contrast discounting a cue of topic t: "X but Y" discounts X (also when "But" or "However"
  // opens the next sentence); "although X, Y" discounts X. Only when Y argues the same topic:
  // "the cost is fake, but the AI bubble will pop anyway" concedes nothing about the cost.
  int Contrast(int t, const PatternMatch& cue, int si) const {
    int ls = s_.last_shift[si];
    if (ls >= 0 && M(ls).start >= cue.end && TopicCueIn(t, M(ls).end, Sent(si).end)) return ls;
    if (si + 1 < Sentences()) {
      int os = s_.opens_shift[si + 1];
      if (os >= 0 && TopicCueIn(t, M(os).end, Sent(si + 1).end)) return os;
    }
    const auto& v = Kind(Kinds::kContrast);
    auto it = std::lower_bound(v.begin(), v.end(), cue.start,
                               [&](int i, int p) { return M(i).start < p; });
    for (int n = 0; it != v.begin() && n < kMaxMarkerLookback; ++n) {
      --it;
      const PatternMatch& m = M(*it);
      if (m.start < Sent(si).start) break;
      if (Rule_(*it).reach != Reach::kConcessive || !MayGovern(*it, cue) || m.end > cue.start)
        continue;
      if (BreakBetween(m.end, cue.start)) return -1;
      auto brk = std::lower_bound(s_.breaks.begin(), s_.breaks.end(), cue.end);
      int from = brk == s_.breaks.end() ? Sent(si).end : *brk;
      return TopicCueIn(t, from, Sent(si).end) ? *it : -1;
    }
    return -1;
  }

  // A rebuttal or endorsement of a quoted cue: after it in its sentence, or in the next one.
  int Verdict(const PatternMatch& cue, int si) const {
    const auto& v = s_.verdicts;
    auto it =
        std::lower_bound(v.begin(), v.end(), cue.end, [&](int i, int p) { return M(i).start < p; });
    if (it == v.end()) return -1;
    int ms = SentenceOfPos(M(*it).start);
    return ms == si || ms == si + 1 ? *it : -1;
  }

  struct Applied {
    double w = 0, conf_mult = 1;
    std::string flags, why;
  };

  // Applies marker `mi` to *a: weight × factor, confidence × the marker's confidence.
  void Apply(int mi, const char* flag, Applied* a) const {
    const Rule& r = Rule_(mi);
    const PatternMatch& m = M(mi);
    a->w *= r.factor;
    a->conf_mult *= r.confidence;
    AddFlag(&a->flags, flag);
    if (trace_)
      a->why += " × " + Fmt(r.factor) + " " + r.id + " '" + std::string(Text(m.start, m.end)) +
                "' [" + std::to_string(m.start) + "," + std::to_string(m.end) + ")";
  }

  Evidence MakeEvidence(const std::string& rule_id, const std::string& pole, double w,
                        const PatternMatch& m, std::string flags) const {
    Evidence e;
    e.rule_id = rule_id;
    e.pole = pole;
    e.weight = w;
    e.start = m.start;
    e.end = m.end;
    e.snippet = std::string(Text(m.start, m.end));
    e.flags = std::move(flags);
    return e;
  }

  bool TopicPass(int t, StanceResult* out, std::vector<std::string>* why) {
    const Topic& topic = rs_.topics()[t];
    const int n = Sentences();
    const char* on_topic = &s_.on_topic[static_cast<size_t>(t) * n];
    bool any_anchor = false;
    for (int i = 0; i < n && !any_anchor; ++i)
      any_anchor = s_.anchored[static_cast<size_t>(t) * n + i];
    const StanceResult* parent = ParentOf(t);

    FindInCue(t);
    s_.sentence_sum.assign(n, 0.0);
    out->topic = t;
    out->evidence.clear();
    int own_cues = 0;
    double pos = 0, neg = 0, conf_weighted = 0, conf_weight = 0;
    for (size_t mi = 0; mi < s_.matches.size(); ++mi) {
      const PatternMatch& m = s_.matches[mi];
      const Rule& r = rs_.rules()[m.rule];
      if (r.topic != t || r.kind != Rule::Kind::kCue || s_.vetoed[mi] || s_.subsumed[mi] ||
          rs_.is_unless(m.pattern) || (r.needs_context && !s_.in_context[t]))
        continue;
      int si = SentenceOfPos(m.start);
      if (on_topic[si] == kOff) continue;
      const Span& sent = Sent(si);
      Applied a;
      a.w = r.weight * r.pole;
      if (trace_) a.why = r.id + " " + Fmt(a.w);
      if (on_topic[si] == kReach) AddFlag(&a.flags, "reach");
      if (on_topic[si] == kParent) AddFlag(&a.flags, "parent-topic");
      static const char* kModFlags[3] = {"negated", "hedged", "boosted"};
      for (int q = 0; q < 3; ++q) {  // of each kind, the strongest in scope
        int g = Governing(static_cast<Kinds>(q), m, sent);
        g = Stronger(g, Wide(s_.sentence_wide[q], sent.start, sent.end, m));
        g = Stronger(g, Wide(s_.comment_wide[q], 0, static_cast<int>(text_.size()), m));
        if (g >= 0) Apply(g, kModFlags[q], &a);
      }
      // Quoted only when wholly inside a quotation: "the 'it's all fake' crowd" is the
      // commenter's own words about the quote.
      bool hard = Within(s_.hard, {m.start, m.end});
      int rep = hard ? -1 : ReportedAt(m.start);
      // Conceding is something the commenter does with their own claims.
      if (int g = hard || rep >= 0 ? -1 : Contrast(t, m, si); g >= 0) Apply(g, "contrast", &a);
      if (int g = SentenceMarker(0, m, si); g >= 0) Apply(g, "question", &a);
      if (int g = SentenceMarker(1, m, si); g >= 0) Apply(g, "sarcasm", &a);
      if (hard || rep >= 0) {
        AddFlag(&a.flags, "quoted");
        if (rep >= 0) AddFlag(&a.flags, "reported");
        int v = Verdict(m, si);
        if (v >= 0) {
          Apply(v, Rule_(v).marker == Kinds::kRebuttal ? "rebutted" : "endorsed", &a);
        } else if (rep >= 0 && Rule_(rep).factor != 0) {
          Apply(rep, "rebutted", &a);  // "the myth that …": reported and rejected at once
        } else {
          a.w = 0;
          if (trace_) a.why += " × 0 (quoted)";
        }
      }
      if (a.w != 0) {
        ++own_cues;
        s_.sentence_sum[si] += a.w;
        (a.w > 0 ? pos : neg) += std::fabs(a.w);
        conf_weighted += std::fabs(a.w) * a.conf_mult;
        conf_weight += std::fabs(a.w);
      }
      if (why) why->push_back(a.why + " = " + Fmt(a.w));
      out->evidence.push_back(
          MakeEvidence(r.id, r.pole > 0 ? topic.pole_a : topic.pole_b, a.w, m, std::move(a.flags)));
    }

    bool opener_reaches = opener_ >= 0 && (!opener_scoped_ || on_topic[first_own_] == kAnchored ||
                                           on_topic[first_own_] == kReach);
    if (own_cues == 0 && opener_reaches && parent) {
      // Inheritance: about this topic the reply only says "I agree" or "Nonsense".
      const Rule& r = Rule_(opener_);
      // The side is the parent's (or the other one): a weaker echo of a stance is still that
      // stance. The score and confidence carry how much weaker.
      double score = parent->score * r.factor;
      out->score = score;
      out->stance = parent->stance == "neutral" || r.factor == 0         ? std::string("neutral")
                    : (parent->stance == topic.pole_a) == (r.factor > 0) ? topic.pole_a
                                                                         : topic.pole_b;
      out->confidence = std::clamp(parent->confidence * r.confidence, 0.0, 1.0);
      out->evidence.push_back(MakeEvidence(r.id,
                                           score > 0   ? topic.pole_a
                                           : score < 0 ? topic.pole_b
                                                       : "",
                                           score, M(opener_), "inherited"));
      if (why)
        why->push_back(r.id + ": parent " + parent->stance + " " + Fmt(parent->score) + " × " +
                       Fmt(r.factor) + " = " + Fmt(score));
      return true;
    }
    if (!any_anchor && own_cues == 0) return false;  // off topic
    // Outside the topic's context (no [context] term or plain anchor here, in the thread or the
    // ancestors; the parent not on it), words like "team" or "hired" alone are no reason to
    // call the comment on topic: only an argument of the topic's own is — a counted cue, or a
    // lexicon side whose score reaches the topic's threshold, the bar a rule side must clear.
    const bool unargued = !s_.in_context[t] && own_cues == 0;
    if (unargued && !topic.lexicon) return false;

    double score = 0;
    for (double v : s_.sentence_sum)
      score += std::clamp(v, -topic.sentence_cap, topic.sentence_cap);
    out->score = score;
    out->stance = Decide(topic, score);
    // On topic, no side from the rules: the topic's lexicon may lean one way (stance/lexicon.h).
    if (out->stance == "neutral" && topic.lexicon) {
      std::string lex_why;
      if (DecideByLexicon(topic, text_, s_.sentences, on_topic, s_.hard, s_.reported, score, out,
                          why ? &lex_why : nullptr)) {
        if (unargued && std::fabs(out->score) < topic.threshold) return false;
        if (why) why->push_back(std::move(lex_why));
        return true;
      }
    }
    if (unargued) return false;
    double confidence;
    if (out->stance == "neutral") {
      confidence =
          own_cues == 0 ? kNeutralNoCue : kNeutralMax * (1.0 - std::fabs(score) / topic.threshold);
    } else {
      double margin = 1.0 - std::exp(-std::fabs(score) / (kMarginScale * topic.threshold));
      confidence = kDecidedFloor + (1.0 - kDecidedFloor) * margin;
      double lo = std::min(pos, neg), hi = std::max(pos, neg);
      if (hi > 0) confidence *= 1.0 - kConflictPenalty * (lo / hi);
      confidence *= own_cues >= 3 ? 1.0 : own_cues == 2 ? kTwoCues : kOneCue;
      if (conf_weight > 0) confidence *= conf_weighted / conf_weight;
    }
    out->confidence = std::clamp(confidence, 0.0, 1.0);
    return true;
  }

  static std::string Decide(const Topic& t, double score) {
    if (score >= t.threshold) return t.pole_a;
    if (score <= -t.threshold) return t.pole_b;
    return "neutral";
  }

  const RuleSet& rs_;
  std::string_view text_;
  const ClassifyContext& ctx_;
  Trace* trace_;
  Scratch& s_;
  int first_own_ = -1;
  int opener_ = -1;             // index into matches
  bool opener_scoped_ = false;  // "I agree that …": only for topics of its own sentence
};

}  // namespace

std::vector<char> ContextOf(const RuleSet& rules, std::string_view text) {
  return Engine(rules, text, ClassifyContext(), nullptr).OwnContext();
}

std::vector<StanceResult> Classify(const RuleSet& rules, std::string_view text,
                                   const ClassifyContext& ctx, Trace* trace) {
  return Engine(rules, text, ctx, trace).Run();
}

}  // namespace threadlens::stance
