// TextReader: a comment section copied or scraped as plain text (DESIGN.md section 4).
//
// The whole input is one thread. The reader only splits it into lines (numbered from 1, as in
// the file); finding the article, the page furniture and the comments is SegmentStage's job, so
// that segmentation can improve without touching input handling. Memory: the input's text, and
// the later stages take several times that, so a text dump is limited to kMaxTextBytes and
// kMaxTextLines (errors naming the file and the line where the limit was passed). Binary
// content (the test SniffText applies) is an error even when --format text was asked for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

class TextReader : public Reader {
 public:
  // A copied page is a few MB. The stages need ~16x the text in memory (a 50 MB one-line page
  // peaked at 0.8 GB), so 64 MiB keeps one text source near 1 GB.
  static constexpr int64_t kMaxTextBytes = int64_t{64} << 20;
  // Each line costs ~100 bytes before any text, so a file of empty lines is held to ~200 MB.
  static constexpr int64_t kMaxTextLines = 2'000'000;

  explicit TextReader(Input* in) : in_(in) {}
  bool Next(Thread* thread, Status* status) override;

 private:
  Input* in_;
  bool done_ = false;
};

// Why `head` does not look like a plain-text page ("" if it does): binary content, or markup
// that another reader should take.
std::string SniffText(std::string_view path, std::string_view head);

}  // namespace threadlens
