// Progress: the one-line progress display of `ingest` on a terminal (stderr).
//
//   [2/5] RC_2024-01.zst  41%  312.4 MB of 760.0 MB  58,210 comments  61,030/s  ETA 0:07
//
// Update() may be called as often as wanted; it repaints at most every kRepaintMs. Disabled (no
// output at all) when constructed with enabled = false (--quiet, or stderr not a terminal). Call
// from one thread; byte counts may come from another through the atomics in RunnerProgress.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace threadlens {

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { Finish(); }

  // Starts a new input: index is 1-based among `count` inputs; total_bytes < 0 when unknown.
  void Begin(int index, int count, const std::string& name, int64_t total_bytes);
  void Update(int64_t bytes, int64_t comments);
  // Clears the line (before printing the input's result).
  void Finish();

 private:
  bool enabled_;
  bool shown_ = false;
  int index_ = 0, count_ = 0;
  std::string name_;
  int64_t total_ = -1;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace threadlens
