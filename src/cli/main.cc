// threadlens command line. The only translation unit that includes CLI11: it parses arguments
// into the options structs of commands.h and calls the matching Run function.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "ingest/formats.h"

namespace tl = threadlens;
namespace cli = threadlens::cli;

int main(int argc, char** argv) {
  CLI::App app{
      "threadlens " THREADLENS_VERSION
      " — rebuild who answered whom in comment threads, tag stances, store it all in SQLite."};
  app.require_subcommand(1);
  app.set_version_flag("--version", THREADLENS_VERSION);
  app.footer(
      "Example:\n"
      "  threadlens ingest comments.txt && threadlens summary\n"
      "Run 'threadlens COMMAND --help' for each command's options and a worked example.");

  std::string formats = "auto";
  for (const auto& f : tl::Formats()) formats += std::string("|") + f.name;

  // ingest
  tl::IngestOptions ingest;
  auto* c_ingest = app.add_subcommand("ingest", "Read dumps, rebuild reply trees, classify, store");
  c_ingest->add_option("--db", ingest.db, "SQLite file to write")->capture_default_str();
  c_ingest->add_option("--format", ingest.format, "Input format: " + formats)
      ->capture_default_str();
  c_ingest->add_option("--rules", ingest.rules_dir, "Rules directory (default: built in)");
  c_ingest->add_option("--jobs", ingest.jobs, "Worker threads (0: one per core)")
      ->check(CLI::Range(0, 256));
  c_ingest->add_flag("--force", ingest.force, "Re-ingest sources already stored");
  c_ingest->add_flag("--strict", ingest.strict, "Fail a source at its first bad record");
  c_ingest->add_flag("--quiet,-q", ingest.quiet, "No progress display");
  c_ingest->add_option("--map", ingest.csv_map, "CSV columns: id=…,parent=…,text=…,author=…");
  std::string shard;
  c_ingest->add_option("--shard", shard, "Keep only threads of shard K/N (0 <= K < N)");
  c_ingest->add_option("INPUT", ingest.inputs, "Dump files ('-' for stdin; .gz/.zst read as is)")
      ->required();
  c_ingest->footer(
      "Example:\n"
      "  threadlens ingest --db deepseek.db comments.txt\n"
      "  zstd -dc RC_2024-01.zst | threadlens ingest --format pushshift -\n"
      "Re-ingesting the same bytes is a no-op; --force redoes it.");

  // query
  cli::QueryOptions query;
  auto* c_query = app.add_subcommand("query", "Run read-only SQL on the store");
  c_query->add_option("--db", query.db, "SQLite file")->capture_default_str();
  c_query->add_option("--format", query.format, "table|csv|json|ndjson|markdown")
      ->capture_default_str();
  c_query->add_option("SQL", query.sql, "SQL text ('-' reads it from stdin)")->required();
  c_query->footer(
      "Example:\n"
      "  threadlens query \"SELECT depth, count(*) FROM comments GROUP BY depth\"\n"
      "  threadlens query --format csv \"SELECT * FROM stance_counts\" > stances.csv\n"
      "Statements that would write, ATTACH, or set a PRAGMA are refused (exit 1).");

  // summary
  cli::SummaryOptions summary;
  auto* c_summary = app.add_subcommand("summary", "The report of a discussion");
  c_summary->add_option("--db", summary.db, "SQLite file")->capture_default_str();
  c_summary->add_option("--thread", summary.thread, "Thread id (default: the whole store)");
  c_summary->add_option("--format", summary.format, "md|html|json")->capture_default_str();
  c_summary->add_option("-o,--output", summary.output, "Write to FILE instead of stdout");
  c_summary->footer(
      "Example:\n"
      "  threadlens summary --format html -o report.html && xdg-open report.html");

  // tree
  cli::TreeOptions tree;
  auto* c_tree = app.add_subcommand("tree", "Print the reply tree with stance marks and link methods");
  c_tree->add_option("--db", tree.db, "SQLite file")->capture_default_str();
  c_tree->add_option("--thread", tree.thread, "Thread id (default: every thread)");
  c_tree->add_option("--width", tree.width, "Line width (default: terminal or 100)");
  c_tree->footer("Example:\n  threadlens tree --thread 1 | less -R");

  // classify
  cli::ClassifyOptions classify;
  auto* c_classify = app.add_subcommand("classify", "Stance of one text (no database)");
  c_classify->add_option("--rules", classify.rules_dir, "Rules directory (default: built in)");
  c_classify->add_flag("--explain", classify.explain, "Show every rule that fired");
  c_classify->add_flag("--jsonl", classify.jsonl,
                       "Filter: {\"id\",\"text\",\"parent_text\"?,\"thread\"?} per line in, "
                       "stances out");
  c_classify->add_option("--thread", classify.thread,
                         "Title or article of the thread the text is from: words like 'team' or "
                         "'valuation' then count as they do in an AI thread");
  c_classify->add_option("TEXT", classify.text, "Text to classify ('-' for stdin)");
  c_classify->footer(
      "Example:\n"
      "  threadlens classify --explain \"It's mostly hype, the valuations are a bubble.\"\n"
      "  jq -c '{id, text: .body}' comments.ndjson | threadlens classify --jsonl\n"
      "  threadlens classify --thread 'DeepSeek and the AI bubble' 'Tulips had better unit "
      "economics.'");

  // export
  cli::ExportOptions exp;
  auto* c_export = app.add_subcommand("export", "Write the data for spreadsheets, Gephi, Datasette");
  c_export->add_option("--db", exp.db, "SQLite file")->capture_default_str();
  c_export->add_option("--format", exp.format, "csv|ndjson|gexf|graphml");
  c_export->add_flag("--datasette", exp.datasette, "Write Datasette metadata beside the database");
  c_export->add_option("--nodes", exp.nodes, "gexf/graphml nodes: comments|authors")
      ->capture_default_str();
  c_export->add_option("-o,--output", exp.output, "Write to FILE instead of stdout");
  c_export->footer(
      "Example:\n"
      "  threadlens export --format gexf --nodes authors -o replies.gexf\n"
      "  threadlens export --datasette && datasette threadlens.db -m threadlens.metadata.json");

  // merge
  cli::MergeOptions merge;
  auto* c_merge = app.add_subcommand("merge", "Combine databases ingested separately");
  c_merge->add_option("OUT", merge.out, "Database to write")->required();
  c_merge->add_option("IN", merge.inputs, "Databases to merge")->required();
  c_merge->footer("Example:\n  threadlens merge all.db shard0.db shard1.db shard2.db");

  // rules
  cli::RulesOptions rules;
  auto* c_rules = app.add_subcommand("rules", "Validate, test and list rule files");
  c_rules->add_option("ACTION", rules.action, "check|test|list")
      ->required()
      ->check(CLI::IsMember({"check", "test", "list"}));
  c_rules->add_option("--rules", rules.rules_dir, "Rules directory (default: built in)");
  c_rules->add_option("--warn-share", rules.warn_share,
                      "check: warn about a pattern with word gaps searched alone in more than "
                      "this share of the examples' sentences")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  c_rules->footer(
      "Example:\n"
      "  cp -r /usr/local/share/threadlens/rules myrules && $EDITOR myrules/topics/censorship.rules\n"
      "  threadlens rules test --rules myrules");

  // eval
  cli::EvalOptions eval;
  auto* c_eval = app.add_subcommand("eval", "Score the stored thread against a gold/1 annotation");
  c_eval->add_option("--db", eval.db, "SQLite file")->capture_default_str();
  c_eval->add_option("--gold", eval.gold, "gold/1 JSON file")->required();
  c_eval->add_option("--thread", eval.thread, "Thread id (default: the only/first thread)");
  c_eval->add_option("--format", eval.format, "text|json")->capture_default_str();
  c_eval->footer(
      "Example:\n"
      "  threadlens ingest --db seed.db unherd-deepseek-comments.txt\n"
      "  threadlens eval --db seed.db --gold unherd-deepseek-gold.json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  if (ingest.quiet == false && !::isatty(2)) ingest.quiet = true;
  if (*c_ingest && !shard.empty()) {
    tl::Status st = tl::ParseShard(shard, &ingest.shard_index, &ingest.shard_count);
    if (!st.ok()) {
      std::cerr << "error: " << st.message() << '\n';
      return 2;
    }
  }
  if (*c_ingest) return cli::RunIngestCommand(ingest);
  if (*c_query) return cli::RunQueryCommand(query);
  if (*c_summary) return cli::RunSummaryCommand(summary);
  if (*c_tree) return cli::RunTreeCommand(tree);
  if (*c_classify) return cli::RunClassifyCommand(classify);
  if (*c_export) return cli::RunExportCommand(exp);
  if (*c_merge) return cli::RunMergeCommand(merge);
  if (*c_rules) return cli::RunRulesCommand(rules);
  if (*c_eval) return cli::RunEvalCommand(eval);
  return 2;
}
