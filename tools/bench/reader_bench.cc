// Reader throughput: one dump through one format's Reader, nothing else (no stages, no store).
//
//   threadlens_reader_bench pushshift /tmp/rc.ndjson [repeats]
//
// Prints, for the best of `repeats` runs (default 3): the time to read the input alone through
// Input (decompression and the SHA-256 every source gets), the time of the reader over the same
// input, and the reader's own share (the difference) as comments/s and MB/s of decompressed
// input. CPU time of this process, so a busy machine disturbs it less than wall time would.
// Not a test; not installed.
#include <ctime>
#include <iostream>
#include <string>

#include "ingest/formats.h"
#include "ingest/input.h"

using namespace threadlens;

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: threadlens_reader_bench FORMAT DUMP [repeats]\n";
    return 2;
  }
  const std::string format = argv[1], path = argv[2];
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const Format* f = FindFormat(format);
  if (!f) {
    std::cerr << "unknown format " << format << "\n";
    return 2;
  }
  double best_input = 1e99, best_reader = 1e99;
  int64_t bytes = 0, comments = 0, threads = 0, warnings = 0;
  for (int r = 0; r < repeats; ++r) {
    {  // Input alone: decompress, hash, hand out bytes.
      auto in = Input::Open(path);
      if (!in.ok()) {
        std::cerr << in.status().message() << "\n";
        return 1;
      }
      Status st;
      static char buf[1 << 16];
      double t0 = CpuSeconds();
      int64_t n = 0;
      while (size_t got = (*in)->Read(buf, sizeof(buf), &st)) n += static_cast<int64_t>(got);
      best_input = std::min(best_input, CpuSeconds() - t0);
      bytes = n;
    }
    auto in = Input::Open(path);
    if (!in.ok()) return 1;
    double t0 = CpuSeconds();
    auto reader = f->make(in->get(), ReaderOptions{});
    Thread t;
    Status st;
    comments = threads = 0;
    while (reader->Next(&t, &st)) {
      ++threads;
      comments += static_cast<int64_t>(t.comments.size());
    }
    best_reader = std::min(best_reader, CpuSeconds() - t0);
    if (!st.ok()) {
      std::cerr << st.message() << "\n";
      return 1;
    }
    warnings = static_cast<int64_t>(reader->warnings().size());
  }
  const double own = std::max(best_reader - best_input, 1e-9);
  const double mb = static_cast<double>(bytes) / 1e6;
  std::cout << format << " " << path << ": " << threads << " threads, " << comments
            << " comments, " << mb << " MB decompressed, " << warnings << " warnings\n"
            << "  input alone (decompress + sha256): " << best_input << " s CPU\n"
            << "  reader incl. input: " << best_reader << " s CPU = "
            << static_cast<double>(comments) / best_reader << " comments/s, "
            << mb / best_reader << " MB/s\n"
            << "  reader's own share: " << own << " s CPU = "
            << static_cast<double>(comments) / own << " comments/s, " << mb / own << " MB/s\n";
  return 0;
}
