// threadlens_floor: the floor the ingest benchmark compares against — the least work that turns
// a Pushshift NDJSON dump into SQLite rows: read lines, parse with simdjson, INSERT the fields in
// one transaction with one prepared statement. No repair, no tree, no stance, no FTS (unless
// --fts, which adds an FTS5 index rebuilt once at the end).
//
//   threadlens_floor [--fts] OUT.db IN.ndjson
//
// Not part of threadlens; built only for tools/bench/bench.py.
#include <simdjson.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace {

int Fail(const char* what, sqlite3* db) {
  std::fprintf(stderr, "floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  return 1;
}

std::string_view Str(simdjson::ondemand::object& o, const char* key) {
  std::string_view v;
  auto f = o.find_field_unordered(key);
  if (f.error() || f.get_string().get(v)) return {};
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  bool fts = false;
  int a = 1;
  if (a < argc && std::strcmp(argv[a], "--fts") == 0) fts = true, ++a;
  if (argc - a != 2) {
    std::fprintf(stderr, "usage: threadlens_floor [--fts] OUT.db IN.ndjson\n");
    return 2;
  }
  sqlite3* db = nullptr;
  std::remove(argv[a]);
  if (sqlite3_open(argv[a], &db) != SQLITE_OK) return Fail("open", db);
  const char* schema =
      "CREATE TABLE comments(id INTEGER PRIMARY KEY, ext_id TEXT, parent TEXT, thread TEXT,"
      " author TEXT, created REAL, score INTEGER, body TEXT);";
  if (sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) return Fail("schema", db);
  if (fts && sqlite3_exec(db, "CREATE VIRTUAL TABLE comments_fts USING fts5(body, "
                              "content=\"comments\", content_rowid=\"id\");",
                          nullptr, nullptr, nullptr) != SQLITE_OK)
    return Fail("fts", db);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO comments(ext_id, parent, thread, author, created, score, body)"
                         " VALUES(?,?,?,?,?,?,?)",
                         -1, &ins, nullptr) != SQLITE_OK)
    return Fail("prepare", db);
  std::ifstream in(argv[a + 1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "floor: cannot read %s\n", argv[a + 1]);
    return 1;
  }
  simdjson::ondemand::parser parser;
  std::string line;
  simdjson::padded_string buf;
  long rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::padded_string_view view(line.data(), line.size(), line.capacity());
    if (line.capacity() - line.size() < simdjson::SIMDJSON_PADDING) {
      line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
      view = simdjson::padded_string_view(line.data(), line.size(), line.capacity());
    }
    simdjson::ondemand::document doc;
    if (parser.iterate(view).get(doc)) continue;
    simdjson::ondemand::object o;
    if (doc.get_object().get(o)) continue;
    auto bind = [&](int i, std::string_view v) {
      sqlite3_bind_text(ins, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    };
    bind(1, Str(o, "id"));
    bind(2, Str(o, "parent_id"));
    bind(3, Str(o, "link_id"));
    bind(4, Str(o, "author"));
    double created = 0;
    auto c = o.find_field_unordered("created_utc");
    if (!c.error()) {
      if (c.get_double().get(created)) {
        std::string_view s;
        if (!c.get_string().get(s)) created = std::atof(std::string(s).c_str());
      }
    }
    sqlite3_bind_double(ins, 5, created);
    int64_t score = 0;
    auto sc = o.find_field_unordered("score");
    if (!sc.error()) (void)sc.get_int64().get(score);
    sqlite3_bind_int64(ins, 6, score);
    bind(7, Str(o, "body"));
    if (sqlite3_step(ins) != SQLITE_DONE) return Fail("insert", db);
    sqlite3_reset(ins);
    ++rows;
  }
  sqlite3_finalize(ins);
  if (fts && sqlite3_exec(db, "INSERT INTO comments_fts(comments_fts) VALUES('rebuild')", nullptr,
                          nullptr, nullptr) != SQLITE_OK)
    return Fail("fts rebuild", db);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return Fail("commit", db);
  sqlite3_close(db);
  std::fprintf(stderr, "floor: %ld rows\n", rows);
  return 0;
}
