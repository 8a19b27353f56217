// TextReader: a comment section copied or scraped as plain text (DESIGN.md section 4).
//
// The whole input is one thread. The reader only splits it into lines (numbered from 1, as in
// the file); finding the article, the page furniture and the comments is SegmentStage's job, so
// that segmentation can improve without touching input handling. Memory: the input's text.
#pragma once

#include <string>
#include <string_view>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

class TextReader : public Reader {
 public:
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
