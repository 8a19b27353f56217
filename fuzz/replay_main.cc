// threadlens_fuzz_replay: runs kept fuzz inputs through the fuzz targets without libFuzzer, so
// the normal build (any compiler) replays fixtures/fuzz/ under ctest (label fuzz-replay).
//
//   threadlens_fuzz_replay TARGET PATH...   PATH: a file, or a folder whose files all run
//
// Each target's entry point is its LLVMFuzzerTestOneInput compiled under another name
// (tl_fuzz_<target>, see fuzz/CMakeLists.txt). A finding shows as a crash, a sanitizer report or
// an abort from fuzz_support.h; ctest's timeout catches a hang. Prints one line per input so a
// failure names the file.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define TL_FUZZ_TARGET(name) extern "C" int tl_fuzz_##name(const uint8_t* data, size_t size);
#include "fuzz_targets.inc"
#undef TL_FUZZ_TARGET

namespace {

struct Target {
  const char* name;
  int (*run)(const uint8_t*, size_t);
};

const Target kTargets[] = {
#define TL_FUZZ_TARGET(name) {#name, tl_fuzz_##name},
#include "fuzz_targets.inc"
#undef TL_FUZZ_TARGET
};

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TARGET PATH...\ntargets:", argv[0]);
    for (const auto& t : kTargets) std::fprintf(stderr, " %s", t.name);
    std::fprintf(stderr, "\n");
    return 2;
  }
  const Target* target = nullptr;
  for (const auto& t : kTargets)
    if (std::strcmp(t.name, argv[1]) == 0) target = &t;
  if (!target) {
    std::fprintf(stderr, "unknown fuzz target '%s'\n", argv[1]);
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& e : fs::directory_iterator(argv[i]))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.emplace_back(argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "%s: no inputs to replay\n", argv[1]);
    return 1;
  }
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", f.c_str());
      return 1;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto start = std::chrono::steady_clock::now();
    std::fprintf(stderr, "%s: %s (%zu bytes)", argv[1], f.filename().c_str(), bytes.size());
    std::fflush(stderr);
    // A copy in a buffer of exactly its size, so ASan sees reads past the end as libFuzzer does.
    std::vector<uint8_t> exact(bytes.begin(), bytes.end());
    static const uint8_t kNothing = 0;  // libFuzzer never passes null, even for no bytes
    target->run(exact.empty() ? &kNothing : exact.data(), exact.size());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, " ok, %lld ms\n", static_cast<long long>(ms));
  }
  std::printf("%s: %zu inputs replayed\n", argv[1], files.size());
  return 0;
}
