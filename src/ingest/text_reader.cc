#include "ingest/text_reader.h"

#include <filesystem>

#include "ingest/formats.h"

namespace threadlens {

bool TextReader::Next(Thread* thread, Status* status) {
  if (done_) return false;
  done_ = true;
  *thread = Thread();
  thread->platform = "text";
  thread->needs_segmentation = true;
  if (in_->path() != "-") thread->ext_id = std::filesystem::path(in_->path()).filename().string();
  std::string_view head = in_->Peek(kSniffBytes, status);
  if (!status->ok()) return false;
  if (!head.empty()) {
    std::string why = SniffText(in_->path(), head);
    if (!why.empty()) {
      *status = Status::Error(in_->name() + ": " + why + "; is --format right?");
      return false;
    }
  }
  std::string line;
  int64_t nonblank = 0, bytes = 0;
  while (in_->ReadLine(&line, status, static_cast<size_t>(kMaxTextBytes))) {
    bytes += static_cast<int64_t>(line.size()) + 1;
    if (bytes > kMaxTextBytes || in_->line_number() > kMaxTextLines) {
      *status = Status::Error(
          in_->name() + ":" + std::to_string(in_->line_number()) + ": text dump larger than " +
          std::to_string(kMaxTextBytes >> 20) + " MiB or " + std::to_string(kMaxTextLines) +
          " lines, the limit for one page (split it, or use a structured format)");
      return false;
    }
    Line l;
    l.number = static_cast<int>(in_->line_number());
    l.raw = std::move(line);
    if (l.raw.find_first_not_of(" \t\r\f\v") != std::string::npos) ++nonblank;
    thread->lines.push_back(std::move(l));
    line = std::string();
  }
  if (!status->ok()) return false;
  if (nonblank == 0) {
    *status = Status::Error(in_->name() + ": no text in this dump (empty or blank)");
    return false;
  }
  return true;
}

std::string SniffText(std::string_view, std::string_view head) {
  if (head.empty()) return "empty input";
  size_t bad = 0;
  for (unsigned char c : head)
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) ++bad;
  if (bad * 100 > head.size()) return "binary content (control bytes), not text";
  return "";
}

}  // namespace threadlens
