// PipelineRunner: runs the stages of an ingest on a worker pool and hands finished threads to
// the caller's sink in input order.
//
//   reader ──bounded──> stages (StagePipeline::Run) ──reorder──> sink (writer)
//
// N workers, the caller's thread among them, share the three jobs, most urgent first: write the
// thread next in reader order when it is finished and nobody is writing; run the stages on a
// thread already read; read the next thread when there is room and nobody is reading. So
// sink() runs on several threads over a run but never on two at once, and each call
// happens-after the previous one (a mutex orders them): it may use one SQLite connection. The
// same holds for reader->Next() and `after_read`. At most jobs x kRunnerInFlightPerJob threads
// exist between the reader and the sink at any moment, and no more are read once they hold
// `max_comments` comments (the first is always read), so memory is bounded by the larger of that
// many comments and the largest thread, not by the file. Output order is the reader's order
// whatever `jobs` is, so the stored result does not depend on --jobs. With jobs <= 1 everything
// runs on the caller's thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "core/pipeline.h"
#include "ingest/ingest.h"

namespace threadlens {

// Threads between reader and sink per job: enough to keep every worker busy while one of them
// writes a large thread or works through one (200k benchmark, 2 jobs: 8 a job 7.0-7.6 s, 32 a
// job 6.2-6.7 s, 64 or 256 no better), and memory still a few dozen threads' worth (+6 MiB).
inline constexpr int kRunnerInFlightPerJob = 32;

// Comments between reader and sink before the reader waits: a month of Reddit holds megathreads
// of tens of thousands of comments, and 64 of them at once would be gigabytes. Far above what the
// in-flight threads of a typical dump hold (200k benchmark: 64 threads average ~1,200 comments),
// so it only binds on such dumps.
inline constexpr int64_t kRunnerInFlightComments = 16384;

struct RunnerProgress {
  std::atomic<int64_t> threads_read{0};
  std::atomic<int64_t> comments_written{0};
};

class PipelineRunner {
 public:
  PipelineRunner(const StagePipeline& pipeline, int jobs,
                 int64_t max_comments = kRunnerInFlightComments);

  // Reads every thread from `reader`; threads for which keep() is false are dropped unprocessed;
  // the others go through the stages and then to sink(), in reader order. Stops at the first
  // error (reader, stage or sink) and returns it; `after_read` runs after each thread is read,
  // on the thread that read it (progress accounting).
  Status Run(Reader* reader, const std::function<bool(const Thread&)>& keep,
             const std::function<Status(Thread&)>& sink,
             const std::function<void()>& after_read = nullptr);

  int jobs() const { return jobs_; }

 private:
  const StagePipeline& pipeline_;
  int jobs_;
  int64_t max_comments_;
};

// Worker threads to use for --jobs 0: one per core.
int DefaultJobs();

}  // namespace threadlens
