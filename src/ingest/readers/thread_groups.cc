#include "ingest/readers/thread_groups.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace threadlens {
namespace {

// Splitting a bucket more often than this means its keys collide or one thread is that big;
// either way it is read whole.
constexpr int kMaxSplitLevels = 4;
// Per-record and per-group bookkeeping beyond the bytes themselves (strings, map nodes).
constexpr size_t kGroupOverhead = 96, kRecordOverhead = 4;

uint64_t Hash(std::string_view key, int seed) {
  uint64_t h = 1469598103934665603ULL ^ (static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL);
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

std::string TempDir() {
  const char* d = std::getenv("TMPDIR");
  return d && *d ? d : "/tmp";
}

}  // namespace

size_t SpillBudget() {
  const char* env = std::getenv("THREADLENS_SPILL_BUDGET");
  if (env && *env) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(env, &end, 10);
    if (end && *end == '\0' && v > 0) return static_cast<size_t>(v);
  }
  return kDefaultSpillBudget;
}

struct ThreadGroups::Bucket {
  std::FILE* f = nullptr;
  int64_t bytes = 0;
  int level = 0;  // the hash seed that put entries here is `level`; splits use level + 1
  ~Bucket() {
    if (f) std::fclose(f);
  }

  static std::unique_ptr<Bucket> Create(int level, Status* status) {
    std::string path = TempDir() + "/threadlens-spill-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0) {
      *status = Status::Error("cannot create a spill file in " + TempDir() +
                              " (set TMPDIR): " + std::strerror(errno));
      return nullptr;
    }
    ::unlink(path.c_str());  // gone from the directory now; the open file lives until closed
    auto b = std::make_unique<Bucket>();
    b->f = ::fdopen(fd, "w+b");
    if (!b->f) {
      ::close(fd);
      *status = Status::Error("cannot open a spill file: " + std::string(std::strerror(errno)));
      return nullptr;
    }
    std::setvbuf(b->f, nullptr, _IOFBF, size_t{1} << 16);
    b->level = level;
    return b;
  }

  Status Write(std::string_view key, std::string_view data) {
    std::string head;
    PutVarint(key.size(), &head);
    head.append(key);
    PutVarint(data.size(), &head);
    if (std::fwrite(head.data(), 1, head.size(), f) != head.size() ||
        std::fwrite(data.data(), 1, data.size(), f) != data.size())
      return Status::Error("cannot write a spill file in " + TempDir() + ": " +
                           std::strerror(errno));
    bytes += static_cast<int64_t>(head.size() + data.size());
    return Status::Ok();
  }

  Status Rewind() {
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0)
      return Status::Error("cannot rewind a spill file: " + std::string(std::strerror(errno)));
    return Status::Ok();
  }

  bool ReadVarint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int c = std::getc(f);
      if (c == EOF) return false;
      *v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  }

  // Next entry; false at the end (clean) or on damage (*status set).
  bool Read(std::string* key, std::string* data, Status* status) {
    uint64_t n = 0;
    if (!ReadVarint(&n)) {
      if (!std::feof(f) || std::ferror(f)) *status = Status::Error("spill file damaged");
      return false;
    }
    key->resize(n);
    if (std::fread(key->data(), 1, n, f) != n || !ReadVarint(&n)) {
      *status = Status::Error("spill file truncated");
      return false;
    }
    data->resize(n);
    if (std::fread(data->data(), 1, n, f) != n) {
      *status = Status::Error("spill file truncated");
      return false;
    }
    return true;
  }
};

ThreadGroups::ThreadGroups(size_t budget_bytes) : budget_(std::max<size_t>(budget_bytes, 1)) {}
ThreadGroups::~ThreadGroups() = default;

Status ThreadGroups::Add(std::string_view key, std::string_view record) {
  if (finished_) return Status::Error("internal: ThreadGroups::Add after Next");
  auto [it, fresh] = index_.try_emplace(std::string(key), groups_.size());
  if (fresh) {
    groups_.push_back({std::string(key), {}});
    bytes_ += key.size() + kGroupOverhead;
  }
  std::string& data = groups_[it->second].data;
  size_t before = data.size();
  PutVarint(record.size(), &data);
  data.append(record);
  bytes_ += data.size() - before + kRecordOverhead;
  if (bytes_ > budget_) return Spill();
  return Status::Ok();
}

