#include "report/export_graph.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "report/markup.h"
#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

using store::Stmt;

// The text attribute of a comment node: enough to recognise it in Gephi's data table.
constexpr size_t kNodeTextCols = 200;

struct Attr {
  std::string name;
  std::string type;  // "string", "integer", "double"
};
using Values = std::vector<std::optional<std::string>>;  // parallel to the declared attrs

// The two file formats behind one small interface; both stream.
class GraphWriter {
 public:
  virtual ~GraphWriter() = default;
  virtual void Begin(const std::vector<Attr>& node_attrs, const std::vector<Attr>& edge_attrs,
                     const std::string& description) = 0;
  virtual void Node(const std::string& id, const std::string& label, const Values& v) = 0;
  virtual void StartEdges() = 0;
  virtual void Edge(int64_t n, const std::string& source, const std::string& target,
                    double weight, const Values& v) = 0;
  virtual void End() = 0;
  std::string& buf() { return buf_; }

 protected:
  std::string buf_;
};

class Gexf : public GraphWriter {
 public:
  void Begin(const std::vector<Attr>& na, const std::vector<Attr>& ea,
             const std::string& description) override {
    buf_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
        "version=\"1.3\">\n  <meta>\n    <creator>threadlens " THREADLENS_VERSION
        "</creator>\n    <description>" + Xml(description) +
        "</description>\n  </meta>\n  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
    Declare("node", na);
    Declare("edge", ea);
    buf_ += "    <nodes>\n";
  }
  void Node(const std::string& id, const std::string& label, const Values& v) override {
    buf_ += "      <node id=\"" + Xml(id) + "\" label=\"" + Xml(label) + "\">";
    Values_(v);
    buf_ += "</node>\n";
  }
  void StartEdges() override { buf_ += "    </nodes>\n    <edges>\n"; }
  void Edge(int64_t n, const std::string& s, const std::string& t, double w,
            const Values& v) override {
    buf_ += "      <edge id=\"e" + std::to_string(n) + "\" source=\"" + Xml(s) + "\" target=\"" +
            Xml(t) + "\" weight=\"" + json::Number(w) + "\">";
    Values_(v);
    buf_ += "</edge>\n";
  }
  void End() override { buf_ += "    </edges>\n  </graph>\n</gexf>\n"; }

 private:
  void Declare(const char* cls, const std::vector<Attr>& attrs) {
    buf_ += std::string("    <attributes class=\"") + cls + "\" mode=\"static\">\n";
    for (size_t i = 0; i < attrs.size(); ++i)
      buf_ += "      <attribute id=\"" + std::to_string(i) + "\" title=\"" + Xml(attrs[i].name) +
              "\" type=\"" + attrs[i].type + "\"/>\n";
    buf_ += "    </attributes>\n";
  }
  void Values_(const Values& v) {
    bool any = false;
    for (const auto& x : v) any = any || x.has_value();
    if (!any) return;
    buf_ += "<attvalues>";
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i]) buf_ += "<attvalue for=\"" + std::to_string(i) + "\" value=\"" + Xml(*v[i]) + "\"/>";
    buf_ += "</attvalues>";
  }
};

class GraphMl : public GraphWriter {
 public:
  void Begin(const std::vector<Attr>& na, const std::vector<Attr>& ea,
             const std::string& description) override {
    buf_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        "  <desc>" + Xml(description) + "</desc>\n"
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
    Declare("node", "n", na);
    Declare("edge", "e", ea);
    buf_ += "  <graph id=\"replies\" edgedefault=\"directed\">\n";
  }
  void Node(const std::string& id, const std::string& label, const Values& v) override {
    buf_ += "    <node id=\"" + Xml(id) + "\"><data key=\"label\">" + Xml(label) + "</data>";
    Data("n", v);
    buf_ += "</node>\n";
  }
  void StartEdges() override {}
  void Edge(int64_t n, const std::string& s, const std::string& t, double w,
            const Values& v) override {
    buf_ += "    <edge id=\"e" + std::to_string(n) + "\" source=\"" + Xml(s) + "\" target=\"" +
            Xml(t) + "\"><data key=\"weight\">" + json::Number(w) + "</data>";
    Data("e", v);
    buf_ += "</edge>\n";
  }
  void End() override { buf_ += "  </graph>\n</graphml>\n"; }

