#include <iostream>

#include "cli/commands.h"
#include "report/output_file.h"
#include "report/summary_data.h"
#include "report/summary_html.h"
#include "report/summary_json.h"
#include "report/summary_md.h"
#include "store/store.h"

namespace threadlens::cli {

int RunSummaryCommand(const SummaryOptions& o) {
  if (o.format != "md" && o.format != "html" && o.format != "json") {
    std::cerr << "error: --format must be md, html or json (got '" << o.format << "')\n";
    return 2;
  }
  if (o.thread < 0) {
    std::cerr << "error: --thread must be a thread id (1 or more), or 0 for the whole store\n";
    return 2;
  }
  store::Store st;
  Status status = store::Store::Open(o.db, store::Db::kReadOnly, &st);
  report::SummaryLimits limits;
  limits.load_tree = o.format == "html";
  report::Summary summary;
  if (status.ok()) status = report::LoadSummary(&st.db(), o.thread, limits, &summary);
  if (!status.ok()) {
    std::cerr << "error: " << status.message() << '\n';
    return 1;
  }
  std::string text = o.format == "md"     ? report::RenderMarkdown(summary)
                     : o.format == "html" ? report::RenderHtml(summary)
                                          : report::RenderJson(summary);
  report::OutputFile out;
  status = out.Open(o.output);
  if (status.ok()) {
    out.stream() << text;
    status = out.Commit();
  }
  if (!status.ok()) {
    std::cerr << "error: " << status.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace threadlens::cli
