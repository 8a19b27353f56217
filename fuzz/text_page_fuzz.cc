// Fuzz target "text": a plain-text page dump, as `threadlens ingest --format text` reads it —
// TextReader splits the bytes into lines, then repair, segmentation, reply-tree inference and
// stance run on the one thread, and the result is written to a scratch store.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "ingest/input.h"
#include "ingest/text_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threadlens;
  auto in = Input::FromString("fuzz.txt", std::string(reinterpret_cast<const char*>(data), size));
  TextReader reader(in.get());
  Thread thread;
  Status status;
  while (reader.Next(&thread, &status)) {
    if (fuzz::RunStagesAndCheck(&thread)) fuzz::StoreAndDiscard(thread);
  }
  fuzz::Require(status.ok() || !status.message().empty(), "an error carries a message");
  return 0;
}
