#include "report/summary_md.h"

#include <cmath>
#include <cstdio>

#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

// How much the briefing shows; the JSON and HTML carry the rest.
constexpr size_t kVoicesShown = 8;      // comment ids per side
constexpr size_t kExchangesShown = 2;   // contested exchanges with both texts
constexpr size_t kChainsShown = 2;      // back-and-forths listed
constexpr size_t kDepthLevelsShown = 8; // depth profile levels before "…"
constexpr size_t kMostAnsweredShown = 3;

std::string Pct(int64_t part, int64_t whole) {
  if (whole <= 0) return "0%";
  return std::to_string(static_cast<int64_t>(std::lround(100.0 * part / whole))) + "%";
}

std::string Fixed(double v, int digits) {
  char b[32];
  std::snprintf(b, sizeof(b), "%.*f", digits, v);
  return b;
}

std::string Who(int64_t id, const std::string& author) {
  return "#" + std::to_string(id) + (author.empty() ? "" : " (" + author + ")");
}

class Writer {
 public:
  Writer(const Summary& s, size_t width) : s_(s), width_(width) {}

  void Para(const std::string& text, const std::string& first = "", const std::string& rest = "") {
    auto lines = Wrap(first + text, width_, rest);
    for (auto& l : lines) out_ += l + "\n";
  }
  void Line(const std::string& l = "") { out_ += l + "\n"; }
  std::string Ref(const std::string& key) const {
    std::string r = s_.Ref(key);
    return r.empty() ? "" : "[" + r + "]";
  }

  void Head();
  void Topics();
  void Contested();
  void Agreement();
  void Methods();
  void Queries();
  std::string Take() { return std::move(out_); }

 private:
  const Summary& s_;
  size_t width_;
  std::string out_;
};

void Writer::Head() {
  const Shape& sh = s_.shape;
  if (s_.thread_id)
    Line("# " + (s_.title.empty() ? "Thread " + std::to_string(s_.thread_id)
                                  : Shorten(s_.title, width_ - 20) + " (thread " +
                                        std::to_string(s_.thread_id) + ")"));
  else
    Line("# Summary of the store: " + std::to_string(sh.threads) +
         (sh.threads == 1 ? " thread" : " threads"));
  Line();
  if (sh.comments == 0) {
    Para("No comments are stored " + std::string(s_.thread_id ? "for this thread" : "yet") +
         ". " + Ref("shape"));
    return;
  }
  std::string p = std::to_string(sh.comments) + " comments";
  if (sh.authors > 0) p += " by " + std::to_string(sh.authors) + " authors";
  if (!s_.thread_id) p += " in " + std::to_string(sh.threads) + (sh.threads == 1 ? " thread" : " threads");
  p += "; " + std::to_string(sh.replies) + " are replies (" + Pct(sh.replies, sh.comments) +
       "), nested up to " + std::to_string(sh.max_depth) + (sh.max_depth == 1 ? " level" : " levels") +
       " deep (mean depth " + Fixed(sh.mean_depth, 2) + "). " + Ref("shape");
  Para(p);

  if (!s_.most_answered.empty()) {
    std::string m = "Most answered: ";
    for (size_t i = 0; i < s_.most_answered.size() && i < kMostAnsweredShown; ++i) {
      const Answered& a = s_.most_answered[i];
      if (i) m += ", ";
      m += Who(a.comment.id, a.comment.author) + " with " + std::to_string(a.replies) +
           (a.replies == 1 ? " reply" : " replies");
    }
    Para(m + ". " + Ref("most_answered"));
  }

  // Placement: top level vs reply, by method, and how sure.
  std::string top, methods;
  int64_t high = 0, medium = 0, low = 0;
  for (const auto& m : s_.links) {
    if (m.top_level) {
      if (m.method != "none") top += (top.empty() ? "" : ", ") + m.method + " " + std::to_string(m.comments);
      continue;
    }
    methods += (methods.empty() ? "" : ", ") + m.method + " " + std::to_string(m.comments);
    high += m.high;
    medium += m.medium;
    low += m.low;
  }
  std::string l = "Reply links: " + std::to_string(s_.provenance.top_level) + " top level";
  if (!top.empty()) l += " (" + top + ")";
  if (!methods.empty())
    l += "; replies found by " + methods + " — " + std::to_string(high) + " high, " +
         std::to_string(medium) + " medium, " + std::to_string(low) + " low confidence";
  Para(l + ". " + Ref("links"));

  std::string d = "Depth profile (comments per level): ";
  for (size_t i = 0; i < s_.depth.size(); ++i) {
    if (i == kDepthLevelsShown) {
      d += " · …";
      break;
    }
    if (i) d += " · ";
    d += std::to_string(s_.depth[i].first) + ": " + std::to_string(s_.depth[i].second);
  }
  Para(d + " " + Ref("depth"));

  if (!s_.top_threads.empty()) {
    std::string t = "Largest threads: ";
    for (size_t i = 0; i < s_.top_threads.size(); ++i) {
      const auto& th = s_.top_threads[i];
      if (i) t += ", ";
      t += "thread " + std::to_string(th.id);
      if (!th.title.empty()) t += " \"" + Shorten(th.title, 40) + "\"";
      t += " (" + std::to_string(th.comments) + ")";
    }
    Para(t + ". " + Ref("top_threads"));
  }
}

