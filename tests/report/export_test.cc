// `threadlens export`: CSV/NDJSON row counts and content, GEXF/GraphML well-formed (expat and
// xmllint) with the right node and edge counts, Datasette metadata whose queries all run.
#include <expat.h>
#include <simdjson.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "fixture.h"
#include "report/datasette.h"
#include "testing.h"

namespace threadlens {
namespace {

using testing::SqlInt;

// RFC 4180 reader (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field += '"', ++i;
      else if (c == '"') in_quotes = false;
      else field += c;
      continue;
    }
    if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      // handled at '\n'
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Element counts of an XML document, or an error message if expat finds it malformed.
struct XmlCounts {
  std::map<std::string, int64_t> elements;
  std::string error;
};

XmlCounts ParseXml(const std::string& xml) {
  XmlCounts c;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &c);
  XML_SetStartElementHandler(p, [](void* ud, const XML_Char* name, const XML_Char**) {
    ++static_cast<XmlCounts*>(ud)->elements[name];
  });
  if (XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR)
    c.error = std::string(XML_ErrorString(XML_GetErrorCode(p))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(p));
  XML_ParserFree(p);
  return c;
}

bool XmllintOk(const std::string& path) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return true;  // expat still checks
  return std::system(("xmllint --noout '" + path + "' 2>/dev/null").c_str()) == 0;
}

TEST_CASE("export --format csv: one row per comment, stance columns per topic", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  auto r = testing::RunThreadlens("export --db '" + db + "' --format csv");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = ParseCsv(r.out);
  REQUIRE(rows.size() == 1 + static_cast<size_t>(SqlInt(db, "SELECT COUNT(*) FROM comments")));
  const auto& head = rows[0];
  std::vector<std::string> want = {"id", "thread_id", "ext_id", "parent_id", "depth", "position",
                                   "author", "created_at", "score", "parent_method",
                                   "parent_confidence", "fraud_stance", "fraud_score",
                                   "fraud_confidence", "hype_stance", "hype_score",
                                   "hype_confidence", "labour_stance", "labour_score",
                                   "labour_confidence", "body"};
  CHECK(head == want);
  for (const auto& row : rows) CHECK(row.size() == want.size());
  // Row of comment 12: author with <>, body with quotes, commas and a script tag, verbatim.
  const auto& r12 = rows[12];
  CHECK(r12[0] == "12");
  CHECK(r12[6] == "frank <f@x>");
  CHECK(r12[20] == "<script>alert('x')</script> & nothing about the topics");
  CHECK(rows[1][14] == "overhyped");
  CHECK(rows[1][16] == "0.9");
  CHECK(rows[1][11].empty());  // off topic: empty, not "neutral"
  // A stance count from the CSV equals the SQL count.
  int64_t labour = 0;
  for (size_t i = 1; i < rows.size(); ++i) labour += !rows[i][17].empty();
  CHECK(labour == SqlInt(db, "SELECT COUNT(*) FROM stances WHERE topic_id = 3"));
}

TEST_CASE("export --format ndjson: one JSON object per comment", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = dir.File("r.db");
  testing::CreateRandomStore(db, 2000, 3);
  auto r = testing::RunThreadlens("export --db '" + db + "' --format ndjson -o '" +
                                  dir.File("c.ndjson") + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream in(testing::ReadFile(dir.File("c.ndjson")));
  std::string line;
  int64_t n = 0, hype = 0;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::element e;
    REQUIRE(parser.parse(line).get(e) == simdjson::SUCCESS);
    int64_t id = 0;
    REQUIRE(e["id"].get_int64().get(id) == simdjson::SUCCESS);
    CHECK(id > 0);
    std::string_view st;
    if (e["hype_stance"].get_string().get(st) == simdjson::SUCCESS) ++hype;
    ++n;
  }
  CHECK(n == 2000);
  CHECK(hype == SqlInt(db, "SELECT COUNT(*) FROM stances s JOIN topics t ON t.id = s.topic_id"
                           " WHERE t.name = 'hype'"));
}

