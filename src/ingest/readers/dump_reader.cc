#include "ingest/readers/dump_reader.h"

#include <unordered_set>

namespace threadlens {

bool DumpReader::BadRecord(const std::string& where, const std::string& what, Status* status) {
  std::string message = where + ": " + what;
  if (opts_.policy == BadRecordPolicy::kStrict) {
    *status = Status::Error(message + " (--strict: the source is not stored)");
    return false;
  }
  warnings_.Add(std::move(message));
  return true;
}

void FinishThread(Thread* t) {
  t->parents_explicit = true;
  auto& cs = t->comments;
  for (Comment& c : cs)
    if (!t->ext_id.empty() && c.parent_ext_id == t->ext_id) c.parent_ext_id.clear();

  // Live children per parent id; a gone comment with none is dropped, which may free its parent.
  auto gone = [](const Comment& c) {
    return c.raw.empty() && (c.HasFlag("deleted") || c.HasFlag("removed"));
  };
  std::unordered_map<std::string, int> children;
  for (const Comment& c : cs)
    if (!c.parent_ext_id.empty()) ++children[c.parent_ext_id];
  std::unordered_map<std::string, size_t> first_with_id;
  for (size_t i = 0; i < cs.size(); ++i) first_with_id.emplace(cs[i].ext_id, i);
  std::vector<char> drop(cs.size(), 0);
  std::vector<size_t> queue;
  for (size_t i = 0; i < cs.size(); ++i)
    if (gone(cs[i]) && (cs[i].ext_id.empty() || children[cs[i].ext_id] == 0)) queue.push_back(i);
  size_t dropped = 0;
  while (!queue.empty()) {
    size_t i = queue.back();
    queue.pop_back();
    if (drop[i]) continue;
    drop[i] = 1;
    ++dropped;
    const std::string& p = cs[i].parent_ext_id;
    if (p.empty()) continue;
    auto it = children.find(p);
    if (it == children.end() || --it->second > 0) continue;
    auto parent = first_with_id.find(p);
    if (parent != first_with_id.end() && gone(cs[parent->second]) &&
        !drop[parent->second])
      queue.push_back(parent->second);
  }
  if (dropped > 0) {
    size_t out = 0;
    for (size_t i = 0; i < cs.size(); ++i) {
      if (drop[i]) continue;
      if (out != i) cs[out] = std::move(cs[i]);  // self-move would empty the strings
      ++out;
    }
    cs.resize(out);
    t->notes.push_back("dropped " + std::to_string(dropped) + " deleted comment" +
                       (dropped == 1 ? "" : "s") + " without replies");
  }
  for (Comment& c : cs)
    if (gone(c) && !c.HasFlag("placeholder")) c.flags.push_back("placeholder");
}

Thread* ThreadSet::Get(const std::string& key, const std::string& platform) {
  auto [it, fresh] = index_.try_emplace(key, threads_.size());
  if (fresh) {
    threads_.emplace_back();
    threads_.back().ext_id = key;
    threads_.back().platform = platform;
  }
  return &threads_[it->second];
}

bool ThreadSet::Pop(Thread* out) {
  if (next_ >= threads_.size()) return false;
  *out = std::move(threads_[next_]);
  threads_[next_] = Thread();
  ++next_;
  return true;
}

std::string StripFullname(std::string_view id) {
  if (id.size() > 3 && id[0] == 't' && id[1] >= '1' && id[1] <= '9' && id[2] == '_')
    return std::string(id.substr(3));
  return std::string(id);
}

}  // namespace threadlens
