#include "ingest/runner.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace threadlens {

int DefaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

PipelineRunner::PipelineRunner(const StagePipeline& pipeline, int jobs, int64_t max_comments)
    : pipeline_(pipeline), jobs_(jobs <= 0 ? DefaultJobs() : jobs), max_comments_(max_comments) {}

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
    int64_t comments;  // as read: what it counts against the comment budget
    std::unique_ptr<Thread> thread;
    Status status;
  };
  std::mutex mu;
  std::condition_variable cv_work;
  std::deque<Item> todo;             // read, waiting for a worker
  std::map<int64_t, Item> done;      // processed, waiting for its turn at the sink
  const int64_t max_in_flight = static_cast<int64_t>(jobs_) * kRunnerInFlightPerJob;
  int64_t in_flight = 0;             // read and not yet through the sink
  int64_t comments_in_flight = 0;    // their comments
  int64_t total_read = 0;
  int64_t next = 0;                  // the sequence number the sink takes next
  bool sinking = false;              // a worker is in sink() (one at a time, in order)
  bool reading = false;              // a worker is in reader->Next() (one at a time)
  bool reader_done = false;
  bool stop = false;                 // an error somewhere: everyone winds down
  Status reader_status, result;

  // Every worker, the caller's thread among them, does whatever is most urgent: write the thread
  // next in reader order if it is finished and nobody is writing; else run the stages on a
  // thread already read; else read one more, if there is room and nobody is reading. No thread
  // is only a writer or only a reader: with as many workers as cores, one that waits on the
  // others would leave a core idle, and a separate reader had to be woken (two context switches)
  // to refill the queue while a worker sat idle.
  auto fail = [&](Status st) {
    if (result.ok()) result = std::move(st);
    stop = true;
    cv_work.notify_all();
  };
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
        --in_flight;
        comments_in_flight -= item.comments;
        ++next;
        if (!st.ok()) return fail(std::move(st));
        // This worker writes on if the next thread is finished; the other may read meanwhile.
        if (!reading && !reader_done) cv_work.notify_one();
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
      if (!reading && !reader_done && in_flight < max_in_flight &&
          (in_flight == 0 || comments_in_flight < max_comments_)) {
        reading = true;
        lock.unlock();
        auto t = std::make_unique<Thread>();
        Status st;
        bool more;
        // Threads the caller does not keep are skipped here, without a round through the queue.
        while ((more = reader->Next(t.get(), &st))) {
          if (after_read) after_read();
          if (keep(*t)) break;
        }
        lock.lock();
        reading = false;
        if (!more) {
          reader_status = st;
          reader_done = true;
          cv_work.notify_all();  // whoever waits for work may now be finished
          if (!st.ok()) return fail(st);
          continue;
        }
        const auto comments = static_cast<int64_t>(t->comments.size());
        todo.push_back({total_read++, comments, std::move(t), Status::Ok()});
        ++in_flight;
        comments_in_flight += comments;
        cv_work.notify_one();  // another worker may run the stages while this one reads on
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
  if (!result.ok()) return result;
  return reader_status;
}

}  // namespace threadlens
