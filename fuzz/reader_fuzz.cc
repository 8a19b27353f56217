// Fuzz targets for the structured readers: one binary per format (reddit, pushshift, hn, ytapi,
// youtube, csv, disqus, wxr, html), each this file compiled with TL_FUZZ_FORMAT set to the
// format's --format name (fuzz/CMakeLists.txt). The bytes are read as `threadlens ingest
// --format NAME` would read them (Input::FromString, so gzip/zstd magic is honoured too), every
// thread goes through the ingest stages and into a scratch store, and the reader must end with
// either ok or an error message — never a crash, a hang or a broken thread.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "ingest/formats.h"
#include "ingest/input.h"

#ifndef TL_FUZZ_FORMAT
#error "compile with -DTL_FUZZ_FORMAT=\"name\" (see fuzz/CMakeLists.txt)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threadlens;
  static const Format* format = FindFormat(TL_FUZZ_FORMAT);
  fuzz::Require(format != nullptr, "the fuzzed format is registered in formats.cc");
  auto in = Input::FromString(std::string("fuzz.") + TL_FUZZ_FORMAT,
                              std::string(reinterpret_cast<const char*>(data), size));
  // Sniffing runs on every input ingest sees (auto-detection tries all formats in turn).
  Status peek;
  std::string head(in->Peek(kSniffBytes, &peek));
  (void)format->sniff(in->name(), head);
  ReaderOptions options;  // lenient: bad records become warnings, which must name a place
  auto reader = format->make(in.get(), options);
  Thread thread;
  Status status;
  while (reader->Next(&thread, &status)) {
    if (fuzz::RunStagesAndCheck(&thread)) fuzz::StoreAndDiscard(thread);
  }
  fuzz::Require(status.ok() || !status.message().empty(), "an error carries a message");
  for (const auto& w : reader->warnings()) fuzz::Require(!w.empty(), "warnings say something");
  return 0;
}
