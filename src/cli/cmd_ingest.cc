#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunIngestCommand(const IngestOptions& o) {
  std::vector<SourceReport> reports;
  Status st = RunIngest(o, &reports);
  for (const auto& r : reports) {
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << '\n';
    if (!r.status.ok()) {
      std::cerr << "error: " << r.status.message() << '\n';
    } else if (r.already_present) {
      std::cerr << r.path << ": already ingested as source " << r.source_id
                << ", nothing changed (use --force to redo it)\n";
    } else {
      std::cerr << r.path << ": " << r.format << ", " << r.threads
                << (r.threads == 1 ? " thread, " : " threads, ") << r.comments << " comments"
                << ", " << r.repairs.total() << " text repairs";
      if (r.skipped) std::cerr << ", " << r.skipped << " bad records skipped";
      std::cerr << " -> " << o.db << " (source " << r.source_id << ")\n";
    }
  }
  if (!st.ok()) {
    if (reports.empty()) std::cerr << "error: " << st.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace threadlens::cli
