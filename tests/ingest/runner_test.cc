#include "ingest/runner.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace threadlens {
namespace {

// Threads "0", "1", … up to `count`, thread i with comments_of(i) comments; fails at `fail_at`
// (-1: never). Counts how many threads exist between Next() and the sink, through `live`.
class CountingReader : public Reader {
 public:
  CountingReader(int count, int fail_at, std::atomic<int>* live,
                 std::function<int(int)> comments_of = nullptr)
      : count_(count), fail_at_(fail_at), live_(live), comments_of_(std::move(comments_of)) {}
  bool Next(Thread* t, Status* st) override {
    if (next_ == fail_at_) {
      *st = Status::Error("input:" + std::to_string(next_ + 1) + ": broken record");
      return false;
    }
    if (next_ == count_) return false;
    *t = Thread{};
    if (comments_of_) t->comments.resize(static_cast<size_t>(comments_of_(next_)));
    t->ext_id = std::to_string(next_++);
    ++*live_;
    return true;
  }

 private:
  int count_, fail_at_, next_ = 0;
  std::atomic<int>* live_;
  std::function<int(int)> comments_of_;
};

// Takes a thread-dependent time (0-300 µs: some threads finish long before those read earlier)
// and marks the thread; fails on thread `fail_at`.
class UnevenStage : public Stage {
 public:
  explicit UnevenStage(int fail_at) : fail_at_(fail_at) {}
  const char* name() const override { return "uneven"; }
  Status Process(Thread* t) const override {
    int i = std::stoi(t->ext_id);
    if (i == fail_at_) return Status::Error("thread " + t->ext_id + " is bad");
    std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 300));
    t->title = "done " + t->ext_id;
    return Status::Ok();
  }

 private:
  int fail_at_;
};

struct Outcome {
  Status status;
  std::vector<std::string> written;  // ext_ids in the order the sink saw them
  int reads = 0;                     // after_read calls
  int most_live = 0;                 // most threads read and not yet written at once
  int most_live_comments = 0;        // most comments in them at once
};

// Thread sizes for the comment budget: mostly small, every 50th a megathread.
int MixedSizes(int i) { return i % 50 == 7 ? 900 : (i * 37) % 40; }

Outcome RunOnce(int jobs, int threads, int reader_fail_at = -1, int stage_fail_at = -1,
                int sink_fail_at = -1, bool slow_sink = false,
                int64_t max_comments = kRunnerInFlightComments,
                std::function<int(int)> comments_of = nullptr) {
  StagePipeline pipeline;
  pipeline.Add(std::make_unique<UnevenStage>(stage_fail_at));
  std::atomic<int> live{0}, live_comments{0};
  CountingReader reader(threads, reader_fail_at, &live, comments_of);
  Outcome out;
  std::atomic<int> in_sink{0};
  auto keep = [](const Thread& t) { return std::stoi(t.ext_id) % 7 != 3; };
  auto sink = [&](Thread& t) {
    CHECK(++in_sink == 1);  // never two writers at once
    out.most_live = std::max(out.most_live, live.load());
    out.most_live_comments = std::max(out.most_live_comments, live_comments.load());
    live_comments -= static_cast<int>(t.comments.size());
    int i = std::stoi(t.ext_id);
    Status st = t.title == "done " + t.ext_id ? Status::Ok() : Status::Error("stages skipped");
    if (i == sink_fail_at) st = Status::Error("disk full at " + t.ext_id);
    if (st.ok()) out.written.push_back(t.ext_id);
    if (slow_sink) std::this_thread::sleep_for(std::chrono::microseconds(200));
    --live;
    --in_sink;
    return st;
  };
  // Dropped threads never reach the sink: they leave the live count when read.
  auto keep_counted = [&](const Thread& t) {
    bool k = keep(t);
    if (!k) --live;
    else live_comments += static_cast<int>(t.comments.size());
    return k;
  };
  out.status =
      PipelineRunner(pipeline, jobs, max_comments)
          .Run(&reader, keep_counted, sink, [&] { ++out.reads; });
  return out;
}

std::vector<std::string> Kept(int from, int to) {
  std::vector<std::string> v;
  for (int i = from; i < to; ++i)
    if (i % 7 != 3) v.push_back(std::to_string(i));
  return v;
}

}  // namespace

TEST_CASE("runner: the sink sees every kept thread once, in reader order, whatever --jobs",
          "[unit]") {
  for (int jobs : {1, 2, 3, 8}) {
    INFO("jobs " << jobs);
    Outcome o = RunOnce(jobs, 400);
    REQUIRE(o.status.ok());
    CHECK(o.written == Kept(0, 400));
    CHECK(o.reads == 400);
  }
}

TEST_CASE("runner: threads in flight stay bounded when the sink is the slow part", "[unit]") {
  for (int jobs : {2, 4}) {
    INFO("jobs " << jobs);
    Outcome o = RunOnce(jobs, 3 * jobs * kRunnerInFlightPerJob, -1, -1, -1, /*slow_sink=*/true);
    REQUIRE(o.status.ok());
    CHECK(o.written.size() == Kept(0, 3 * jobs * kRunnerInFlightPerJob).size());
    CHECK(o.most_live <= jobs * kRunnerInFlightPerJob);
    CHECK(o.most_live > jobs);  // it did read ahead of the sink
  }
}

TEST_CASE("runner: comments in flight stay within the budget plus one thread, megathreads too",
          "[unit]") {
  // 300 threads of 0-39 comments with a 900-comment one every 50th; a budget of 1,000 comments
  // binds long before 64 threads are read (they would hold ~2,000 or more).
  for (int jobs : {2, 4}) {
    INFO("jobs " << jobs);
    Outcome o = RunOnce(jobs, 300, -1, -1, -1, /*slow_sink=*/true, 1000, MixedSizes);
    REQUIRE(o.status.ok());
    CHECK(o.written == Kept(0, 300));
    CHECK(o.most_live_comments <= 1000 + 900);
    CHECK(o.most_live > jobs);  // it still read ahead of the sink
  }
  // A thread larger than the whole budget still goes through, alone if need be.
  Outcome big = RunOnce(2, 20, -1, -1, -1, false, 100, [](int i) { return i == 4 ? 5000 : 10; });
  REQUIRE(big.status.ok());
  CHECK(big.written == Kept(0, 20));
}

TEST_CASE("runner: a reader, stage or sink error stops the run and is returned", "[unit]") {
  for (int jobs : {1, 2, 4}) {
    INFO("jobs " << jobs);
    Outcome r = RunOnce(jobs, 400, /*reader_fail_at=*/250);
    CHECK(r.status.message().find("input:251: broken record") != std::string::npos);
    Outcome s = RunOnce(jobs, 400, -1, /*stage_fail_at=*/120);
    CHECK(s.status.message().find("thread 120 is bad") != std::string::npos);
    CHECK(s.status.message().find("uneven") != std::string::npos);  // names the stage
    Outcome w = RunOnce(jobs, 400, -1, -1, /*sink_fail_at=*/99);
    CHECK(w.status.message() == "disk full at 99");
    // What was written before the failure is a prefix of the kept threads, in order; nothing
    // after the failing thread reaches the sink.
    for (const Outcome* o : {&r, &s, &w}) {
      std::vector<std::string> all = Kept(0, 400);
      REQUIRE(o->written.size() <= all.size());
      CHECK(std::equal(o->written.begin(), o->written.end(), all.begin()));
    }
    CHECK(s.written.size() <= Kept(0, 120).size());
    CHECK(w.written == Kept(0, 99));
  }
}

}  // namespace threadlens
