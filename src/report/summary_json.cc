#include "report/summary_json.h"

#include "core/json.h"
#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

// Minimal streaming writer: tracks whether a comma is due at each nesting level.
class Out {
 public:
  void Open(char c) {
    Sep();
    s_.push_back(c);
    first_.push_back(true);
  }
  void Close(char c) {
    s_.push_back(c);
    first_.pop_back();
  }
  void Key(const std::string& k) {
    Sep();
    json::AppendString(&s_, ValidUtf8(k));
    s_.push_back(':');
    after_key_ = true;
  }
  void Str(const std::string& v) {
    Sep();
    json::AppendString(&s_, ValidUtf8(v));
  }
  void Num(double v) {
    Sep();
    s_ += json::Number(v);
  }
  void Int(int64_t v) {
    Sep();
    s_ += std::to_string(v);
  }
  void Bool(bool v) {
    Sep();
    s_ += v ? "true" : "false";
  }
  void Null() {
    Sep();
    s_ += "null";
  }
  void KStr(const std::string& k, const std::string& v) {
    Key(k);
    Str(v);
  }
  void KInt(const std::string& k, int64_t v) {
    Key(k);
    Int(v);
  }
  void KNum(const std::string& k, double v) {
    Key(k);
    Num(v);
  }
  void KSql(const Summary& sum, const std::string& k, const std::string& fig) {
    const Figure* f = sum.Find(fig);
    Key(k);
    if (f) Str(f->sql); else Null();
  }
  std::string Take() { return std::move(s_); }

 private:
  void Sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) s_.push_back(',');
    first_.back() = false;
  }
  std::string s_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

void CommentObj(Out& o, const CommentText& c, const std::string& stance) {
  o.Open('{');
  o.KInt("comment_id", c.id);
  if (!stance.empty()) o.KStr("stance", stance);
  o.Key("author");
  if (c.author.empty()) o.Null(); else o.Str(c.author);
  o.KStr("text", c.text);
  o.Close('}');
}

}  // namespace