void Writer::Topics() {
  Line();
  Line("## Where people stood");
  if (s_.topics.empty()) {
    Para("No topics are defined in this store. " + Ref("topics"));
    return;
  }
  for (const TopicSummary& t : s_.topics) {
    Line();
    int64_t on = t.on_topic();
    if (on == 0) {
      Para("**" + t.name + "** — nobody took it up (" + t.pole_a + " / " + t.pole_b + "). " +
           Ref("topic_counts"));
      continue;
    }
    Para("**" + t.name + "** — " + t.pole_a + " " + std::to_string(t.Count(t.pole_a)) + " · " +
         t.pole_b + " " + std::to_string(t.Count(t.pole_b)) + " · neutral " +
         std::to_string(t.Count("neutral")) + " · off topic " +
         std::to_string(s_.shape.comments - on) + " " + Ref("topic_counts") + " " +
         Ref("voices") + " " + Ref("quotes"));
    for (const std::string& pole : {t.pole_a, t.pole_b}) {
      auto v = t.voices.find(pole);
      if (v == t.voices.end() || v->second.empty()) continue;
      std::string ids;
      for (size_t i = 0; i < v->second.size() && i < kVoicesShown; ++i)
        ids += (i ? " " : "") + Who(v->second[i].comment_id, v->second[i].author);
      int64_t n = t.Count(pole);
      if (n > static_cast<int64_t>(std::min(kVoicesShown, v->second.size())))
        ids += " … (" + std::to_string(n) + " in all)";
      Para(ids, "- " + pole + ": ", "  ");
      auto q = t.quotes.find(pole);
      if (q != t.quotes.end() && !q->second.empty()) {
        const QuoteText& qt = q->second.front();
        Para("#" + std::to_string(qt.comment_id) + (qt.author.empty() ? "" : " " + qt.author) +
                 " (" + Fixed(qt.confidence, 2) + "): \"" + qt.brief + "\"",
             "  > ", "    ");
      }
    }
  }
}

