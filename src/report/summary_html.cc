#include "report/summary_html.h"

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "report/markup.h"
#include "report/svg_chart.h"
#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

// Colours: the first pole warm, the second cool, neutral grey — the same for every topic, so a
// reader learns them once (the legend names the poles per topic).
constexpr const char* kPoleA = "#c2410c";
constexpr const char* kPoleB = "#1d4ed8";
constexpr const char* kNeutral = "#9ca3af";
constexpr int kChartWidth = 640;
constexpr size_t kSummaryCols = 110;  // tree node one-line preview

constexpr const char* kStyle = R"css(
:root{--a:#c2410c;--b:#1d4ed8;--n:#9ca3af;--ink:#1f2937;--soft:#6b7280;--line:#e5e7eb}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:var(--ink);max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .6rem;
 border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{margin:1.2rem 0 .3rem}
h4{margin:.4rem 0}.lead{color:var(--soft);margin:.2rem 0 1rem}
a{color:inherit}a.q{font-size:.75rem;color:var(--soft);text-decoration:none;margin-left:.3rem;
 border:1px solid var(--line);border-radius:3px;padding:0 .25rem}
.stats{display:flex;flex-wrap:wrap;gap:.6rem}.stat{border:1px solid var(--line);
 border-radius:6px;padding:.4rem .8rem;min-width:7rem}.stat b{display:block;font-size:1.4rem}
.stat span{color:var(--soft);font-size:.85rem}
.topic{border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem;margin:.8rem 0}
.topic .question{color:var(--soft);margin:.1rem 0 .5rem;font-style:italic}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.side h4 .n{font-weight:normal;color:var(--soft)}
.side.a h4{color:var(--a)}.side.b h4{color:var(--b)}
.cid{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;text-decoration:none;
 border-radius:3px;padding:0 .2rem;background:#f3f4f6}
.voices .cid{margin-right:.25rem}
.a .cid,.cid.a{background:#ffedd5}.b .cid,.cid.b{background:#dbeafe}
blockquote{margin:.4rem 0;padding:.3rem .7rem;border-left:4px solid var(--n);background:#fafafa}
.a blockquote,blockquote.a{border-color:var(--a)}.b blockquote,blockquote.b{border-color:var(--b)}
blockquote cite{display:block;font-style:normal;font-size:.8rem;color:var(--soft)}
.run{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0;margin:.3rem 0}
.run li{padding:.1rem .5rem;border-radius:4px;color:#fff}.run li a{color:#fff}
.run li.a{background:var(--a)}.run li.b{background:var(--b)}.run li.n{background:var(--n)}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;margin:.6rem 0}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid var(--line);
 padding:.2rem .6rem;text-align:right}th{background:#f9fafb}td.l,th.l{text-align:left}
.legend span{margin-right:1rem}.sw{display:inline-block;width:.8rem;height:.8rem;
 border-radius:2px;vertical-align:middle;margin-right:.25rem}
details.node{margin:.15rem 0 .15rem .2rem;padding-left:.6rem;border-left:3px solid var(--line)}
details.node details.node{margin-left:1rem}
details.node.pa{border-left-color:var(--a)}details.node.pb{border-left-color:var(--b)}
details.node.pn{border-left-color:var(--n)}
details.node>summary{cursor:pointer;list-style-position:outside}
details.node>.body{margin:.2rem 0 .3rem;white-space:pre-wrap;color:#374151;font-size:.92rem}
.chip{font-size:.72rem;border-radius:3px;padding:0 .3rem;margin-right:.2rem;color:#fff}
.chip.pa{background:var(--a)}.chip.pb{background:var(--b)}.chip.pn{background:var(--n)}
.via,.au{color:var(--soft);font-size:.8rem;margin-right:.3rem}.snip{color:#374151}
details.thread>summary{font-weight:600;margin:.6rem 0 .2rem}
pre{white-space:pre-wrap;background:#f9fafb;border:1px solid var(--line);padding:.5rem;
 font-size:.8rem}
.caveats li{margin:.2rem 0}.note{color:var(--soft);font-size:.9rem}
@media (max-width:760px){.sides,.exchange{grid-template-columns:1fr}}
)css";

std::string Fixed(double v, int digits) {
  char b[32];
  std::snprintf(b, sizeof(b), "%.*f", digits, v);
  return b;
}

std::string Pct(int64_t part, int64_t whole) {
  if (whole <= 0) return "0%";
  return std::to_string(static_cast<int64_t>(std::lround(100.0 * part / whole))) + "%";
}

class Page {
 public:
  explicit Page(const Summary& s) : s_(s) {}
  std::string Render();

 private:
  // A small "qN" link to the query, and the title attribute naming it.
  std::string QLink(const std::string& key) const {
    std::string r = s_.Ref(key);
    if (r.empty()) return "";
    return "<a class=\"q\" href=\"#" + r + "\">" + r + "</a>";
  }
  std::string Title(const std::string& key) const {
    const Figure* f = s_.Find(key);
    if (!f) return "";
    return " title=\"" + Html(s_.Ref(key) + " — " + f->title + ":\n" + f->sql) + "\"";
  }
  // "a", "b" or "n": which colour a stance gets within its topic.
  static std::string Side(const TopicSummary& t, const std::string& stance) {
    if (stance == t.pole_a) return "a";
    if (stance == t.pole_b) return "b";
    return "n";
  }
  std::string Cid(int64_t id, const std::string& cls = "") const {
    return "<a class=\"cid" + (cls.empty() ? "" : " " + cls) + "\" href=\"#c" +
           std::to_string(id) + "\">#" + std::to_string(id) + "</a>";
  }
  std::string Author(const std::string& a) const {
    return a.empty() ? "" : " <span class=\"au\">" + Html(a) + "</span>";
  }
  const TopicSummary* Topic(const std::string& name) const {
    for (const auto& t : s_.topics)
      if (t.name == name) return &t;
    return nullptr;
  }

  void Head();
  void Glance();
  void Stances();
  void Contested();
  void Agreement();
  void Shape();
  void Tree();
  void Methods();

  const Summary& s_;
  std::string o_;
};

void Page::Head() {
  std::string title = s_.thread_id ? (s_.title.empty() ? "Thread " + std::to_string(s_.thread_id)
                                                       : s_.title)
                                   : "threadlens summary";
  o_ += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"generator\" content=\"threadlens " + Html(s_.tool_version) + "\">"
        "<title>" + Html(title) + " — threadlens</title><style>" + kStyle +
        "</style></head><body>\n<header><h1>" + Html(title) + "</h1><p class=\"lead\">";
  if (s_.thread_id) {
    o_ += "Thread " + std::to_string(s_.thread_id);
    if (!s_.url.empty()) o_ += " · " + Html(s_.url);  // shown as text, never fetched
  } else {
    o_ += "Whole store: " + std::to_string(s_.shape.threads) +
          (s_.shape.threads == 1 ? " thread" : " threads");
  }
  o_ += " · made by threadlens " + Html(s_.tool_version) + "</p></header>\n";
}

void Page::Glance() {
  const auto& sh = s_.shape;
  o_ += "<section id=\"glance\"><h2>At a glance " + QLink("shape") + "</h2><div class=\"stats\"" +
        Title("shape") + ">";
  auto stat = [&](const std::string& v, const std::string& what, const std::string& cls) {
    o_ += "<div class=\"stat " + cls + "\"><b>" + Html(v) + "</b><span>" + Html(what) +
          "</span></div>";
  };
  stat(std::to_string(sh.comments), "comments", "comments");
  stat(sh.authors ? std::to_string(sh.authors) : "—",
       sh.authors ? "authors" : "authors (not recorded)", "authors");
  if (!s_.thread_id || sh.threads != 1) stat(std::to_string(sh.threads), "threads", "threads");
  stat(std::to_string(sh.replies) + " (" + Pct(sh.replies, sh.comments) + ")", "replies",
       "replies");
  stat(std::to_string(sh.max_depth), "max depth", "max-depth");
  stat(Fixed(sh.mean_depth, 2), "mean depth", "mean-depth");
  stat(std::string(s_.contested_capped ? "≥" : "") + std::to_string(s_.contested_total),
       "contested replies", "contested");
  o_ += "</div></section>\n";
}

void Page::Stances() {
  o_ += "<section id=\"stances\"><h2>Where people stood</h2>";
  if (s_.topics.empty()) o_ += "<p>No topics are defined in this store.</p>";
  for (const TopicSummary& t : s_.topics) {
    int64_t on = t.on_topic();
    o_ += "<div class=\"topic\" id=\"topic-" + Html(t.name) + "\"><h3>" + Html(t.name) +
          "</h3>";
    if (!t.question.empty()) o_ += "<p class=\"question\">" + Html(t.question) + "</p>";
    std::vector<Bar> bars = {
        {t.pole_a, t.Count(t.pole_a), kPoleA,
         t.name + ": " + t.pole_a + " — " + std::to_string(t.Count(t.pole_a)) + " comments"},
        {"neutral", t.Count("neutral"), kNeutral,
         t.name + ": neutral — " + std::to_string(t.Count("neutral")) + " comments"},
        {t.pole_b, t.Count(t.pole_b), kPoleB,
         t.name + ": " + t.pole_b + " — " + std::to_string(t.Count(t.pole_b)) + " comments"},
    };
    o_ += "<div class=\"fig\"" + Title("topic_counts") + ">" +
          StackedBar(bars, kChartWidth, t.name + " stance counts") + QLink("topic_counts") +
          "<div class=\"note\">" + std::to_string(on) + " of " +
          std::to_string(s_.shape.comments) + " comments took up this topic; " +
          std::to_string(s_.shape.comments - on) + " off topic.</div></div>";
    o_ += "<div class=\"sides\">";
    for (const std::string& pole : {t.pole_a, t.pole_b}) {
      std::string side = Side(t, pole);
      o_ += "<div class=\"side " + side + "\" data-pole=\"" + Html(pole) + "\"><h4>" + Html(pole) +
            " <span class=\"n\">" + std::to_string(t.Count(pole)) + " comments</span></h4>";
      auto v = t.voices.find(pole);
      if (v != t.voices.end() && !v->second.empty()) {
        o_ += "<p class=\"voices\"" + Title("voices") + ">";
        for (const Voice& x : v->second)
          o_ += Cid(x.comment_id) + (x.author.empty() ? "" : "<span class=\"au\">" +
                                                              Html(x.author) + "</span>");
        if (t.Count(pole) > static_cast<int64_t>(v->second.size())) o_ += " …";
        o_ += QLink("voices") + "</p>";
      } else {
        o_ += "<p class=\"note\">Nobody.</p>";
      }
      auto q = t.quotes.find(pole);
      if (q != t.quotes.end())
        for (const QuoteText& qt : q->second)
          o_ += "<blockquote" + Title("quotes") + ">“" + Html(qt.text) + "”<cite>" +
                Cid(qt.comment_id) + Author(qt.author) + " · confidence " +
                Fixed(qt.confidence, 2) + " · cue " + Html(qt.rule_id) + "</cite></blockquote>";
      o_ += "</div>";
    }
    o_ += "</div></div>\n";
  }
  o_ += "</section>\n";
}

void Page::Contested() {
  o_ += "<section id=\"contested\"><h2>Where it turned into an argument " + QLink("contested") +
        "</h2>";
  if (s_.contested_total == 0) {
    o_ += "<p>No reply took the opposite side of its parent on any topic.</p></section>\n";
    return;
  }
  o_ += "<p" + Title("contested") + ">" + (s_.contested_capped ? "At least " : "") +
        std::to_string(s_.contested_total) + " replies took the opposite side of their parent:";
  bool first = true;
  for (const auto& t : s_.topics) {
    if (!t.contested) continue;
    o_ += std::string(first ? " " : ", ") + Html(t.name) + " " + std::to_string(t.contested);
    first = false;
  }
  o_ += ".</p>";
  for (const Chain& c : s_.chains) {
    const TopicSummary* t = Topic(c.topic);
    o_ += "<div class=\"chain\"><h4>Back-and-forth on " + Html(c.topic) + ": " +
          std::to_string(c.exchanges) + " contested replies among " +
          std::to_string(c.comments.size()) + " comments</h4><ol class=\"run\">";
    for (size_t i = 0; i < c.comments.size(); ++i) {
      std::string side = t ? Side(*t, c.stances[i]) : "n";
      o_ += "<li class=\"" + side + "\"><a href=\"#c" + std::to_string(c.comments[i]) + "\">#" +
            std::to_string(c.comments[i]) + "</a> " + Html(c.stances[i]) +
            (c.authors[i].empty() ? "" : " · " + Html(c.authors[i])) + "</li>";
    }
    o_ += "</ol></div>";
  }
  if (!s_.contested.empty()) o_ += "<h3>Sharpest exchanges</h3>";
  for (const Exchange& x : s_.contested) {
    const TopicSummary* t = Topic(x.topic);
    std::string pa = t ? Side(*t, x.parent_stance) : "n", ra = t ? Side(*t, x.reply_stance) : "n";
    o_ += "<div class=\"exchange\" data-topic=\"" + Html(x.topic) + "\"><blockquote class=\"" + pa +
          "\">" + Html(x.parent.text) + "<cite>" + Cid(x.parent.id, pa) +
          Author(x.parent.author) + " · " + Html(x.topic) + ": " + Html(x.parent_stance) +
          "</cite></blockquote><blockquote class=\"" + ra + "\">↳ " + Html(x.reply.text) +
          "<cite>" + Cid(x.reply.id, ra) + Author(x.reply.author) + " answers #" +
          std::to_string(x.parent.id) + " · " + Html(x.topic) + ": " + Html(x.reply_stance) +
          " · confidence " + Fixed(x.confidence, 2) + "</cite></blockquote></div>";
  }
  o_ += "</section>\n";
}

void Page::Agreement() {
  o_ += "<section id=\"agreement\"><h2>Who answers whom " + QLink("agreement") + "</h2>";
  bool any = false;
  for (const TopicSummary& t : s_.topics) {
    if (t.agreement.empty()) continue;
    any = true;
    std::vector<std::string> st = {t.pole_a, "neutral", t.pole_b};
    o_ += "<h4>" + Html(t.name) + "</h4><p class=\"note\">Replies that sided with their parent: " +
          std::to_string(t.Agree()) + "; took the other side: " + std::to_string(t.Oppose()) +
          "; involved a neutral: " + std::to_string(t.NeutralPairs()) + ".</p><table" + Title("agreement") +
          "><tr><th class=\"l\">parent ↓ / reply →</th>";
    for (const auto& x : st) o_ += "<th>" + Html(x) + "</th>";
    o_ += "</tr>";
    for (const auto& p : st) {
      o_ += "<tr><th class=\"l\">" + Html(p) + "</th>";
      for (const auto& r : st) {
        auto it = t.agreement.find({p, r});
        int64_t n = it == t.agreement.end() ? 0 : it->second;
        const char* bg = (p == r && p != "neutral") ? "#dcfce7"
                          : (p != "neutral" && r != "neutral" && p != r) ? "#fee2e2" : "#fff";
        o_ += "<td style=\"background:" + std::string(n ? bg : "#fff") + "\">" +
              std::to_string(n) + "</td>";
      }
      o_ += "</tr>";
    }
    o_ += "</table>";
  }
  if (!any) o_ += "<p>No reply and its parent both took a stance on the same topic.</p>";
  o_ += "</section>\n";
}

void Page::Shape() {
  o_ += "<section id=\"shape\"><h2>Shape of the discussion</h2>";
  o_ += "<h4>Depth profile " + QLink("depth") + "</h4><div class=\"fig\"" + Title("depth") + ">";
  std::vector<Bar> cols;
  for (auto [d, n] : s_.depth)
    cols.push_back({std::to_string(d), n, "#6b7280",
                    "depth " + std::to_string(d) + ": " + std::to_string(n) + " comments"});
  o_ += ColumnChart(cols, kChartWidth, 170, "comments per depth level") + "</div>";

  o_ += "<h4>How reply links were found " + QLink("links") + "</h4><table" + Title("links") +
        "><tr><th class=\"l\">method</th><th>comments</th><th>high ≥0.8</th><th>medium</th>"
        "<th>low &lt;0.5</th></tr>";
  for (const auto& m : s_.links)
    o_ += "<tr><td class=\"l\">" + Html(m.top_level ? "top level: " + m.method
                                                       : "reply: " + m.method) +
          "</td><td>" + std::to_string(m.comments) + "</td><td>" + std::to_string(m.high) +
          "</td><td>" + std::to_string(m.medium) + "</td><td>" + std::to_string(m.low) +
          "</td></tr>";
  o_ += "</table>";

  if (!s_.most_answered.empty()) {
    o_ += "<h4>Most answered " + QLink("most_answered") + "</h4><ol" + Title("most_answered") +
          ">";
    for (const Answered& a : s_.most_answered)
      o_ += "<li>" + Cid(a.comment.id) + Author(a.comment.author) + " <b>" +
            std::to_string(a.replies) + (a.replies == 1 ? " reply" : " replies") + "</b> — " +
            Html(Shorten(a.comment.text, 140)) + "</li>";
    o_ += "</ol>";
  }
  if (!s_.top_threads.empty()) {
    o_ += "<h4>Largest threads " + QLink("top_threads") + "</h4><ol" + Title("top_threads") + ">";
    for (const auto& t : s_.top_threads)
      o_ += "<li>thread " + std::to_string(t.id) + " " + Html(t.title) + " — " +
            std::to_string(t.comments) + " comments</li>";
    o_ += "</ol>";
  }
  o_ += "</section>\n";
}

void Page::Tree() {
  o_ += "<section id=\"tree\"><h2>Reply tree " + QLink("tree") + "</h2><p class=\"legend\">";
  for (const auto& t : s_.topics)
    o_ += "<span><b>" + Html(t.name) + "</b>: <i class=\"sw\" style=\"background:" + kPoleA +
          "\"></i>" + Html(t.pole_a) + " <i class=\"sw\" style=\"background:" + kPoleB + "\"></i>" +
          Html(t.pole_b) + " <i class=\"sw\" style=\"background:" + kNeutral +
          "\"></i>neutral</span>";
  o_ += "</p><p class=\"note\">Click a comment to fold or unfold it. The left rule takes the "
        "colour of the comment's most confident side; the chips show each topic.";
  if (s_.tree_capped)
    o_ += " Only the first " + std::to_string(s_.tree.size()) + " comments are drawn.";
  o_ += "</p>";

  const auto& nodes = s_.tree;
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].id] = i;
  std::vector<std::vector<size_t>> kids(nodes.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto it = nodes[i].parent_id ? index.find(nodes[i].parent_id) : index.end();
    // A parent that is later in document order than the child, or not drawn, makes it a root
    // here; structured dumps can do that, and the loop below must never revisit a node.
    if (it != index.end() && it->second < i) kids[it->second].push_back(i);
    else roots.push_back(i);
  }

  auto open_node = [&](size_t i) {
    const TreeNode& n = nodes[i];
    // Colour by the most confident non-neutral stance; neutral if only neutral ones.
    std::string cls = "";
    double best = -1;
    for (size_t k = 0; k < n.stances.size(); ++k) {
      const TopicSummary& t = s_.topics[n.stances[k].first];
      std::string side = Side(t, n.stances[k].second);
      double c = n.stance_confidence[k];
      if (side != "n" && c > best) {
        best = c;
        cls = "p" + side;
      }
      if (cls.empty() && side == "n") cls = "pn";
    }
    o_ += "<details class=\"node" + (cls.empty() ? "" : " " + cls) + "\" id=\"c" +
          std::to_string(n.id) + "\"" + (kids[i].empty() ? "" : " open") + "><summary>" +
          "<span class=\"cid\">#" + std::to_string(n.id) + "</span> ";
    if (!n.author.empty()) o_ += "<span class=\"au\">" + Html(n.author) + "</span>";
    for (size_t k = 0; k < n.stances.size(); ++k) {
      const TopicSummary& t = s_.topics[n.stances[k].first];
      // Neutral stances stay in the data but not on the line: sides are what a reader scans.
      if (Side(t, n.stances[k].second) == "n") continue;
      o_ += "<span class=\"chip p" + Side(t, n.stances[k].second) + "\" title=\"" +
            Html(t.name + ": " + n.stances[k].second + " (confidence " +
                 Fixed(n.stance_confidence[k], 2) + ")") + "\">" + Html(t.name) + ": " +
            Html(n.stances[k].second) + "</span>";
    }
    if (n.parent_id)
      o_ += "<span class=\"via\" title=\"reply to #" + std::to_string(n.parent_id) + ", found by " +
            Html(n.method) + "\">↳ #" + std::to_string(n.parent_id) + " by " + Html(n.method) +
            " " + Fixed(n.confidence, 2) + "</span>";
    o_ += "<span class=\"snip\">" + Html(Shorten(n.body, kSummaryCols)) + "</span></summary>" +
          "<div class=\"body\">" + Html(n.body) + "</div>";
  };

  // Iterative depth-first walk (no recursion: a thread can be thousands of levels deep).
  int64_t thread = -1;
  bool thread_open = false;
  std::vector<std::pair<size_t, size_t>> stack;  // (node, next child)
  for (size_t r : roots) {
    if (!s_.thread_id && nodes[r].thread_id != thread) {
      if (thread_open) o_ += "</details>";
      thread = nodes[r].thread_id;
      o_ += "<details class=\"thread\" open><summary>Thread " + std::to_string(thread) +
            "</summary>";
      thread_open = true;
    }
    open_node(r);
    stack.push_back({r, 0});
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < kids[node].size()) {
        size_t child = kids[node][next++];
        open_node(child);
        stack.push_back({child, 0});
      } else {
        o_ += "</details>\n";
        stack.pop_back();
      }
    }
  }
  if (thread_open) o_ += "</details>";
  if (nodes.empty()) o_ += "<p>No comments.</p>";
  o_ += "</section>\n";
}

void Page::Methods() {
  const Provenance& p = s_.provenance;
  o_ += "<section id=\"methods\"><h2>Methods</h2><p" + Title("sources") + ">threadlens " +
        Html(s_.tool_version);
  if (!p.tool_versions.empty()) {
    o_ += " (stored by";
    for (const auto& v : p.tool_versions) o_ += " " + Html(v);
    o_ += ")";
  }
  if (!p.formats.empty()) {
    o_ += ", from";
    for (const auto& f : p.formats) o_ += " " + Html(f);
    o_ += p.formats.size() == 1 ? " dump" : " dumps";
  }
  o_ += ". Rules sha256 <code" + Title("topics") + ">";
  for (size_t i = 0; i < p.rules_sha256.size(); ++i) o_ += (i ? ", " : "") + Html(p.rules_sha256[i]);
  if (p.rules_sha256.empty()) o_ += "none";
  o_ += "</code> " + QLink("topics") + ".</p><p>Given by the data: " +
        std::to_string(p.links_given) + " reply links; authors on " +
        std::to_string(p.with_author) + ", dates on " + std::to_string(p.dated) + " (" +
        std::to_string(p.dated_approx) + " approximate), scores on " + std::to_string(p.scored) +
        " of " + std::to_string(s_.shape.comments) + " comments. Inferred by threadlens: " +
        std::to_string(p.links_inferred) + " reply links, " + std::to_string(p.links_repaired) +
        " repaired " + QLink("links") + "; " + std::to_string(p.stances) + " stances, " +
        std::to_string(p.stances_low) + " of them weak " + QLink("topic_counts") + ".</p>";
  o_ += "<ul class=\"caveats\">";
  for (const auto& c : s_.caveats) o_ += "<li>" + Html(c) + "</li>";
  o_ += "</ul><details id=\"queries\"><summary>Queries: the SQL behind every figure (" +
        std::to_string(s_.figures.size()) +
        ") — run any with <code>threadlens query \"…\"</code></summary><ol>";
  for (size_t i = 0; i < s_.figures.size(); ++i)
    o_ += "<li id=\"q" + std::to_string(i + 1) + "\"><b>" + Html(s_.figures[i].title) +
          "</b><pre>" + Html(s_.figures[i].sql) + "</pre></li>";
  o_ += "</ol></details></section>\n";
}

std::string Page::Render() {
  Head();
  Glance();
  if (s_.shape.comments > 0) {
    Stances();
    Contested();
    Agreement();
    Shape();
    Tree();
  }
  Methods();
  o_ += "</body></html>\n";
  return std::move(o_);
}

}  // namespace

std::string RenderHtml(const Summary& s) { return Page(s).Render(); }

}  // namespace threadlens::report
