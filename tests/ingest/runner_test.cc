#include "ingest/runner.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace threadlens {
namespace {

// Threads "0", "1", … up to `count`; fails at `fail_at` (-1: never). Counts how many threads
// exist between Next() and the sink, through `live`.
class CountingReader : public Reader {
 public:
  CountingReader(int count, int fail_at, std::atomic<int>* live)
      : count_(count), fail_at_(fail_at), live_(live) {}
  bool Next(Thread* t, Status* st) override {
    if (next_ == fail_at_) {
      *st = Status::Error("input:" + std::to_string(next_ + 1) + ": broken record");
      return false;
    }
    if (next_ == count_) return false;
    *t = Thread{};
    t->ext_id = std::to_string(next_++);
    ++*live_;
    return true;
  }

 private:
  int count_, fail_at_, next_ = 0;
  std::atomic<int>* live_;
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
};

Outcome RunOnce(int jobs, int threads, int reader_fail_at = -1, int stage_fail_at = -1,
                int sink_fail_at = -1, bool slow_sink = false) {
  StagePipeline pipeline;
  pipeline.Add(std::make_unique<UnevenStage>(stage_fail_at));
  std::atomic<int> live{0};
  CountingReader reader(threads, reader_fail_at, &live);
  Outcome out;
  std::atomic<int> in_sink{0};
  auto keep = [](const Thread& t) { return std::stoi(t.ext_id) % 7 != 3; };
  auto sink = [&](Thread& t) {
    CHECK(++in_sink == 1);  // never two writers at once
    out.most_live = std::max(out.most_live, live.load());
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
    return k;
  };
  out.status =
      PipelineRunner(pipeline, jobs).Run(&reader, keep_counted, sink, [&] { ++out.reads; });
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
