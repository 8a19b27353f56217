#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunRulesCommand(const RulesOptions&) {
  std::cerr << "error: 'rules' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
