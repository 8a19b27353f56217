// Datasette metadata for a threadlens store, so that
//
//   threadlens export --datasette            # writes threadlens.metadata.json beside the db
//   datasette threadlens.db -m threadlens.metadata.json
//
// opens with every public table and column described, facets on topic, stance, depth, method
// and author where they apply, author and topic names shown for their ids (label_column), and
// canned queries for the common questions (stance counts per topic, contested exchanges, most
// answered comments, comments by author, full-text search, the reply stance matrix, one
// thread's outline). The format is Datasette's metadata.json (0.x; 1.x still reads it with -m
// for descriptions, and takes facets and queries from the same keys in its config file).
//
// The description names the topics and rules fingerprint found in the store. Reads only.
#pragma once

#include <string>

#include "core/status.h"
#include "store/db.h"

namespace threadlens::report {

// The default output path for `db_path`: its directory and stem plus ".metadata.json"
// ("data/threadlens.db" -> "data/threadlens.metadata.json").
std::string DatasetteMetadataPath(const std::string& db_path);

// The metadata JSON for the store at `db_path` (the database key is the file's stem, which is
// how Datasette names it).
Status DatasetteMetadata(store::Db* db, const std::string& db_path, std::string* json);

}  // namespace threadlens::report
