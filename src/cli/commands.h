// The subcommands of `threadlens`: one plain options struct and one Run function each.
// main.cc (the only file that includes CLI11) fills the structs from the command line; each Run
// returns the process exit code: 0 success, 1 bad input or failed operation, 2 usage error.
#pragma once

#include <string>
#include <vector>

#include "ingest/ingest.h"

namespace threadlens::cli {

int RunIngestCommand(const IngestOptions& o);

struct QueryOptions {
  std::string db = "threadlens.db";
  std::string format = "table";
  std::string sql;
};
int RunQueryCommand(const QueryOptions& o);

struct SummaryOptions {
  std::string db = "threadlens.db";
  int64_t thread = 0;  // 0: the whole store
  std::string format = "md";
  std::string output;  // empty: stdout
};
int RunSummaryCommand(const SummaryOptions& o);

struct TreeOptions {
  std::string db = "threadlens.db";
  int64_t thread = 0;  // 0: every thread
  int width = 0;       // 0: terminal width or 100
};
int RunTreeCommand(const TreeOptions& o);

struct ClassifyOptions {
  std::string rules_dir;
  bool explain = false;
  bool jsonl = false;
  std::string text;  // "-" or empty with no tty: stdin
  // The thread's title or article: establishes the topics' context, as a thread does in
  // ingest (every --jsonl line, unless the line has its own "thread").
  std::string thread;
};
int RunClassifyCommand(const ClassifyOptions& o);

struct ExportOptions {
  std::string db = "threadlens.db";
  std::string format;  // csv, ndjson, gexf, graphml
  bool datasette = false;
  std::string nodes = "comments";  // gexf/graphml: comments or authors
  std::string output;
};
int RunExportCommand(const ExportOptions& o);

struct MergeOptions {
  std::string out;
  std::vector<std::string> inputs;
};
int RunMergeCommand(const MergeOptions& o);

struct RulesOptions {
  std::string action;  // check, test, list
  std::string rules_dir;
  // check: warn about a gapped alternative searched alone in more than this share of the
  // examples' sentences (RuleSet::MeasureCost).
  double warn_share = 0.10;
};
int RunRulesCommand(const RulesOptions& o);

struct EvalOptions {
  std::string db = "threadlens.db";
  std::string gold;
  int64_t thread = 0;
  std::string format = "text";
};
int RunEvalCommand(const EvalOptions& o);

}  // namespace threadlens::cli