std::string RenderJson(const Summary& s) {
  Out o;
  const Shape& sh = s.shape;
  o.Open('{');
  o.Key("scope");
  o.Open('{');
  o.Key("thread");
  if (s.thread_id) o.Int(s.thread_id); else o.Null();
  if (s.thread_id) {
    o.KStr("title", s.title);
    o.KStr("url", s.url);
  }
  o.Close('}');
  o.KInt("comments", sh.comments);
  o.KInt("threads", sh.threads);
  o.KInt("authors", sh.authors);

  o.Key("shape");
  o.Open('{');
  o.KInt("comments", sh.comments);
  o.KInt("threads", sh.threads);
  o.KInt("authors", sh.authors);
  o.KInt("with_author", sh.with_author);
  o.KInt("replies", sh.replies);
  o.KNum("reply_share", sh.comments ? static_cast<double>(sh.replies) / sh.comments : 0);
  o.KInt("max_depth", sh.max_depth);
  o.KNum("mean_depth", sh.mean_depth);
  o.KSql(s, "sql", "shape");
  o.Close('}');

  o.Key("depth");
  o.Open('{');
  o.Key("levels");
  o.Open('[');
  for (auto [d, n] : s.depth) {
    o.Open('{');
    o.KInt("depth", d);
    o.KInt("comments", n);
    o.Close('}');
  }
  o.Close(']');
  o.KSql(s, "sql", "depth");
  o.Close('}');

  o.Key("links");
  o.Open('{');
  o.Key("methods");
  o.Open('[');
  for (const auto& m : s.links) {
    o.Open('{');
    o.KStr("method", m.method);
    o.KInt("comments", m.comments);
    o.KInt("high", m.high);
    o.KInt("medium", m.medium);
    o.KInt("low", m.low);
    o.Close('}');
  }
  o.Close(']');
  o.KSql(s, "sql", "links");
  o.Close('}');

  o.Key("most_answered");
  o.Open('[');
  for (const auto& a : s.most_answered) {
    o.Open('{');
    o.KInt("comment_id", a.comment.id);
    o.Key("author");
    if (a.comment.author.empty()) o.Null(); else o.Str(a.comment.author);
    o.KInt("replies", a.replies);
    o.KStr("text", a.comment.text);
    o.Close('}');
  }
  o.Close(']');

  if (!s.top_threads.empty()) {
    o.Key("top_threads");
    o.Open('[');
    for (const auto& t : s.top_threads) {
      o.Open('{');
      o.KInt("thread_id", t.id);
      o.KStr("title", t.title);
      o.KInt("comments", t.comments);
      o.Close('}');
    }
    o.Close(']');
  }

  o.Key("topics");
  o.Open('{');
  for (const auto& t : s.topics) {
    o.Key(t.name);
    o.Open('{');
    o.KStr("question", t.question);
    o.Key("poles");
    o.Open('[');
    o.Str(t.pole_a);
    o.Str(t.pole_b);
    o.Close(']');
    o.Key("counts");
    o.Open('{');
    for (const std::string& st : {t.pole_a, t.pole_b, std::string("neutral")}) o.KInt(st, t.Count(st));
    for (const auto& [st, n] : t.counts)  // stances outside the declared poles, if any
      if (st != t.pole_a && st != t.pole_b && st != "neutral") o.KInt(st, n);
    o.Close('}');
    o.KInt("on_topic", t.on_topic());
    o.KInt("off_topic", sh.comments - t.on_topic());
    o.Key("voices");
    o.Open('{');
    for (const auto& [pole, list] : t.voices) {
      o.Key(pole);
      o.Open('[');
      for (const auto& v : list) {
        o.Open('{');
        o.KInt("comment_id", v.comment_id);
        o.Key("author");
        if (v.author.empty()) o.Null(); else o.Str(v.author);
        o.KNum("confidence", v.confidence);
        o.Close('}');
      }
      o.Close(']');
    }
    o.Close('}');
    o.Key("quotes");
    o.Open('{');
    for (const std::string& pole : {t.pole_a, t.pole_b}) {
      o.Key(pole);
      o.Open('[');
      auto it = t.quotes.find(pole);
      if (it != t.quotes.end())
        for (const auto& q : it->second) {
          o.Open('{');
          o.KInt("comment_id", q.comment_id);
          o.KStr("text", q.text);
          o.KNum("confidence", q.confidence);
          o.Key("author");
          if (q.author.empty()) o.Null(); else o.Str(q.author);
          o.KStr("rule_id", q.rule_id);
          o.Close('}');
        }
      o.Close(']');
    }
    o.Close('}');
    o.Key("agreement");
    o.Open('{');
    o.KInt("agree", t.Agree());
    o.KInt("oppose", t.Oppose());
    o.KInt("neutral", t.NeutralPairs());
    o.Key("pairs");
    o.Open('[');
    for (const auto& [k, n] : t.agreement) {
      o.Open('{');
      o.KStr("parent", k.first);
      o.KStr("reply", k.second);
      o.KInt("n", n);
      o.Close('}');
    }
    o.Close(']');
    o.Close('}');
    o.KInt("contested", t.contested);
    o.KStr("rules_sha256", t.rules_sha256);
    o.Key("sql");
    o.Open('{');
    o.KSql(s, "counts", "topic_counts");
    o.KSql(s, "voices", "voices");
    o.KSql(s, "quotes", "quotes");
    o.KSql(s, "agreement", "agreement");
    o.KSql(s, "contested", "contested");
    o.Close('}');
    o.Close('}');
  }
  o.Close('}');

  o.Key("contested");
  o.Open('[');
  for (const auto& x : s.contested) {
    o.Open('{');
    o.KStr("topic", x.topic);
    o.KNum("confidence", x.confidence);
    o.Key("parent");
    CommentObj(o, x.parent, x.parent_stance);
    o.Key("reply");
    CommentObj(o, x.reply, x.reply_stance);
    o.Close('}');
  }
  o.Close(']');
  o.KInt("contested_total", s.contested_total);
  o.Key("contested_capped");
  o.Bool(s.contested_capped);

  o.Key("back_and_forth");
  o.Open('[');
  for (const auto& c : s.chains) {
    o.Open('{');
    o.KStr("topic", c.topic);
    o.KInt("exchanges", c.exchanges);
    o.Key("comments");
    o.Open('[');
    for (size_t i = 0; i < c.comments.size(); ++i) {
      o.Open('{');
      o.KInt("comment_id", c.comments[i]);
      o.KStr("stance", c.stances[i]);
      o.Key("author");
      if (i < c.authors.size() && !c.authors[i].empty()) o.Str(c.authors[i]); else o.Null();
      o.Close('}');
    }
    o.Close(']');
    o.Close('}');
  }
  o.Close(']');

  const Provenance& p = s.provenance;
  o.Key("methods");
  o.Open('{');
  o.KStr("tool_version", s.tool_version);
  o.Key("stored_by");
  o.Open('[');
  for (const auto& v : p.tool_versions) o.Str(v);
  o.Close(']');
  o.Key("formats");
  o.Open('[');
  for (const auto& v : p.formats) o.Str(v);
  o.Close(']');
  o.Key("rules_sha256");
  o.Open('[');
  for (const auto& v : p.rules_sha256) o.Str(v);
  o.Close(']');
  o.Key("given");
  o.Open('{');
  o.KInt("reply_links", p.links_given);
  o.KInt("authors", p.with_author);
  o.KInt("dates", p.dated);
  o.KInt("approximate_dates", p.dated_approx);
  o.KInt("scores", p.scored);
  o.Close('}');
  o.Key("inferred");
  o.Open('{');
  o.KInt("reply_links", p.links_inferred);
  o.KInt("repaired_links", p.links_repaired);
  o.KInt("stances", p.stances);
  o.KInt("weak_stances", p.stances_low);
  o.Close('}');
  o.KInt("top_level", p.top_level);
  o.Key("caveats");
  o.Open('[');
  for (const auto& c : s.caveats) o.Str(c);
  o.Close(']');
  o.Key("sql");
  o.Open('{');
  o.KSql(s, "sources", "sources");
  o.KSql(s, "links", "links");
  o.KSql(s, "shape", "shape");
  o.KSql(s, "stances", "topic_counts");
  o.KSql(s, "topics", "topics");
  o.Close('}');
  o.Close('}');

  o.Key("sql");
  o.Open('{');
  for (const auto& f : s.figures) o.KStr(f.key, f.sql);
  o.Close('}');
  o.Close('}');
  std::string out = o.Take();
  out.push_back('\n');
  return out;
}

}  // namespace threadlens::report
