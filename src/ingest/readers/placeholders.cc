#include "ingest/readers/placeholders.h"

#include <cassert>
#include <string>
#include <unordered_map>

namespace threadlens {

int KeepRepliedPlaceholders(Thread* t, const std::vector<bool>& textless) {
  auto& cs = t->comments;
  assert(textless.size() == cs.size());
  const int n = static_cast<int>(cs.size());
  std::unordered_map<std::string, int> by_id;
  by_id.reserve(cs.size());
  for (int i = 0; i < n; ++i)
    if (!cs[i].ext_id.empty()) by_id.emplace(cs[i].ext_id, i);
  auto parent_of = [&](int i) {
    if (cs[i].parent_ext_id.empty()) return -1;
    auto it = by_id.find(cs[i].parent_ext_id);
    return it == by_id.end() ? -1 : it->second;
  };
  std::vector<char> keep(cs.size(), 0);
  for (int i = 0; i < n; ++i) {
    if (textless[i]) continue;
    keep[i] = 1;
    // Mark the ancestors; stop at the first one already kept (its ancestors are marked too, or
    // are being marked by this same walk in a cycle).
    for (int p = parent_of(i); p >= 0 && !keep[p]; p = parent_of(p)) keep[p] = 1;
  }
  int dropped = 0;
  std::vector<Comment> out;
  out.reserve(cs.size());
  for (int i = 0; i < n; ++i) {
    if (!keep[i]) {
      ++dropped;
      continue;
    }
    if (textless[i]) {
      cs[i].raw.clear();
      cs[i].flags.push_back("placeholder");
    }
    out.push_back(std::move(cs[i]));
  }
  cs = std::move(out);
  return dropped;
}

}  // namespace threadlens
