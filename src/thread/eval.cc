#include "thread/eval.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/json.h"

namespace threadlens::eval {
namespace {

double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }
double Round3(double v) { return std::round(v * 1000.0) / 1000.0; }

Status Bad(const std::string& path, const std::string& where, const std::string& what) {
  return Status::Error(path + ": " + where + ": " + what);
}

// Reads [a, b] (two positive integers, a <= b).
Status ReadRange(const std::string& path, const std::string& where, simdjson::dom::element e,
                 int* a, int* b) {
  simdjson::dom::array arr;
  if (e.get_array().get(arr) || arr.size() != 2)
    return Bad(path, where, "expected [first, last] line numbers");
  int64_t v[2];
  size_t k = 0;
  for (auto x : arr)
    if (x.get_int64().get(v[k++])) return Bad(path, where, "line numbers must be integers");
  if (v[0] < 1 || v[1] < v[0] || v[1] > 1000000000)
    return Bad(path, where, "bad line range [" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + "]");
  *a = static_cast<int>(v[0]);
  *b = static_cast<int>(v[1]);
  return Status::Ok();
}

}  // namespace

Result<Gold> LoadGold(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text))
    return Status::Error(path + ": cannot read the gold file");
  return ParseGold(path, std::string_view(text.data(), text.size()));
}

Result<Gold> ParseGold(const std::string& path, std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(bytes);
  simdjson::dom::element root;
  if (auto err = parser.parse(text).get(root))
    return Status::Error(path + ": not valid JSON (" + simdjson::error_message(err) + ")");
  Gold g;
  g.path = path;
  std::string_view format;
  if (root["format"].get_string().get(format) || format != "gold/1")
    return Bad(path, "format", "expected \"gold/1\"");
  simdjson::dom::array comments;
  if (root["comments"].get_array().get(comments)) return Bad(path, "comments", "expected an array");
  size_t index = 0;
  for (auto c : comments) {
    std::string where = "comments[" + std::to_string(index++) + "]";
    GoldComment gc;
    std::string_view sv;
    if (c["id"].get_string().get(sv)) return Bad(path, where + ".id", "expected a string");
    gc.id = std::string(sv);
    simdjson::dom::element lines;
    if (c["lines"].get(lines)) return Bad(path, where + ".lines", "missing (line ranges are required)");
    TL_RETURN_IF_ERROR(ReadRange(path, where + ".lines", lines, &gc.line_start, &gc.line_end));
    simdjson::dom::element parent;
    if (!c["parent"].get(parent) && !parent.is_null()) {
      if (parent.get_string().get(sv)) return Bad(path, where + ".parent", "expected a string or null");
      gc.parent = sv == "article" ? "" : std::string(sv);
    }
    if (!c["edge"].get_string().get(sv)) gc.edge = std::string(sv);
    simdjson::dom::object stance;
    if (!c["stance"].get_object().get(stance)) {
      for (auto [topic, value] : stance) {
        if (value.get_string().get(sv))
          return Bad(path, where + ".stance." + std::string(topic), "expected a string");
        gc.stance[std::string(topic)] = std::string(sv);
      }
    }
    g.comments.push_back(std::move(gc));
  }
  if (g.comments.empty()) return Bad(path, "comments", "no comments annotated");
  std::set<std::string> ids;
  for (const auto& c : g.comments)
    if (!ids.insert(c.id).second) return Bad(path, "comments", "duplicate id '" + c.id + "'");
  for (const auto& c : g.comments)
    if (!c.parent.empty() && !ids.count(c.parent))
      return Bad(path, "comments." + c.id + ".parent", "unknown comment id '" + c.parent + "'");
  simdjson::dom::object topics;
  if (!root["topics"].get_object().get(topics)) {
    for (auto [name, spec] : topics) {
      simdjson::dom::array poles;
      if (spec["poles"].get_array().get(poles) || poles.size() != 2)
        return Bad(path, "topics." + std::string(name) + ".poles", "expected two pole names");
      std::string p[2];
      size_t k = 0;
      for (auto x : poles) {
        std::string_view sv;
        if (x.get_string().get(sv)) return Bad(path, "topics." + std::string(name), "pole names must be strings");
        p[k++] = std::string(sv);
      }
      g.topics.push_back({std::string(name), {p[0], p[1]}});
    }
  }
  simdjson::dom::array repairs;
  if (!root["text_repair"].get_array().get(repairs)) {
    size_t k = 0;
    for (auto r : repairs) {
      std::string where = "text_repair[" + std::to_string(k++) + "]";
      GoldRepair gr;
      int64_t line = 0;
      std::string_view found, meant;
      if (r["line"].get_int64().get(line) || r["found"].get_string().get(found) ||
          r["meant"].get_string().get(meant))
        return Bad(path, where, "expected line, found and meant");
      gr.line = static_cast<int>(line);
      gr.found = std::string(found);
      gr.meant = std::string(meant);
      g.repairs.push_back(std::move(gr));
    }
  }
  return g;
}

