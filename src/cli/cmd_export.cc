#include <iostream>

#include "cli/commands.h"

namespace threadlens::cli {

int RunExportCommand(const ExportOptions&) {
  std::cerr << "error: 'export' is not available in this build yet\n";
  return 1;
}

}  // namespace threadlens::cli
