// The swappable stages of an ingest.
//
// A Reader turns one input into a stream of Threads; a Stage transforms a Thread in place; the
// Store (store/store.h) writes them. The pipeline runner (ingest/pipeline.h) wires them together
// and may run Stage::Process for different threads on different worker threads at once, so a
// Stage must be safe to call concurrently (const, with any scratch state thread_local or per
// call). Readers are used from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace threadlens {

// How a reader treats a bad record in a line-oriented dump (README "Bad input").
enum class BadRecordPolicy {
  kSkip,    // skip it with a warning naming its line; keep the good records
  kStrict,  // the first bad record fails the whole source
};

struct ReaderOptions {
  BadRecordPolicy policy = BadRecordPolicy::kSkip;
  std::string csv_map;  // "id=…,parent=…,text=…": CSV column mapping (csv reader only)
};

// The warnings a reader collects: every one counted, only the first kKept kept word for word,
// so a dump of a million bad lines costs a counter, not a million messages in memory.
class Warnings {
 public:
  static constexpr size_t kKept = 100;
  void Add(std::string message) {
    ++count_;
    if (kept_.size() < kKept) kept_.push_back(std::move(message));
  }
  const std::vector<std::string>& kept() const { return kept_; }
  int64_t count() const { return count_; }

 private:
  std::vector<std::string> kept_;
  int64_t count_ = 0;
};

class Reader {
 public:
  virtual ~Reader() = default;

  // Fills *thread with the next complete thread and returns true; returns false at the end of
  // the input or on error (then *status is not ok and names the file and line/record).
  // REQUIRES: status != nullptr; *thread is overwritten.
  virtual bool Next(Thread* thread, Status* status) = 0;

  // Bad records skipped so far (lenient mode), each "file:line: what": the first
  // Warnings::kKept of them; warning_count() counts them all.
  const std::vector<std::string>& warnings() const { return warnings_.kept(); }
  int64_t warning_count() const { return warnings_.count(); }

 protected:
  Warnings warnings_;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual const char* name() const = 0;
  // Transforms *thread in place. Safe to call concurrently on different threads.
  virtual Status Process(Thread* thread) const = 0;
};

}  // namespace threadlens
