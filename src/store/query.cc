#include "store/query.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "store/db.h"
#include "store/store.h"

namespace threadlens::store {
namespace {

// Denies everything that changes the connection or the file, whatever the statement claims.
int Authorize(void* denied, int action, const char* a1, const char* a2, const char*, const char*) {
  auto* why = static_cast<std::string*>(denied);
  switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      *why = "ATTACH and DETACH are not allowed in query";
      return SQLITE_DENY;
    case SQLITE_PRAGMA:
      if (a2 != nullptr) {
        *why = std::string("setting PRAGMA ") + (a1 ? a1 : "") + " is not allowed in query";
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE:
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_TEMP_TRIGGER: case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_VIEW: case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_INDEX: case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_TEMP_TRIGGER: case SQLITE_DROP_TEMP_VIEW: case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_VIEW: case SQLITE_ALTER_TABLE: case SQLITE_REINDEX: case SQLITE_ANALYZE:
    case SQLITE_CREATE_VTABLE: case SQLITE_DROP_VTABLE:
      // sqlite_master reads during schema loading use SQLITE_READ, so these are real writes.
      *why = "query is read-only: statements that change the database are refused";
      return SQLITE_DENY;
    default:
      return SQLITE_OK;
  }
}

std::string Cell(const Stmt& st, int i) {
  switch (st.ColumnType(i)) {
    case SQLITE_NULL: return "";
    case SQLITE_BLOB: return "<blob " + std::to_string(sqlite3_column_bytes(st.raw(), i)) + " B>";
    default: return std::string(st.Text(i));
  }
}

std::string JsonCell(const Stmt& st, int i) {
  switch (st.ColumnType(i)) {
    case SQLITE_NULL: return "null";
    case SQLITE_INTEGER: return std::to_string(st.Int(i));
    case SQLITE_FLOAT: return json::Number(st.Double(i));
    default: return json::Quote(Cell(st, i));
  }
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Display width in code points (good enough for aligning; wide CJK glyphs overhang).
size_t Width(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

// A cell on one line, and nothing a terminal would act on: line breaks and tabs become spaces,
// other control characters (escape sequences could rewrite the screen) U+FFFD.
std::string OneLine(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\t' || c == '\r') out += ' ';
    else if (u < 0x20 || u == 0x7f) out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

Status Print(Stmt& st, OutputFormat f, std::ostream& out) {
  const int n = st.Columns();
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.emplace_back(st.ColumnName(i));
  Status status;
  if (f == OutputFormat::kTable || f == OutputFormat::kMarkdown) {
    std::vector<std::vector<std::string>> rows;
    while (st.Step(&status)) {
      std::vector<std::string> row;
      for (int i = 0; i < n; ++i) row.push_back(OneLine(Cell(st, i)));
      rows.push_back(std::move(row));
    }
    TL_RETURN_IF_ERROR(status);
    if (n == 0) return Status::Ok();
    std::vector<size_t> w(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) w[static_cast<size_t>(i)] = Width(names[static_cast<size_t>(i)]);
    for (const auto& r : rows)
      for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], Width(r[i]));
    auto line = [&](const std::vector<std::string>& cells) {
      std::string s = f == OutputFormat::kMarkdown ? "| " : "";
      for (size_t i = 0; i < cells.size(); ++i) {
        if (i) s += f == OutputFormat::kMarkdown ? " | " : "  ";
        s += cells[i];
        if (f == OutputFormat::kMarkdown || i + 1 < cells.size())
          s.append(w[i] - Width(cells[i]), ' ');
      }
      if (f == OutputFormat::kMarkdown) s += " |";
      out << s << '\n';
    };
    if (f == OutputFormat::kMarkdown)
      for (auto& x : w) x = std::max<size_t>(x, 3);  // "---" is the shortest markdown rule
    line(names);
    std::vector<std::string> rule;
    for (size_t x : w) rule.push_back(std::string(x, '-'));
    line(rule);
    for (const auto& r : rows) line(r);
    if (f == OutputFormat::kTable)
      out << "(" << rows.size() << (rows.size() == 1 ? " row)\n" : " rows)\n");
    return Status::Ok();
  }
  if (f == OutputFormat::kCsv) {
    for (int i = 0; i < n; ++i) out << (i ? "," : "") << CsvField(names[static_cast<size_t>(i)]);
    out << "\r\n";
    while (st.Step(&status)) {
      for (int i = 0; i < n; ++i) out << (i ? "," : "") << CsvField(Cell(st, i));
      out << "\r\n";
    }
    return status;
  }
  // json / ndjson: one object per row, keys in column order.
  bool first = true;
  if (f == OutputFormat::kJson) out << "[";
  while (st.Step(&status)) {
    std::string obj = "{";
    for (int i = 0; i < n; ++i) {
      if (i) obj += ",";
      json::AppendString(&obj, names[static_cast<size_t>(i)]);
      obj += ":" + JsonCell(st, i);
    }
    obj += "}";
    if (f == OutputFormat::kJson) {
      out << (first ? "\n  " : ",\n  ") << obj;
    } else {
      out << obj << '\n';
    }
    first = false;
  }
  if (f == OutputFormat::kJson) out << (first ? "]\n" : "\n]\n");
  return status;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  if (name == "ndjson") return OutputFormat::kNdjson;
  if (name == "markdown" || name == "md") return OutputFormat::kMarkdown;
  return Status::Error("unknown output format '" + name +
                       "' (table, csv, json, ndjson or markdown)");
}

Status RunQuery(const std::string& db_path, const std::string& sql, OutputFormat format,
                std::ostream& out) {
  Store store;
  TL_RETURN_IF_ERROR(Store::Open(db_path, Db::kReadOnly, &store));
  Db& db = store.db();
  std::string denied;
  sqlite3_set_authorizer(db.raw(), Authorize, &denied);
  // SQLite stops reading SQL at a NUL and would hand back the same tail forever.
  if (size_t nul = sql.find('\0'); nul != std::string::npos)
    return Status::Error("SQL error: the SQL text contains a NUL byte (at byte " +
                         std::to_string(nul) + ")");
  // Prepare every statement before running any, so a refusal leaves no partial output.
  std::vector<Stmt> stmts;
  const char* p = sql.c_str();
  const char* end = p + sql.size();
  while (p < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    denied.clear();
    int rc = sqlite3_prepare_v2(db.raw(), p, static_cast<int>(end - p), &raw, &tail);
    if (rc != SQLITE_OK) {
      if (raw) sqlite3_finalize(raw);
      if (!denied.empty()) return Status::Error(denied);
      return Status::Error("SQL error: " + std::string(sqlite3_errmsg(db.raw())));
    }
    if (!tail || tail <= p) return Status::Error("SQL error: cannot read past byte " +
                                                 std::to_string(p - sql.c_str()));
    p = tail;
    if (!raw) continue;  // whitespace or comment
    std::string text = sqlite3_sql(raw);
    sqlite3_finalize(raw);
    Stmt st;
    TL_RETURN_IF_ERROR(db.Prepare(text, &st));
    if (!st.ReadOnly())
      return Status::Error("query is read-only: refused '" + text.substr(0, 60) + "'");
    stmts.push_back(std::move(st));
  }
  if (stmts.empty()) return Status::Error("no SQL statement given");
  for (auto& st : stmts) TL_RETURN_IF_ERROR(Print(st, format, out));
  return Status::Ok();
}

}  // namespace threadlens::store
