// PipelineRunner: runs the stages of an ingest on a worker pool and hands finished threads to
// the caller's sink in input order.
//
//   reader thread ──bounded──> N workers (StagePipeline::Run) ──reorder──> sink (writer)
//
// The caller's thread is one of the N workers. Whichever worker finds the thread next in reader
// order finished, and no write in progress, calls `sink` with it: sink() runs on several threads
// over a run but never on two at once, and each call happens-after the previous one (a mutex
// orders them), so it may use one SQLite connection. At most `max_in_flight` threads exist
// between the reader and the sink at any moment, so memory is bounded by that many of the
// largest threads, not by the file. Output order is the reader's order whatever `jobs` is, so
// the stored result does not depend on --jobs. With jobs <= 1 everything runs on the caller's
// thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "core/pipeline.h"
#include "ingest/ingest.h"

namespace threadlens {

struct RunnerProgress {
  std::atomic<int64_t> threads_read{0};
  std::atomic<int64_t> comments_written{0};
};

class PipelineRunner {
 public:
  PipelineRunner(const StagePipeline& pipeline, int jobs);

  // Reads every thread from `reader`; threads for which keep() is false are dropped unprocessed;
  // the others go through the stages and then to sink(), in reader order. Stops at the first
  // error (reader, stage or sink) and returns it; `after_read` runs on the reader's thread after
  // each thread is read (progress accounting).
  Status Run(Reader* reader, const std::function<bool(const Thread&)>& keep,
             const std::function<Status(Thread&)>& sink,
             const std::function<void()>& after_read = nullptr);

  int jobs() const { return jobs_; }

 private:
  const StagePipeline& pipeline_;
  int jobs_;
};

// Worker threads to use for --jobs 0: one per core.
int DefaultJobs();

}  // namespace threadlens
