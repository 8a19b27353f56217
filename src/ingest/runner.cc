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

// Threads between reader and writer per worker: enough to keep every worker busy while the
// writer drains a large thread, small enough that memory stays a few threads' worth.
constexpr int kInFlightPerJob = 4;

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
  std::condition_variable cv_reader, cv_worker, cv_sink;
  std::deque<Item> todo;             // read, waiting for a worker
  std::map<int64_t, Item> done;      // processed, waiting for its turn at the sink
  const int64_t max_in_flight = static_cast<int64_t>(jobs_) * kInFlightPerJob;
  int64_t in_flight = 0;             // read and not yet handed to the sink
  int64_t total_read = 0;
  bool reader_done = false;
  bool stop = false;                 // an error somewhere: everyone winds down
  Status reader_status;

  std::thread reader_thread([&] {
    int64_t seq = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv_reader.wait(lock, [&] { return stop || in_flight < max_in_flight; });
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
      cv_worker.notify_one();
    }
    std::lock_guard<std::mutex> lock(mu);
    reader_done = true;
    cv_worker.notify_all();
    cv_sink.notify_all();
  });

  std::vector<std::thread> workers;
  for (int w = 0; w < jobs_; ++w) {
    workers.emplace_back([&] {
      for (;;) {
        Item item;
        {
          std::unique_lock<std::mutex> lock(mu);
          cv_worker.wait(lock, [&] { return stop || !todo.empty() || reader_done; });
          if (stop || (todo.empty() && reader_done)) return;
          item = std::move(todo.front());
          todo.pop_front();
        }
        item.status = pipeline_.Run(item.thread.get());
        std::lock_guard<std::mutex> lock(mu);
        int64_t seq = item.seq;
        done.emplace(seq, std::move(item));
        cv_sink.notify_one();
      }
    });
  }

  Status result;
  int64_t next = 0;
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv_sink.wait(lock, [&] {
        return done.count(next) > 0 || (reader_done && next == total_read);
      });
      auto it = done.find(next);
      if (it == done.end()) break;  // reader finished and everything was written
      item = std::move(it->second);
      done.erase(it);
    }
    Status st = item.status.ok() ? sink(*item.thread) : item.status;
    item.thread.reset();
    {
      std::lock_guard<std::mutex> lock(mu);
      --in_flight;
      cv_reader.notify_one();
    }
    if (!st.ok()) {
      result = st;
      break;
    }
    ++next;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    cv_reader.notify_all();
    cv_worker.notify_all();
  }
  reader_thread.join();
  for (auto& w : workers) w.join();
  if (!result.ok()) return result;
  return reader_status;
}

}  // namespace threadlens
