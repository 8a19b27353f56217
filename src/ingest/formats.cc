#include "ingest/formats.h"

#include "ingest/text_reader.h"

namespace threadlens {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"text", "plain text copied or scraped from a page (the tree is inferred)", SniffText,
       [](Input* in, const ReaderOptions&) { return std::make_unique<TextReader>(in); }},
  };
  return kFormats;
}

const Format* FindFormat(std::string_view name) {
  for (const auto& f : Formats())
    if (name == f.name) return &f;
  return nullptr;
}

Result<const Format*> DetectFormat(const std::string& path, std::string_view head) {
  std::string why;
  for (const auto& f : Formats()) {
    std::string reason = f.sniff(path, head);
    if (reason.empty()) return &f;
    why += std::string("\n  ") + f.name + ": " + reason;
  }
  return Status::Error((path == "-" ? std::string("<stdin>") : path) +
                       ": cannot tell the format (use --format); tried:" + why);
}

}  // namespace threadlens
