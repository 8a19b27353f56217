#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunEvalCommand(const EvalOptions&) {
  std::cerr << "error: 'eval' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