 private:
  void Declare(const char* cls, const char* prefix, const std::vector<Attr>& attrs) {
    for (size_t i = 0; i < attrs.size(); ++i) {
      std::string type = attrs[i].type == "integer" ? "long" : attrs[i].type;
      buf_ += std::string("  <key id=\"") + prefix + std::to_string(i) + "\" for=\"" + cls +
              "\" attr.name=\"" + Xml(attrs[i].name) + "\" attr.type=\"" + type + "\"/>\n";
    }
  }
  void Data(const char* prefix, const Values& v) {
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i])
        buf_ += std::string("<data key=\"") + prefix + std::to_string(i) + "\">" + Xml(*v[i]) +
                "</data>";
  }
};

std::optional<std::string> Opt(const Stmt& st, int i) {
  if (st.IsNull(i)) return std::nullopt;
  switch (st.ColumnType(i)) {
    case SQLITE_INTEGER: return std::to_string(st.Int(i));
    case SQLITE_FLOAT: return json::Number(st.Double(i));
    default: return std::string(st.Text(i));
  }
}

// How a reply's stance relates to its parent's on one topic.
std::optional<std::string> Relation(const Stmt& st, int reply_col, int parent_col) {
  if (st.IsNull(reply_col) || st.IsNull(parent_col)) return std::nullopt;
  std::string_view r = st.Text(reply_col), p = st.Text(parent_col);
  if (r == "neutral" || p == "neutral") return std::string("neutral");
  return std::string(r == p ? "agree" : "oppose");
}

class Exporter {
 public:
  Exporter(store::Db* db, GraphWriter* w, std::ostream& out, GraphStats* stats)
      : db_(db), w_(w), out_(out), stats_(stats) {}

  Status LoadTopics() {
    Stmt st;
    TL_RETURN_IF_ERROR(db_->Prepare("SELECT id, name FROM topics ORDER BY name", &st));
    Status status;
    while (st.Step(&status)) topics_.emplace_back(st.Int(0), std::string(st.Text(1)));
    return status;
  }

  Status Comments();
  Status Authors();

 private:
  void Flush(bool force = false) {
    if (force || w_->buf().size() > (1 << 16)) {
      out_ << w_->buf();
      w_->buf().clear();
    }
  }
  // " LEFT JOIN stances <p>K ON <p>K.comment_id = <on> AND <p>K.topic_id = <id>" per topic.
  std::string StanceJoins(const std::string& prefix, const std::string& on) const {
    std::string j;
    for (size_t k = 0; k < topics_.size(); ++k) {
      std::string a = prefix + std::to_string(k);
      j += " LEFT JOIN stances " + a + " ON " + a + ".comment_id = " + on + " AND " + a +
           ".topic_id = " + std::to_string(topics_[k].first);
    }
    return j;
  }

  store::Db* db_;
  GraphWriter* w_;
  std::ostream& out_;
  GraphStats* stats_;
  std::vector<std::pair<int64_t, std::string>> topics_;
};

