#include <iostream>

#include "cli/commands.h"
#include "store/merge.h"

namespace threadlens::cli {

int RunMergeCommand(const MergeOptions& o) {
  store::MergeReport r;
  Status st = store::Merge(o.out, o.inputs, &r);
  if (!st.ok()) {
    std::cerr << "error: " << st.message() << '\n';
    return 1;
  }
  for (const auto& n : r.notes) std::cerr << "note: " << n << '\n';
  std::cerr << "merged " << r.inputs << (r.inputs == 1 ? " database" : " databases") << " -> "
            << o.out << ": " << r.sources_added << " sources added, " << r.shards_added
            << " shards joined to them, " << r.sources_skipped << " already present; "
            << r.threads << " threads, " << r.comments << " comments";
  if (r.transactions > 1) std::cerr << " (" << r.transactions << " transactions)";
  std::cerr << '\n';
  return 0;
}

}  // namespace threadlens::cli
