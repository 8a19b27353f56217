#include "testing.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace threadlens::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "threadlens-test-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? p : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string SourceDir() { return TL_SOURCE_DIR; }

std::string SharedDir() {
  const char* env = std::getenv("THREADLENS_SHARED");
  std::string dir = env && *env ? env : std::string(TL_SOURCE_DIR) + "/../shared";
  std::error_code ec;
  return fs::is_directory(dir + "/seed", ec) ? dir : "";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

RunResult RunThreadlens(const std::string& args, const std::string& input) {
  TempDir tmp;
  std::string in = tmp.File("stdin"), out = tmp.File("stdout"), err = tmp.File("stderr");
  WriteFile(in, input);
  std::string cmd = std::string("'") + TL_BINARY + "' " + args + " <'" + in + "' >'" + out +
                    "' 2>'" + err + "'";
  int rc = std::system(cmd.c_str());
  RunResult r;
  if (WIFEXITED(rc)) r.exit_code = WEXITSTATUS(rc);
  else if (WIFSIGNALED(rc)) r.exit_code = 128 + WTERMSIG(rc);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace threadlens::testing
