// Read-only SQL for `threadlens query`: runs statements on a connection that cannot change the
// store, and prints the rows as table, csv, json, ndjson or markdown.
//
// Refused before anything runs (exit 1, clear message): any statement that would write
// (sqlite3_stmt_readonly), ATTACH/DETACH, a PRAGMA that sets a value, VACUUM. The file is opened
// SQLITE_OPEN_READONLY with query_only on, so even a statement that slipped past would fail.
#pragma once

#include <ostream>
#include <string>

#include "core/status.h"

namespace threadlens::store {

enum class OutputFormat { kTable, kCsv, kJson, kNdjson, kMarkdown };

// "table", "csv", ... -> format; error for anything else.
Result<OutputFormat> ParseOutputFormat(const std::string& name);

// Runs `sql` (one or more statements) on the database at `db_path` and writes each result set.
Status RunQuery(const std::string& db_path, const std::string& sql, OutputFormat format,
                std::ostream& out);

}  // namespace threadlens::store
