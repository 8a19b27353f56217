// SegmentStage: turns the lines of a plain-text page (Thread::lines) into the article body and
// a list of comments, dropping page furniture (PageRules).
//
// Threads that do not need segmentation (structured formats) pass through untouched. Linear in
// the number of lines; safe to call concurrently (PageRules is immutable).
#pragma once

#include <memory>

#include "core/pipeline.h"
#include "thread/page_rules.h"

namespace threadlens {

class SegmentStage : public Stage {
 public:
  explicit SegmentStage(std::shared_ptr<const PageRules> rules) : rules_(std::move(rules)) {}
  const char* name() const override { return "segment"; }
  Status Process(Thread* thread) const override;

 private:
  std::shared_ptr<const PageRules> rules_;
};

}  // namespace threadlens
