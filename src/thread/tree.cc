#include "thread/tree.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "thread/infer.h"

namespace threadlens {
namespace {

// Sortable encoding of a non-negative ordinal: its digit count, then the digits ("15", "212").
void AppendOrdinal(std::string* out, size_t v) {
  std::string digits = std::to_string(v);
  out->push_back(static_cast<char>('0' + digits.size()));
  out->append(digits);
}

}  // namespace

void ResolveExplicitParents(Thread* t) {
  auto& cs = t->comments;
  const int n = static_cast<int>(cs.size());
  std::unordered_map<std::string, int> by_id;
  by_id.reserve(cs.size());
  for (int i = 0; i < n; ++i) {
    if (cs[i].ext_id.empty()) continue;
    auto [it, fresh] = by_id.emplace(cs[i].ext_id, i);
    if (!fresh) {
      cs[i].flags.push_back("duplicate");
      t->notes.push_back("duplicate id " + cs[i].ext_id + " at position " + std::to_string(i) +
                         " (links go to position " + std::to_string(it->second) + ")");
    }
  }
  for (int i = 0; i < n; ++i) {
    Comment& c = cs[i];
    c.parent = -1;
    c.parent_confidence = 1.0;
    if (c.parent_ext_id.empty()) {
      c.parent_method = method::kNone;
      continue;
    }
    auto it = by_id.find(c.parent_ext_id);
    if (it == by_id.end() || it->second == i) {
      bool self = it != by_id.end();
      c.parent_method = method::kRepaired;
      c.parent_confidence = 0.5;
      c.flags.push_back(self ? "self-parent" : "orphan");
      t->notes.push_back((self ? "self-parent " : "missing parent " + c.parent_ext_id + " of ") +
                         (c.ext_id.empty() ? "position " + std::to_string(i) : c.ext_id) +
                         ": made top level");
      continue;
    }
    c.parent = it->second;
    c.parent_method = method::kExplicit;
  }
  // Break cycles: walk up from each unvisited comment; state 1 = on the current walk.
  std::vector<char> state(cs.size(), 0);
  std::vector<int> walk;
  for (int i = 0; i < n; ++i) {
    if (state[i]) continue;
    walk.clear();
    int v = i;
    while (v >= 0 && state[v] == 0) {
      state[v] = 1;
      walk.push_back(v);
      v = cs[v].parent;
    }
    if (v >= 0 && state[v] == 1) {
      // v is on the walk: the cycle is walk[pos(v)..]. Break it at its earliest comment.
      int first = v;
      for (size_t k = walk.size(); k-- > 0;) {
        if (walk[k] < first) first = walk[k];
        if (walk[k] == v) break;
      }
      Comment& c = cs[first];
      c.parent = -1;
      c.parent_method = method::kRepaired;
      c.parent_confidence = 0.5;
      c.flags.push_back("cycle");
      t->notes.push_back("reply cycle broken at " +
                         (c.ext_id.empty() ? "position " + std::to_string(first) : c.ext_id));
    }
    for (int w : walk) state[w] = 2;
  }
}

void ComputeDepthAndPath(Thread* t) {
  auto& cs = t->comments;
  const size_t n = cs.size();
  // Children in document order (CSR layout: one allocation, no per-node vectors).
  std::vector<int> child_count(n + 1, 0), start(n + 2, 0), kids(n);
  for (const Comment& c : cs) ++child_count[static_cast<size_t>(c.parent + 1)];
  for (size_t i = 0; i <= n; ++i) start[i + 1] = start[i] + child_count[i];
  std::vector<int> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < n; ++i) kids[static_cast<size_t>(fill[static_cast<size_t>(cs[i].parent + 1)]++)] = static_cast<int>(i);

  // Iterative depth-first walk from the thread (slot 0).
  struct Frame {
    int node;   // -1 = the thread
    int next;   // index into kids of the next child to visit
  };
  std::vector<Frame> stack;
  stack.push_back({-1, start[0]});
  size_t rank = 0;
  while (!stack.empty()) {
    Frame& f = stack.back();
    size_t slot = static_cast<size_t>(f.node + 1);
    if (f.next >= start[slot + 1]) {
      stack.pop_back();
      continue;
    }
    int child = kids[static_cast<size_t>(f.next)];
    int ordinal = f.next - start[slot];
    ++f.next;
    Comment& c = cs[static_cast<size_t>(child)];
    const Comment* parent = f.node >= 0 ? &cs[static_cast<size_t>(f.node)] : nullptr;
    c.depth = parent ? parent->depth + 1 : 0;
    if (c.depth < kMaxPathDepth) {
      c.path = parent ? parent->path + "." : std::string();
      AppendOrdinal(&c.path, static_cast<size_t>(ordinal));
    } else if (c.depth == kMaxPathDepth) {
      c.path = parent->path + ".~";
      AppendOrdinal(&c.path, rank);
    } else {
      // Deeper still: the depth-first rank alone keeps tree order under the depth-64 ancestor.
      size_t cut = parent->path.rfind(".~");
      c.path = parent->path.substr(0, cut) + ".~";
      AppendOrdinal(&c.path, rank);
    }
    ++rank;
    stack.push_back({child, start[static_cast<size_t>(child) + 1]});
  }
}

Status TreeStage::Process(Thread* t) const {
  if (t->parents_explicit)
    ResolveExplicitParents(t);
  else if (rules_)
    InferParents(t, *rules_);
  else
    InferParents(t);
  ComputeDepthAndPath(t);
  return Status::Ok();
}

}  // namespace threadlens
