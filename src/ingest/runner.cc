#include "ingest/runner.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace threadlens {
namespace {

// Threads between reader and sink per job: enough to keep every worker busy while one of them
// writes a large thread or works through one (200k benchmark, 2 jobs: 8 a job 7.0-7.6 s, 32 a
// job 6.2-6.7 s, 64 or 256 no better), and memory still a few dozen threads' worth (+6 MiB).
constexpr int kInFlightPerJob = 32;

}  // namespace

int DefaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

PipelineRunner::PipelineRunner(const StagePipeline& pipeline, int jobs)
    : pipeline_(pipeline), jobs_(jobs <= 0 ? DefaultJobs() : jobs) {}

Status PipelineRunner::Run(Reader* reader, const std::function<bool(const Thread&)>& keep,
                           const std::function<Status(Thread&)>& sink,
                           const std::function<void()>& after_read) {
  if (jobs_ <= 1) {
    Thread t;
    Status st;
    while (reader->Next(&t, &st)) {
      if (after_read) after_read();
      if (!keep(t)) continue;
      TL_RETURN_IF_ERROR(pipeline_.Run(&t));
      TL_RETURN_IF_ERROR(sink(t));
    }
    return st;
  }

  struct Item {
    int64_t seq;
    std::unique_ptr<Thread> thread;
    Status status;
  };
  std::mutex mu;
  std::condition_variable cv_reader, cv_work;
  std::deque<Item> todo;             // read, waiting for a worker
  std::map<int64_t, Item> done;      // processed, waiting for its turn at the sink
  const int64_t max_in_flight = static_cast<int64_t>(jobs_) * kInFlightPerJob;
  int64_t in_flight = 0;             // read and not yet through the sink
  int64_t total_read = 0;
  int64_t next = 0;                  // the sequence number the sink takes next
  bool sinking = false;              // a worker is in sink() (one at a time, in order)
  bool reader_done = false;
  bool stop = false;                 // an error somewhere: everyone winds down
  Status reader_status, result;

  std::thread reader_thread([&] {
    int64_t seq = 0;
    for (;;) {
      {
        // Full: wait until half the threads in flight are written, then read the rest at a
        // stretch. Waking the reader for every thread written cost two context switches a
        // thread, each preempting a worker.
        std::unique_lock<std::mutex> lock(mu);
        if (in_flight >= max_in_flight)
          cv_reader.wait(lock, [&] { return stop || in_flight <= max_in_flight / 2; });
        if (stop) break;
      }
      auto t = std::make_unique<Thread>();
      Status st;
      bool more = reader->Next(t.get(), &st);
      if (more && after_read) after_read();
      std::lock_guard<std::mutex> lock(mu);
      if (!more) {
        reader_status = st;
        break;
      }
      if (!keep(*t)) continue;
      todo.push_back({seq++, std::move(t), Status::Ok()});
      ++in_flight;
      ++total_read;
      cv_work.notify_one();
    }
    std::lock_guard<std::mutex> lock(mu);
    reader_done = true;
    cv_work.notify_all();
  });

  // Every worker, the caller's thread among them, runs the stages on whatever was read and,
  // whenever the thread next in reader order is finished and nobody is writing, writes it. No
  // thread is only a writer: with as many workers as cores, a writer that waits on the stages
  // (or the stages on the writer) would leave a core idle.
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      if (stop) return;
      auto it = sinking ? done.end() : done.find(next);
      if (it != done.end()) {
        Item item = std::move(it->second);
        done.erase(it);
        sinking = true;
        lock.unlock();
        Status st = item.status.ok() ? sink(*item.thread) : item.status;
        item.thread.reset();  // freed outside the lock
        lock.lock();
        sinking = false;
        if (--in_flight == max_in_flight / 2) cv_reader.notify_one();
        ++next;
        if (!st.ok()) {
          result = st;
          stop = true;
          cv_reader.notify_all();
          cv_work.notify_all();
          return;
        }
        continue;
      }
      if (!todo.empty()) {
        Item item = std::move(todo.front());
        todo.pop_front();
        lock.unlock();
        item.status = pipeline_.Run(item.thread.get());
        lock.lock();
        int64_t seq = item.seq;
        done.emplace(seq, std::move(item));
        continue;
      }
      if (reader_done && next == total_read) {
        cv_work.notify_all();  // everything is written: the others stop waiting too
        return;
      }
      cv_work.wait(lock);
    }
  };

  std::vector<std::thread> workers;
  for (int w = 1; w < jobs_; ++w) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    cv_reader.notify_all();
  }
  reader_thread.join();
  if (!result.ok()) return result;
  return reader_status;
}

}  // namespace threadlens