Result<Figures> Evaluate(store::Db* db, int64_t thread_id, const Gold& gold) {
  struct Row {
    int64_t id = 0;
    std::optional<int64_t> parent;
    std::optional<int> start, end;
    std::string body;
    std::string method;
    double confidence = 0;
  };
  std::vector<Row> rows;
  {
    store::Stmt st;
    std::string sql =
        "SELECT id, parent_id, line_start, line_end, body, parent_method, parent_confidence "
        "FROM comments";
    if (thread_id != 0) sql += " WHERE thread_id = ?1";
    sql += " ORDER BY id";
    TL_RETURN_IF_ERROR(db->Prepare(sql, &st));
    if (thread_id != 0) st.Bind(1, thread_id);
    Status s;
    while (st.Step(&s)) {
      Row r;
      r.id = st.Int(0);
      if (!st.IsNull(1)) r.parent = st.Int(1);
      if (!st.IsNull(2)) r.start = static_cast<int>(st.Int(2));
      if (!st.IsNull(3)) r.end = static_cast<int>(st.Int(3));
      r.body = std::string(st.Text(4));
      r.method = std::string(st.Text(5));
      r.confidence = st.Double(6);
      rows.push_back(std::move(r));
    }
    TL_RETURN_IF_ERROR(s);
  }
  Figures f;
  f.gold_comments = static_cast<int>(gold.comments.size());
  f.pred_comments = static_cast<int>(rows.size());
  std::unordered_map<int64_t, int> start_of;  // comment id -> first line
  std::unordered_map<int, const Row*> by_start;
  for (const Row& r : rows) {
    if (!r.start) continue;
    start_of[r.id] = *r.start;
    by_start[*r.start] = &r;  // the last row per first line, as the Python scorer's dict keeps
  }

  // Segmentation.
  std::unordered_map<std::string, int> first;
  int lo = gold.comments[0].line_start, hi = gold.comments[0].line_end;
  std::set<int> gs, ps;
  for (const auto& c : gold.comments) {
    first[c.id] = c.line_start;
    lo = std::min(lo, c.line_start);
    hi = std::max(hi, c.line_end);
    gs.insert(c.line_start);
  }
  for (const Row& r : rows)
    if (r.start && *r.start >= lo && *r.start <= hi) ps.insert(*r.start);
  int tp = 0;
  for (int s : gs) tp += ps.count(s) ? 1 : 0;
  f.seg_precision = ps.empty() ? 0 : static_cast<double>(tp) / static_cast<double>(ps.size());
  f.seg_recall = gs.empty() ? 0 : static_cast<double>(tp) / static_cast<double>(gs.size());
  f.seg_f1 = F1(f.seg_precision, f.seg_recall);

  // Parents and baselines on high + medium edges.
  auto gold_parent_start = [&](const GoldComment& c) -> std::optional<int> {
    if (c.parent.empty()) return std::nullopt;
    return first.at(c.parent);
  };
  int top = 0, prev = 0;
  double brier = 0, confidence = 0;
  for (size_t i = 0; i < gold.comments.size(); ++i) {
    const GoldComment& c = gold.comments[i];
    if (c.edge != "high" && c.edge != "medium") continue;
    ++f.judged_edges;
    std::optional<int> gp = gold_parent_start(c);
    if (!gp) ++top;
    std::optional<int> before;
    if (i > 0) before = gold.comments[i - 1].line_start;
    if (gp == before) ++prev;
    auto it = by_start.find(c.line_start);
    if (it == by_start.end()) continue;
    std::optional<int> pp;
    if (it->second->parent) {
      auto ps_it = start_of.find(*it->second->parent);
      if (ps_it != start_of.end()) pp = ps_it->second;
    }
    const bool right = pp == gp;
    if (right) ++f.parents_right;
    Figures::Method& m = f.by_method[it->second->method];
    ++m.edges;
    m.right += right;
    m.confidence += it->second->confidence;
    const double gap = it->second->confidence - (right ? 1.0 : 0.0);
    brier += gap * gap;
    confidence += it->second->confidence;
    ++f.found_edges;
  }
  if (f.found_edges > 0) {
    f.mean_confidence = confidence / f.found_edges;
    f.brier = brier / f.found_edges;
  }
  if (f.judged_edges > 0) {
    double n = f.judged_edges;
    f.parent_acc = f.parents_right / n;
    f.baseline_top = top / n;
    f.baseline_prev = prev / n;
    f.baseline_best = std::max(top, prev) / n;
  }

  // Stance, per topic.
  if (!gold.topics.empty()) {
    std::map<int64_t, std::map<std::string, std::string>> stances;
    store::Stmt st;
    TL_RETURN_IF_ERROR(db->Prepare(
        "SELECT s.comment_id, t.name, s.stance FROM stances s JOIN topics t ON t.id = s.topic_id",
        &st));
    Status s;
    while (st.Step(&s)) stances[st.Int(0)][std::string(st.Text(1))] = std::string(st.Text(2));
    TL_RETURN_IF_ERROR(s);
    // Stored comments by first line, for "the comment whose lines cover this line".
    std::vector<const Row*> ranged;
    for (const Row& r : rows)
      if (r.start) ranged.push_back(&r);
    std::stable_sort(ranged.begin(), ranged.end(),
                     [](const Row* a, const Row* b) { return *a->start < *b->start; });
    auto covering = [&](int line) -> const Row* {
      auto it = std::upper_bound(ranged.begin(), ranged.end(), line,
                                 [](int l, const Row* r) { return l < *r->start; });
      while (it != ranged.begin()) {
        --it;
        if (line <= ((*it)->end ? *(*it)->end : *(*it)->start)) return *it;
        if (*(*it)->start < line) break;
      }
      return nullptr;
    };
    for (const auto& [topic, poles] : gold.topics) {
      double sum = 0;
      for (const std::string& pole : {poles.first, poles.second}) {
        int t = 0, fp = 0, fn = 0;
        for (const auto& c : gold.comments) {
          auto g_it = c.stance.find(topic);
          bool g = g_it != c.stance.end() && g_it->second == pole;
          bool p = false;
          if (const Row* r = covering(c.line_start)) {
            auto s_it = stances.find(r->id);
            if (s_it != stances.end()) {
              auto x = s_it->second.find(topic);
              p = x != s_it->second.end() && x->second == pole;
            }
          }
          t += g && p;
          fp += p && !g;
          fn += g && !p;
        }
        double P = t + fp ? static_cast<double>(t) / (t + fp) : 0.0;
        double R = t + fn ? static_cast<double>(t) / (t + fn) : 0.0;
        sum += F1(P, R);
      }
      f.stance_favg.emplace_back(topic, sum / 2);
    }
  }

  // Text repair: the stored text covering each damaged line.
  if (!gold.repairs.empty()) {
    std::string article;
    {
      store::Stmt st;
      std::string sql = "SELECT coalesce(group_concat(body, char(10)), '') FROM threads";
      if (thread_id != 0) sql += " WHERE id = ?1";
      TL_RETURN_IF_ERROR(db->Prepare(sql, &st));
      if (thread_id != 0) st.Bind(1, thread_id);
      Status s;
      if (st.Step(&s)) article = std::string(st.Text(0));
      TL_RETURN_IF_ERROR(s);
    }
    for (const GoldRepair& r : gold.repairs) {
      ++f.repairs_total;
      const std::string* text = &article;
      for (const Row& row : rows)
        if (row.start && *row.start <= r.line && r.line <= (row.end ? *row.end : *row.start))
          text = &row.body;
      if (text->find(r.meant) != std::string::npos && text->find(r.found) == std::string::npos)
        ++f.repairs_fixed;
    }
  }
  return f;
}

