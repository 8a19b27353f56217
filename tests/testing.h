// Helpers shared by the tests: temporary folders, running the built binary, locating ../shared.
#pragma once

#include <string>

namespace threadlens::testing {

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct RunResult {
  int exit_code = -1;  // the process's exit status; 128+N when killed by signal N
  std::string out, err;
};

// Runs the threadlens binary with `args` (a shell-quoted string), stdin from `input` if given.
RunResult RunThreadlens(const std::string& args, const std::string& input = "");

// ../shared next to the checkout, or "" when it is not there.
std::string SharedDir();

std::string SourceDir();
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

}  // namespace threadlens::testing