Status Exporter::Comments() {
  std::vector<Attr> na = {{"thread", "integer"},        {"author", "string"},
                          {"depth", "integer"},         {"created_at", "string"},
                          {"parent_method", "string"},  {"parent_confidence", "double"},
                          {"text", "string"}};
  for (const auto& t : topics_) na.push_back({t.second, "string"});
  std::vector<Attr> ea = {{"method", "string"}, {"confidence", "double"}};
  for (const auto& t : topics_) ea.push_back({t.second, "string"});
  w_->Begin(na, ea,
            "Reply network of comments: an edge points from a reply to the comment it answers; "
            "topic attributes on nodes are stances, on edges agree/oppose/neutral.");

  std::string cols;
  for (size_t k = 0; k < topics_.size(); ++k) cols += ", s" + std::to_string(k) + ".stance";
  Stmt st;
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT c.id, c.thread_id, a.name, c.depth, c.created_at, c.parent_method,"
      " c.parent_confidence, substr(c.body, 1, 400)" + cols +
          " FROM comments c LEFT JOIN authors a ON a.id = c.author_id" + StanceJoins("s", "c.id") +
          " ORDER BY c.id", &st));
  Status status;
  while (st.Step(&status)) {
    Values v;
    for (int i = 1; i <= 6; ++i) v.push_back(Opt(st, i));
    v.push_back(Shorten(st.Text(7), kNodeTextCols));
    for (size_t k = 0; k < topics_.size(); ++k) v.push_back(Opt(st, 8 + static_cast<int>(k)));
    std::string label = "#" + std::to_string(st.Int(0));
    if (!st.IsNull(2)) label += " " + std::string(st.Text(2));
    w_->Node("c" + std::to_string(st.Int(0)), label, v);
    ++stats_->nodes;
    Flush();
  }
  TL_RETURN_IF_ERROR(status);
  w_->StartEdges();

  cols.clear();
  for (size_t k = 0; k < topics_.size(); ++k)
    cols += ", r" + std::to_string(k) + ".stance, p" + std::to_string(k) + ".stance";
  Stmt ed;
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT c.id, c.parent_id, c.parent_method, c.parent_confidence" + cols +
          " FROM comments c JOIN comments p ON p.id = c.parent_id" + StanceJoins("r", "c.id") +
          StanceJoins("p", "p.id") + " ORDER BY c.id", &ed));
  while (ed.Step(&status)) {
    Values v = {Opt(ed, 2), Opt(ed, 3)};
    for (size_t k = 0; k < topics_.size(); ++k)
      v.push_back(Relation(ed, 4 + 2 * static_cast<int>(k), 5 + 2 * static_cast<int>(k)));
    w_->Edge(stats_->edges, "c" + std::to_string(ed.Int(0)), "c" + std::to_string(ed.Int(1)), 1,
             v);
    ++stats_->edges;
    Flush();
  }
  TL_RETURN_IF_ERROR(status);
  w_->End();
  Flush(true);
  return Status::Ok();
}