std::string FormatText(const Figures& f) {
  auto num = [](std::optional<double> v) { return v ? json::Number(Round3(*v)) : std::string("n/a"); };
  std::string out;
  out += "gold_comments: " + std::to_string(f.gold_comments) + "\n";
  out += "pred_comments: " + std::to_string(f.pred_comments) + "\n";
  out += "segment_precision: " + num(f.seg_precision) + "\n";
  out += "segment_recall: " + num(f.seg_recall) + "\n";
  out += "segment_f1: " + num(f.seg_f1) + "\n";
  out += "parent_acc: " + num(f.parent_acc) + "  (" + std::to_string(f.parents_right) + " of " +
         std::to_string(f.judged_edges) + " high+medium edges)\n";
  out += "baseline_all_top_level: " + num(f.baseline_top) + "\n";
  out += "baseline_reply_to_previous: " + num(f.baseline_prev) + "\n";
  out += "baseline_best: " + num(f.baseline_best) + "\n";
  for (const auto& [name, m] : f.by_method)
    out += "parent_method." + name + ": " + std::to_string(m.right) + " of " +
           std::to_string(m.edges) + " right (" + num(static_cast<double>(m.right) / m.edges) +
           "), mean confidence " + num(m.confidence / m.edges) + "\n";
  if (f.mean_confidence)
    out += "parent_confidence: mean " + num(f.mean_confidence) + " against accuracy " +
           num(static_cast<double>(f.parents_right) / f.found_edges) +
           ", Brier " + num(f.brier) + "\n";
  for (const auto& [t, v] : f.stance_favg) out += "stance_favg." + t + ": " + num(v) + "\n";
  if (f.repairs_total > 0)
    out += "text_repair: " + std::to_string(f.repairs_fixed) + " of " +
           std::to_string(f.repairs_total) + " damaged spots fixed\n";
  return out;
}

