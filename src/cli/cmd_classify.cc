#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunClassifyCommand(const ClassifyOptions&) {
  std::cerr << "error: 'classify' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
