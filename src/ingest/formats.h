// The dump formats threadlens reads, and auto-detection.
//
// Each Format has a name (the --format value), a Sniff that says why a dump does NOT fit (empty
// string when it fits), and a factory for its Reader. Detect() tries them in a fixed order on the
// file name and the first decompressed bytes; when none fits the error lists each format with its
// reason. Adding a format is adding one entry to Formats() in formats.cc.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

struct Format {
  const char* name;
  const char* what;  // one line for --help and messages
  // Returns "" if `head` (the first bytes, decompressed) of `path` looks like this format,
  // otherwise a short reason why not.
  std::function<std::string(std::string_view path, std::string_view head)> sniff;
  // The reader; it takes ownership of nothing (the Input outlives it).
  std::function<std::unique_ptr<Reader>(Input* in, const ReaderOptions& opts)> make;
};

// Every format, in detection order (most specific first; "text" last).
const std::vector<Format>& Formats();

// The format named `name`, or nullptr.
const Format* FindFormat(std::string_view name);

// Auto-detection. Error lists every format tried and why it did not fit.
Result<const Format*> DetectFormat(const std::string& path, std::string_view head);

// How many decompressed bytes Detect looks at.
inline constexpr size_t kSniffBytes = 64 * 1024;

}  // namespace threadlens