void Writer::Contested() {
  Line();
  Line("## Where it turned into an argument");
  if (s_.contested_total == 0) {
    Para("No reply took the opposite side of its parent on any topic. " + Ref("contested"));
    return;
  }
  std::string p = (s_.contested_capped ? "At least " : "") + std::to_string(s_.contested_total) +
                  (s_.contested_total == 1 ? " reply" : " replies") +
                  " took the opposite side of their parent (";
  bool first = true;
  for (const auto& t : s_.topics) {
    if (!t.contested) continue;
    p += (first ? "" : ", ") + t.name + " " + std::to_string(t.contested);
    first = false;
  }
  Para(p + "). " + Ref("contested"));
  for (size_t i = 0; i < s_.chains.size() && i < kChainsShown; ++i) {
    const Chain& c = s_.chains[i];
    std::string run;
    for (size_t k = 0; k < c.comments.size(); ++k) {
      if (k == 6) {
        run += " → … (" + std::to_string(c.comments.size()) + " comments)";
        break;
      }
      run += (k ? " → #" : "#") + std::to_string(c.comments[k]) + " " + c.stances[k];
    }
    Para(run + " (" + std::to_string(c.exchanges) + " exchanges)",
         "- Back-and-forth on " + c.topic + ": ", "  ");
  }
  for (size_t i = 0; i < s_.contested.size() && i < kExchangesShown; ++i) {
    const Exchange& x = s_.contested[i];
    Line("- " + x.topic + ": " + Who(x.reply.id, x.reply.author) + ", " + x.reply_stance +
         ", answers " + Who(x.parent.id, x.parent.author) + ", " + x.parent_stance);
    Para("\"" + Shorten(x.parent.text, width_ - 16) + "\"",
         "  #" + std::to_string(x.parent.id) + ": ", "    ");
    Para("\"" + Shorten(x.reply.text, width_ - 16) + "\"",
         "  #" + std::to_string(x.reply.id) + ": ", "    ");
  }
}

void Writer::Agreement() {
  Line();
  Line("## Who answers whom " + Ref("agreement"));
  bool any = false;
  for (const auto& t : s_.topics) {
    int64_t agree = t.Agree(), oppose = t.Oppose(), neutral = t.NeutralPairs();
    int64_t n = agree + oppose + neutral;
    if (n == 0) continue;
    any = true;
    Para(t.name + ": " + std::to_string(n) + " replies to on-topic comments — " +
             std::to_string(agree) + " agreed, " + std::to_string(oppose) + " opposed, " +
             std::to_string(neutral) + " with a neutral side.",
         "- ", "  ");
  }
  if (!any) Para("No reply and its parent both took a stance on the same topic.");
}

void Writer::Methods() {
  Line();
  Line("## Methods");
  const Provenance& p = s_.provenance;
  std::string m = "threadlens " + s_.tool_version;
  if (!p.tool_versions.empty()) {
    std::string v;
    for (const auto& x : p.tool_versions) v += (v.empty() ? "" : ", ") + x;
    m += " (stored by " + v + ")";
  }
  if (!p.formats.empty()) {
    std::string f;
    for (const auto& x : p.formats) f += (f.empty() ? "" : ", ") + x;
    m += ", from " + f + (p.formats.size() == 1 ? " dump" : " dumps");
  }
  m += ". Rules sha256 ";
  if (p.rules_sha256.empty()) m += "none (no topics)";
  for (size_t i = 0; i < p.rules_sha256.size(); ++i)
    m += (i ? ", " : "") + p.rules_sha256[i].substr(0, 16);
  m += " " + Ref("topics") + "; " + Ref("sources") + ". Given: " + std::to_string(p.links_given) + " reply links, " +
       "authors on " + std::to_string(p.with_author) + ", dates on " + std::to_string(p.dated) +
       ", scores on " + std::to_string(p.scored) + " of " + std::to_string(s_.shape.comments) +
       " comments " + Ref("shape") + ". Inferred: " + std::to_string(p.links_inferred) +
       " reply links, " + std::to_string(p.links_repaired) + " repaired " + Ref("links") + "; " +
       std::to_string(p.stances) + " stances " + Ref("topic_counts") + ".";
  Para(m);
  for (const auto& c : s_.caveats) Para(c, "- ", "  ");
}

void Writer::Queries() {
  Line();
  Line("## Queries");
  Line("Each [qN] above is recomputed by: threadlens query \"<the SQL after /*qN*/>\"");
  Line("```sql");
  for (size_t i = 0; i < s_.figures.size(); ++i) {
    std::string tag = "/*q" + std::to_string(i + 1) + "*/ ";
    Para(s_.figures[i].sql, tag, "  ");
  }
  Line("```");
}

}  // namespace

std::string RenderMarkdown(const Summary& s, size_t width) {
  Writer w(s, width);
  w.Head();
  if (s.shape.comments > 0) {
    w.Topics();
    w.Contested();
    w.Agreement();
  }
  w.Methods();
  w.Queries();
  return w.Take();
}

}  // namespace threadlens::report
