#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "store/query.h"

namespace threadlens::cli {

int RunQueryCommand(const QueryOptions& o) {
  auto format = store::ParseOutputFormat(o.format);
  if (!format.ok()) {
    std::cerr << "error: " << format.status().message() << '\n';
    return 2;
  }
  std::string sql = o.sql;
  if (sql == "-") sql.assign(std::istreambuf_iterator<char>(std::cin), {});
  Status st = store::RunQuery(o.db, sql, *format, std::cout);
  if (!st.ok()) {
    std::cerr << "error: " << st.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace threadlens::cli