std::string FormatJson(const Figures& f) {
  auto num = [](std::optional<double> v) { return v ? json::Number(Round3(*v)) : std::string("null"); };
  std::string out = "{";
  out += "\"gold_comments\":" + std::to_string(f.gold_comments);
  out += ",\"pred_comments\":" + std::to_string(f.pred_comments);
  out += ",\"segment_precision\":" + num(f.seg_precision);
  out += ",\"segment_recall\":" + num(f.seg_recall);
  out += ",\"segment_f1\":" + num(f.seg_f1);
  out += ",\"judged_edges\":" + std::to_string(f.judged_edges);
  out += ",\"parent_acc\":" + num(f.parent_acc);
  out += ",\"baseline_all_top_level\":" + num(f.baseline_top);
  out += ",\"baseline_reply_to_previous\":" + num(f.baseline_prev);
  out += ",\"baseline_best\":" + num(f.baseline_best);
  out += ",\"parent_methods\":{";
  bool first_method = true;
  for (const auto& [name, m] : f.by_method) {
    if (!first_method) out += ",";
    first_method = false;
    json::AppendString(&out, name);
    out += ":{\"edges\":" + std::to_string(m.edges) + ",\"right\":" + std::to_string(m.right) +
           ",\"mean_confidence\":" + num(m.confidence / m.edges) + "}";
  }
  out += "}";
  out += ",\"parent_mean_confidence\":" + num(f.mean_confidence);
  out += ",\"parent_brier\":" + num(f.brier);
  out += ",\"stance_favg\":{";
  for (size_t i = 0; i < f.stance_favg.size(); ++i) {
    if (i) out += ",";
    json::AppendString(&out, f.stance_favg[i].first);
    out += ":" + num(f.stance_favg[i].second);
  }
  out += "}";
  if (f.repairs_total > 0)
    out += ",\"text_repair\":{\"total\":" + std::to_string(f.repairs_total) +
           ",\"fixed\":" + std::to_string(f.repairs_fixed) + "}";
  out += "}\n";
  return out;
}

}  // namespace threadlens::eval
