// OutputFile: where a summary or export goes. Standard output, or a named file that appears
// only complete: the text is written to "FILE.tmp-PID" beside it and renamed over FILE by
// Commit(), so a failed run (bad database, full disk, kill) never leaves half a file behind.
//
//   OutputFile out;
//   TL_RETURN_IF_ERROR(out.Open(path));   // "" or "-": stdout
//   out.stream() << ...;
//   TL_RETURN_IF_ERROR(out.Commit());
//
// One object per output; not shared between threads.
#pragma once

#include <fstream>
#include <ostream>
#include <string>

#include "core/status.h"

namespace threadlens::report {

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();  // removes the temporary file unless Commit() succeeded
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status Open(const std::string& path);
  // REQUIRES: Open() succeeded.
  std::ostream& stream();
  // Flushes; for a file, checks every write succeeded and renames it into place.
  Status Commit();

 private:
  std::string path_, tmp_;
  std::ofstream file_;
  bool to_stdout_ = true;
  bool committed_ = false;
};

}  // namespace threadlens::report