TEST_CASE("export gexf/graphml: well-formed, declared attributes, right counts",
          "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  const int64_t comments = SqlInt(db, "SELECT COUNT(*) FROM comments");
  const int64_t replies = SqlInt(db, "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL");
  const int64_t authors = SqlInt(db, "SELECT COUNT(DISTINCT author_id) FROM comments");
  const int64_t author_pairs = SqlInt(
      db, "SELECT COUNT(*) FROM (SELECT DISTINCT c.author_id, p.author_id FROM comments c,"
          " comments p WHERE p.id = c.parent_id AND c.author_id IS NOT NULL AND p.author_id IS"
          " NOT NULL)");
  struct Case {
    const char* format;
    const char* nodes;
    const char* node_tag;
    const char* edge_tag;
    int64_t want_nodes, want_edges;
  };
  for (const Case& c : {Case{"gexf", "comments", "node", "edge", comments, replies},
                        Case{"gexf", "authors", "node", "edge", authors, author_pairs},
                        Case{"graphml", "comments", "node", "edge", comments, replies},
                        Case{"graphml", "authors", "node", "edge", authors, author_pairs}}) {
    std::string out = dir.File(std::string("g-") + c.nodes + "." + c.format);
    auto r = testing::RunThreadlens("export --db '" + db + "' --format " + c.format +
                                    " --nodes " + c.nodes + " -o '" + out + "'");
    INFO(c.format << " " << c.nodes << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    std::string xml = testing::ReadFile(out);
    XmlCounts x = ParseXml(xml);
    CHECK(x.error.empty());
    CHECK(XmllintOk(out));
    CHECK(x.elements[c.node_tag] == c.want_nodes);
    CHECK(x.elements[c.edge_tag] == c.want_edges);
    if (std::string(c.format) == "gexf") {
      CHECK(xml.find("<gexf xmlns=\"http://gexf.net/1.3\"") != std::string::npos);
      CHECK(x.elements["attributes"] == 2);
      CHECK(x.elements["attribute"] > 0);
    } else {
      CHECK(x.elements["key"] > 0);
      CHECK(xml.find("edgedefault=\"directed\"") != std::string::npos);
    }
    if (std::string(c.nodes) == "authors") {
      CHECK(r.err.find("leaves out 1 comments without an author") != std::string::npos);
    } else {
      // The body with a control character (comment 14) did not break the file, and the
      // reply to #1 carries the stance relation.
      CHECK(xml.find("Bubble talk again") != std::string::npos);
    }
  }
}

TEST_CASE("export --datasette: metadata beside the database, queries that run", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("threadlens.db"));
  auto r = testing::RunThreadlens("export --db '" + db + "' --datasette");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string path = dir.File("threadlens.metadata.json");
  CHECK(report::DatasetteMetadataPath(db) == path);
  REQUIRE(std::filesystem::exists(path));
  simdjson::dom::parser parser;
  simdjson::dom::element meta;
  REQUIRE(parser.load(path).get(meta) == simdjson::SUCCESS);
  simdjson::dom::element base;
  REQUIRE(meta["databases"]["threadlens"].get(base) == simdjson::SUCCESS);
  // Every public table and view is described, each column it has is described.
  store::Db ro;
  REQUIRE(store::Db::Open(db, store::Db::kReadOnly, &ro).ok());
  for (const char* table : {"sources", "threads", "authors", "comments", "quotes", "topics",
                            "stances", "evidence", "stance_counts", "reply_stance"}) {
    INFO(table);
    simdjson::dom::object t;
    REQUIRE(base["tables"][table].get_object().get(t) == simdjson::SUCCESS);
    std::string_view desc;
    CHECK(t["description"].get_string().get(desc) == simdjson::SUCCESS);
    store::Stmt cols;
    REQUIRE(ro.Prepare(std::string("SELECT name FROM pragma_table_info('") + table + "')", &cols)
                .ok());
    Status st;
    while (cols.Step(&st)) {
      std::string col(cols.Text(0));
      INFO(col);
      CHECK(t["columns"][col].get_string().get(desc) == simdjson::SUCCESS);
    }
  }
  // Facets where they apply.
  auto facets = [&](const char* table) {
    std::set<std::string> out;
    for (auto f : base["tables"][table]["facets"].get_array()) out.insert(std::string(f.get_string().value()));
    return out;
  };
  CHECK(facets("comments") == std::set<std::string>{"thread_id", "depth", "parent_method",
                                                     "author_id"});
  CHECK(facets("stances") == std::set<std::string>{"topic_id", "stance"});
  // Canned queries: the common questions, each runs on the store with its parameters bound.
  std::set<std::string> names;
  for (auto [name, q] : base["queries"].get_object()) {
    names.insert(std::string(name));
    std::string_view sql;
    REQUIRE(q["sql"].get_string().get(sql) == simdjson::SUCCESS);
    store::Stmt st;
    Status prep = ro.Prepare(sql, &st);
    INFO(name << ": " << sql << "\n" << prep.message());
    REQUIRE(prep.ok());
    CHECK(st.ReadOnly());
    for (int i = 1; i <= sqlite3_bind_parameter_count(st.raw()); ++i) {
      std::string p = sqlite3_bind_parameter_name(st.raw(), i);
      if (p == ":q") st.Bind(i, "bubble");
      else if (p == ":author") st.Bind(i, "alice");
      else if (p == ":thread") st.Bind(i, 1);
      else FAIL("unexpected parameter " << p);
    }
    Status step;
    CHECK(st.Step(&step));  // every canned query finds something in the small store
    CHECK(step.ok());
  }
  for (const char* q : {"stance_counts_per_topic", "contested_exchanges",
                        "most_answered_comments", "comments_by_author", "search"})
    CHECK(names.count(q) == 1);
  // -o elsewhere.
  auto o = testing::RunThreadlens("export --db '" + db + "' --datasette -o '" + dir.File("m.json") +
                                  "'");
  CHECK(o.exit_code == 0);
  CHECK(std::filesystem::exists(dir.File("m.json")));
}

TEST_CASE("export: usage errors", "[report][e2e]") {
  testing::TempDir dir;
  std::string db = testing::CreateSmallStore(dir.File("t.db"));
  CHECK(testing::RunThreadlens("export --db '" + db + "'").exit_code == 2);
  CHECK(testing::RunThreadlens("export --db '" + db + "' --format xlsx").exit_code == 2);
  CHECK(testing::RunThreadlens("export --db '" + db + "' --format csv --datasette").exit_code ==
        2);
  CHECK(testing::RunThreadlens("export --db '" + db + "' --format gexf --nodes people")
            .exit_code == 2);
  CHECK(testing::RunThreadlens("export --db '" + dir.File("none.db") + "' --format csv")
            .exit_code == 1);
}

}  // namespace
}  // namespace threadlens
