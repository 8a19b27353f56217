#include "report/export_table.h"

#include <string>
#include <vector>

#include "core/json.h"
#include "report/text_excerpt.h"

namespace threadlens::report {
namespace {

using store::Stmt;

// "name" as an SQL identifier (quotes doubled), so any topic name is a safe column alias.
std::string Ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvField(std::string* out, std::string_view v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string NumberText(const Stmt& st, int i) {
  if (st.ColumnType(i) == SQLITE_INTEGER) return std::to_string(st.Int(i));
  return json::Number(st.Double(i));
}

}  // namespace

Status ExportTable(store::Db* db, TableFormat format, std::ostream& out, int64_t* rows) {
  *rows = 0;
  std::vector<std::pair<int64_t, std::string>> topics;
  {
    Stmt st;
    TL_RETURN_IF_ERROR(db->Prepare("SELECT id, name FROM topics ORDER BY name", &st));
    Status status;
    while (st.Step(&status)) topics.emplace_back(st.Int(0), std::string(st.Text(1)));
    TL_RETURN_IF_ERROR(status);
  }
  std::string sql =
      "SELECT c.id, c.thread_id, c.ext_id, c.parent_id, c.depth, c.position, a.name AS author,"
      " c.created_at, c.score, c.parent_method, c.parent_confidence";
  std::string joins;
  for (size_t i = 0; i < topics.size(); ++i) {
    std::string s = "s" + std::to_string(i);
    const std::string& name = topics[i].second;
    sql += ", " + s + ".stance AS " + Ident(name + "_stance") + ", " + s + ".score AS " +
           Ident(name + "_score") + ", " + s + ".confidence AS " + Ident(name + "_confidence");
    joins += " LEFT JOIN stances " + s + " ON " + s + ".comment_id = c.id AND " + s +
             ".topic_id = " + std::to_string(topics[i].first);
  }
  sql += ", c.body FROM comments c LEFT JOIN authors a ON a.id = c.author_id" + joins +
         " ORDER BY c.thread_id, c.position";
  Stmt st;
  TL_RETURN_IF_ERROR(db->Prepare(sql, &st));
  const int n = st.Columns();
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(ValidUtf8(st.ColumnName(i)));

  std::string buf;
  if (format == TableFormat::kCsv) {
    for (int i = 0; i < n; ++i) {
      if (i) buf.push_back(',');
      CsvField(&buf, names[i]);
    }
    buf += "\r\n";
  }
  Status status;
  while (st.Step(&status)) {
    if (format == TableFormat::kCsv) {
      for (int i = 0; i < n; ++i) {
        if (i) buf.push_back(',');
        switch (st.ColumnType(i)) {
          case SQLITE_NULL: break;
          case SQLITE_INTEGER:
          case SQLITE_FLOAT: buf += NumberText(st, i); break;
          default: CsvField(&buf, ValidUtf8(st.Text(i)));
        }
      }
      buf += "\r\n";
    } else {
      buf.push_back('{');
      for (int i = 0; i < n; ++i) {
        if (i) buf.push_back(',');
        json::AppendString(&buf, names[i]);
        buf.push_back(':');
        switch (st.ColumnType(i)) {
          case SQLITE_NULL: buf += "null"; break;
          case SQLITE_INTEGER:
          case SQLITE_FLOAT: buf += NumberText(st, i); break;
          default: json::AppendString(&buf, ValidUtf8(st.Text(i)));
        }
      }
      buf += "}\n";
    }
    ++*rows;
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  }
  TL_RETURN_IF_ERROR(status);
  out << buf;
  if (!out) return Status::Error("write failed");
  return Status::Ok();
}

}  // namespace threadlens::report
