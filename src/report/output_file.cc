#include "report/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace threadlens::report {

OutputFile::~OutputFile() {
  if (!to_stdout_ && !committed_ && !tmp_.empty()) {
    file_.close();
    std::remove(tmp_.c_str());
  }
}

Status OutputFile::Open(const std::string& path) {
  if (path.empty() || path == "-") {
    to_stdout_ = true;
    return Status::Ok();
  }
  to_stdout_ = false;
  path_ = path;
  tmp_ = path + ".tmp-" + std::to_string(::getpid());
  file_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!file_) return Status::Error(path + ": cannot write: " + std::strerror(errno));
  return Status::Ok();
}

std::ostream& OutputFile::stream() {
  if (to_stdout_) return std::cout;
  return file_;
}

Status OutputFile::Commit() {
  if (to_stdout_) {
    std::cout.flush();
    if (!std::cout) return Status::Error("stdout: write failed");
    return Status::Ok();
  }
  file_.flush();
  bool good = static_cast<bool>(file_);
  file_.close();
  if (!good || file_.fail()) return Status::Error(path_ + ": write failed");
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    return Status::Error(path_ + ": cannot rename " + tmp_ + " into place: " +
                         std::strerror(errno));
  committed_ = true;
  return Status::Ok();
}

}  // namespace threadlens::report
