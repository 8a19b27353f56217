#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunSummaryCommand(const SummaryOptions&) {
  std::cerr << "error: 'summary' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
