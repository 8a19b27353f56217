#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunMergeCommand(const MergeOptions&) {
  std::cerr << "error: 'merge' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
