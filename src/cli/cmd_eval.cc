#include <iostream>

#include "cli/commands.h"
#include "store/store.h"
#include "thread/eval.h"

namespace threadlens::cli {

int RunEvalCommand(const EvalOptions& o) {
  if (o.format != "text" && o.format != "json") {
    std::cerr << "error: --format must be text or json, not '" << o.format << "'\n";
    return 2;
  }
  auto gold = eval::LoadGold(o.gold);
  if (!gold.ok()) {
    std::cerr << "error: " << gold.status().message() << '\n';
    return 1;
  }
  store::Store st;
  Status s = store::Store::Open(o.db, store::Db::kReadOnly, &st);
  if (!s.ok()) {
    std::cerr << "error: " << s.message() << '\n';
    return 1;
  }
  auto figures = eval::Evaluate(&st.db(), o.thread, *gold);
  if (!figures.ok()) {
    std::cerr << "error: " << figures.status().message() << '\n';
    return 1;
  }
  std::cout << (o.format == "json" ? eval::FormatJson(*figures) : eval::FormatText(*figures));
  return 0;
}

}  // namespace threadlens::cli
