#include <iostream>

#include "cli/commands.h"
#include "report/datasette.h"
#include "report/export_graph.h"
#include "report/export_table.h"
#include "report/output_file.h"
#include "store/store.h"

namespace threadlens::cli {

int RunExportCommand(const ExportOptions& o) {
  const std::string& f = o.format;
  if (o.datasette == !f.empty()) {
    std::cerr << "error: give either --format csv|ndjson|gexf|graphml or --datasette\n";
    return 2;
  }
  if (!o.datasette && f != "csv" && f != "ndjson" && f != "gexf" && f != "graphml") {
    std::cerr << "error: --format must be csv, ndjson, gexf or graphml (got '" << f << "')\n";
    return 2;
  }
  if (o.nodes != "comments" && o.nodes != "authors") {
    std::cerr << "error: --nodes must be comments or authors (got '" << o.nodes << "')\n";
    return 2;
  }
  store::Store st;
  Status status = store::Store::Open(o.db, store::Db::kReadOnly, &st);
  if (!status.ok()) {
    std::cerr << "error: " << status.message() << '\n';
    return 1;
  }
  report::OutputFile out;
  std::string path = o.output;
  if (o.datasette && path.empty()) path = report::DatasetteMetadataPath(o.db);
  status = out.Open(path);
  if (status.ok()) {
    if (o.datasette) {
      std::string json;
      status = report::DatasetteMetadata(&st.db(), o.db, &json);
      if (status.ok()) out.stream() << json;
    } else if (f == "csv" || f == "ndjson") {
      int64_t rows = 0;
      status = report::ExportTable(
          &st.db(), f == "csv" ? report::TableFormat::kCsv : report::TableFormat::kNdjson,
          out.stream(), &rows);
    } else {
      report::GraphStats stats;
      status = report::ExportGraph(
          &st.db(), f == "gexf" ? report::GraphFormat::kGexf : report::GraphFormat::kGraphml,
          o.nodes == "authors" ? report::GraphNodes::kAuthors : report::GraphNodes::kComments,
          out.stream(), &stats);
      if (status.ok() && o.nodes == "authors" && stats.comments_without_author > 0)
        std::cerr << "note: the author network leaves out " << stats.comments_without_author
                  << " comments without an author (and " << stats.replies_without_author
                  << " replies with an unknown end)\n";
    }
  }
  if (status.ok()) status = out.Commit();
  if (!status.ok()) {
    std::cerr << "error: " << (path.empty() ? o.db : path) << ": " << status.message() << '\n';
    return 1;
  }
  if (o.datasette && o.output.empty())
    std::cerr << "wrote " << path << "; open it with: datasette " << o.db << " -m " << path
              << '\n';
  return 0;
}

}  // namespace threadlens::cli
