// CallStamps: "already seen in this call" for the entries of a table, without clearing the table
// on every call. Each call takes a new number and an entry is seen when it holds that number; the
// table is cleared only when the number wraps. Keep one per thread (thread_local at the call
// site): it is not shared.
//
//   thread_local CallStamps seen;
//   seen.Begin(table.size());
//   for (size_t i : hits) if (seen.Mark(i)) Count(i);   // each entry counted once per call
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace threadlens::stance {

class CallStamps {
 public:
  // Starts a call over a table of `entries` (grows the stamps as needed).
  void Begin(size_t entries) {
    if (stamp_.size() < entries) stamp_.resize(entries, 0);
    if (++call_ == 0) {  // wrapped: forget every stamp
      std::fill(stamp_.begin(), stamp_.end(), 0);
      call_ = 1;
    }
  }
  // True the first time entry i is marked in this call.
  bool Mark(size_t i) {
    if (stamp_[i] == call_) return false;
    stamp_[i] = call_;
    return true;
  }

 private:
  std::vector<uint32_t> stamp_;
  uint32_t call_ = 0;
};

}  // namespace threadlens::stance
