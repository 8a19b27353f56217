#include "ingest/progress.h"

#include <cstdio>

namespace threadlens {
namespace {

constexpr int kRepaintMs = 100;  // ten repaints a second reads as smooth and costs nothing

std::string Bytes(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof(buf), "%.2f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof(buf), "%.1f MB", b / 1e6);
  else std::snprintf(buf, sizeof(buf), "%.0f kB", b / 1e3);
  return buf;
}

std::string Thousands(int64_t v) {
  std::string s = std::to_string(v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

}  // namespace

void Progress::Begin(int index, int count, const std::string& name, int64_t total_bytes) {
  if (!enabled_) return;
  index_ = index;
  count_ = count;
  name_ = name.size() > 40 ? "…" + name.substr(name.size() - 39) : name;
  total_ = total_bytes;
  start_ = last_ = std::chrono::steady_clock::now();
}

void Progress::Update(int64_t bytes, int64_t comments) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(kRepaintMs)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string line = "[" + std::to_string(index_) + "/" + std::to_string(count_) + "] " + name_;
  if (total_ > 0) {
    int pct = static_cast<int>(100.0 * static_cast<double>(bytes) / static_cast<double>(total_));
    line += "  " + std::to_string(pct > 100 ? 100 : pct) + "%  " +
            Bytes(static_cast<double>(bytes)) + " of " + Bytes(static_cast<double>(total_));
  } else {
    line += "  " + Bytes(static_cast<double>(bytes));
  }
  line += "  " + Thousands(comments) + " comments";
  if (secs > 0.5) {
    line += "  " + Thousands(static_cast<int64_t>(static_cast<double>(comments) / secs)) + "/s";
    if (total_ > 0 && bytes > 0 && bytes < total_) {
      int eta = static_cast<int>(secs * static_cast<double>(total_ - bytes) /
                                 static_cast<double>(bytes));
      char buf[32];
      std::snprintf(buf, sizeof(buf), "  ETA %d:%02d", eta / 60, eta % 60);
      line += buf;
    }
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::Finish() {
  if (!enabled_ || !shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace threadlens
