// Comments joined with their stances, one row per comment, for spreadsheets (CSV) and scripts
// (NDJSON). Columns, in order:
//
//   id, thread_id, ext_id, parent_id, depth, position, author, created_at, score,
//   parent_method, parent_confidence, <topic>_stance, <topic>_score, <topic>_confidence (for
//   each topic, by name), body
//
// CSV follows RFC 4180 (header row; fields with comma, quote or line break are quoted, quotes
// doubled; NULL is an empty field). NDJSON writes one object per line with the same keys, typed
// values and null for NULL; text is valid UTF-8 (bad bytes replaced by U+FFFD).
//
// Streams in document order (thread, position) with one query, so memory stays flat whatever
// the store size. Reads only.
#pragma once

#include <cstdint>
#include <ostream>

#include "core/status.h"
#include "store/db.h"

namespace threadlens::report {

enum class TableFormat { kCsv, kNdjson };

// Writes every comment to `out`; *rows gets the number of comment rows written.
Status ExportTable(store::Db* db, TableFormat format, std::ostream& out, int64_t* rows);

}  // namespace threadlens::report
