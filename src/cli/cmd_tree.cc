#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunTreeCommand(const TreeOptions&) {
  std::cerr << "error: 'tree' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