Status ThreadGroups::Spill() {
  if (spill_.empty()) {
    Status st;
    for (int k = 0; k < kSpillBuckets; ++k) {
      auto b = Bucket::Create(0, &st);
      if (!b) return st;
      spill_.push_back(std::move(b));
    }
  }
  for (const Group& g : groups_) {
    Bucket* b = spill_[Hash(g.key, 0) % kSpillBuckets].get();
    int64_t before = b->bytes;
    TL_RETURN_IF_ERROR(b->Write(g.key, g.data));
    spill_bytes_ += b->bytes - before;
  }
  groups_.clear();
  index_.clear();
  bytes_ = 0;
  spilled_ = true;
  return Status::Ok();
}

Status ThreadGroups::SplitOrLoad(std::unique_ptr<Bucket> b) {
  TL_RETURN_IF_ERROR(b->Rewind());
  std::string key, data;
  Status st;
  if (static_cast<size_t>(b->bytes) <= budget_ || b->level >= kMaxSplitLevels) {
    while (b->Read(&key, &data, &st)) {
      auto [it, fresh] = index_.try_emplace(key, groups_.size());
      if (fresh) groups_.push_back({key, std::move(data)});
      else groups_[it->second].data.append(data);
    }
    index_.clear();
    return st;
  }
  std::vector<std::unique_ptr<Bucket>> parts;
  for (int k = 0; k < kSpillBuckets; ++k) {
    auto p = Bucket::Create(b->level + 1, &st);
    if (!p) return st;
    parts.push_back(std::move(p));
  }
  while (b->Read(&key, &data, &st)) {
    Bucket* p = parts[Hash(key, b->level + 1) % kSpillBuckets].get();
    int64_t before = p->bytes;
    TL_RETURN_IF_ERROR(p->Write(key, data));
    spill_bytes_ += p->bytes - before;
  }
  TL_RETURN_IF_ERROR(st);
  for (auto& p : parts)
    if (p->bytes == b->bytes) p->level = kMaxSplitLevels;  // did not divide: read it whole
  for (size_t k = parts.size(); k-- > 0;)
    if (parts[k]->bytes > 0) todo_.push_front(std::move(parts[k]));
  return Status::Ok();
}

bool ThreadGroups::Next(std::string* key, std::vector<std::string>* records, Status* status) {
  if (!finished_) {
    finished_ = true;
    emit_ = 0;
    if (spilled_) {
      if (!groups_.empty()) {
        *status = Spill();
        if (!status->ok()) return false;
      }
      for (auto& b : spill_)
        if (b->bytes > 0) todo_.push_back(std::move(b));
      spill_.clear();
    }
    index_.clear();
  }
  while (emit_ >= groups_.size()) {
    groups_.clear();
    emit_ = 0;
    if (todo_.empty()) return false;
    std::unique_ptr<Bucket> b = std::move(todo_.front());
    todo_.pop_front();
    *status = SplitOrLoad(std::move(b));
    if (!status->ok()) return false;
  }
  Group& g = groups_[emit_++];
  *key = std::move(g.key);
  records->clear();
  std::string_view d = g.data;
  size_t pos = 0;
  while (pos < d.size()) {
    uint64_t n = 0;
    int shift = 0;
    while (pos < d.size()) {
      auto c = static_cast<unsigned char>(d[pos++]);
      n |= static_cast<uint64_t>(c & 0x7F) << shift;
      shift += 7;
      if (!(c & 0x80)) break;
    }
    if (n > d.size() - pos) {
      *status = Status::Error("internal: damaged record group for " + *key);
      return false;
    }
    records->emplace_back(d.substr(pos, n));
    pos += n;
  }
  std::string().swap(g.data);
  return true;
}

}  // namespace threadlens