Status Exporter::Authors() {
  // Stance tallies per author and topic, for the dominant stance.
  std::map<int64_t, std::map<int64_t, std::map<std::string, int64_t>>> tally;
  {
    Stmt st;
    TL_RETURN_IF_ERROR(db_->Prepare(
        "SELECT c.author_id, s.topic_id, s.stance, COUNT(*) FROM stances s JOIN comments c ON"
        " c.id = s.comment_id WHERE c.author_id IS NOT NULL GROUP BY c.author_id, s.topic_id,"
        " s.stance", &st));
    Status status;
    while (st.Step(&status)) tally[st.Int(0)][st.Int(1)][std::string(st.Text(2))] = st.Int(3);
    TL_RETURN_IF_ERROR(status);
  }
  auto n = db_->QueryInt("SELECT COUNT(*) FROM comments WHERE author_id IS NULL");
  if (!n.ok()) return n.status();
  stats_->comments_without_author = *n;
  n = db_->QueryInt(
      "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE"
      " c.author_id IS NULL OR p.author_id IS NULL");
  if (!n.ok()) return n.status();
  stats_->replies_without_author = *n;

  std::vector<Attr> na = {{"platform", "string"}, {"comments", "integer"}};
  for (const auto& t : topics_) na.push_back({t.second, "string"});
  std::vector<Attr> ea = {{"replies", "integer"}};
  for (const auto& t : topics_) {
    ea.push_back({t.second + "_agree", "integer"});
    ea.push_back({t.second + "_oppose", "integer"});
  }
  w_->Begin(na, ea,
            "Reply network of authors: an edge points from the author of replies to the author "
            "answered, weighted by the number of replies; topic attributes on nodes are each "
            "author's dominant stance, on edges counts of agreeing and opposing replies.");
  Stmt st;
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT a.id, a.name, a.platform, COUNT(*) FROM comments c JOIN authors a ON a.id ="
      " c.author_id GROUP BY a.id ORDER BY a.id", &st));
  Status status;
  while (st.Step(&status)) {
    int64_t id = st.Int(0);
    Values v = {Opt(st, 2), Opt(st, 3)};
    const auto& mine = tally[id];
    for (const auto& t : topics_) {
      auto it = mine.find(t.first);
      if (it == mine.end()) {
        v.push_back(std::nullopt);
        continue;
      }
      std::string best;
      int64_t best_n = 0;
      bool tie = false;
      for (const auto& [stance, c] : it->second) {
        if (stance == "neutral") continue;
        if (c > best_n) {
          best = stance;
          best_n = c;
          tie = false;
        } else if (c == best_n) {
          tie = true;
        }
      }
      v.push_back(best.empty() ? "neutral" : tie ? "mixed" : best);
    }
    w_->Node("a" + std::to_string(id), std::string(st.Text(1)), v);
    ++stats_->nodes;
    Flush();
  }
  TL_RETURN_IF_ERROR(status);
  w_->StartEdges();

  std::string cols;
  for (size_t k = 0; k < topics_.size(); ++k) {
    std::string r = "r" + std::to_string(k) + ".stance", p = "p" + std::to_string(k) + ".stance";
    cols += ", SUM(" + r + " = " + p + " AND " + r + " <> 'neutral'), SUM(" + r + " <> " + p +
            " AND " + r + " <> 'neutral' AND " + p + " <> 'neutral')";
  }
  Stmt ed;
  TL_RETURN_IF_ERROR(db_->Prepare(
      "SELECT c.author_id, p.author_id, COUNT(*)" + cols +
          " FROM comments c JOIN comments p ON p.id = c.parent_id" + StanceJoins("r", "c.id") +
          StanceJoins("p", "p.id") +
          " WHERE c.author_id IS NOT NULL AND p.author_id IS NOT NULL GROUP BY c.author_id,"
          " p.author_id ORDER BY c.author_id, p.author_id", &ed));
  while (ed.Step(&status)) {
    Values v = {std::to_string(ed.Int(2))};
    for (size_t k = 0; k < 2 * topics_.size(); ++k)
      v.push_back(std::to_string(ed.Int(3 + static_cast<int>(k))));
    w_->Edge(stats_->edges, "a" + std::to_string(ed.Int(0)), "a" + std::to_string(ed.Int(1)),
             static_cast<double>(ed.Int(2)), v);
    ++stats_->edges;
    Flush();
  }
  TL_RETURN_IF_ERROR(status);
  w_->End();
  Flush(true);
  return Status::Ok();
}

}  // namespace

Status ExportGraph(store::Db* db, GraphFormat format, GraphNodes nodes, std::ostream& out,
                   GraphStats* stats) {
  *stats = GraphStats();
  Gexf gexf;
  GraphMl graphml;
  GraphWriter* w = format == GraphFormat::kGexf ? static_cast<GraphWriter*>(&gexf) : &graphml;
  Exporter e(db, w, out, stats);
  TL_RETURN_IF_ERROR(e.LoadTopics());
  TL_RETURN_IF_ERROR(nodes == GraphNodes::kComments ? e.Comments() : e.Authors());
  if (!out) return Status::Error("write failed");
  return Status::Ok();
}

}  // namespace threadlens::report
