// Fuzz target "gold": eval's gold/1 parser (eval::ParseGold) on the bytes and, when they parse,
// the scoring itself (eval::Evaluate and both report formats) against a small stored thread, so
// hostile line ranges, parents and topics reach the arithmetic too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "ingest/input.h"
#include "ingest/text_reader.h"
#include "store/store.h"
#include "thread/eval.h"

namespace {

// A page in the shape eval is meant for; its gold file is fixtures/fuzz/gold/seed-*.json.
constexpr std::string_view kPage =
    "Should the town keep its Saturday market?\n"
    "maple_jo\n"
    "2 hours ago\n"
    "Yes. It is the only day the high street is busy.\n"
    "Reply\n"
    "ferris\n"
    "1 hour ago\n"
    "@maple_jo busy, but the traders say the fees are too high to break even.\n"
    "Reply\n"
    "tilly_k\n"
    "40 minutes ago\n"
    "Move it to Sunday and the cafes would love it.\n"
    "Reply\n";

threadlens::store::Store* StoreWithPage() {
  using namespace threadlens;
  auto* store = new store::Store();
  fuzz::Require(store::Store::Open(":memory:", store::Db::kReadWrite, store).ok(), "store");
  auto in = Input::FromString("page.txt", std::string(kPage));
  TextReader reader(in.get());
  Thread thread;
  Status status;
  fuzz::Require(reader.Next(&thread, &status) && fuzz::RunStagesAndCheck(&thread), "page read");
  store::SourceWriter writer(store, {"page.txt", "text", "none", 0}, {});
  thread.stances.clear();  // no topics stored here; eval reads stances through a join anyway
  fuzz::Require(writer.Begin().ok() && writer.WriteThread(thread).ok() &&
                    writer.Commit("page", 0, {}, 0).ok(),
                "page stored");
  return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threadlens;
  static store::Store* store = StoreWithPage();
  auto gold = eval::ParseGold("fuzz.gold.json",
                              std::string_view(reinterpret_cast<const char*>(data), size));
  if (!gold.ok()) {
    fuzz::Require(!gold.status().message().empty(), "a gold error carries a message");
    return 0;
  }
  for (int64_t thread_id : {int64_t{0}, int64_t{1}}) {
    auto figures = eval::Evaluate(&store->db(), thread_id, *gold);
    if (!figures.ok()) continue;
    (void)eval::FormatText(*figures);
    (void)eval::FormatJson(*figures);
  }
  return 0;
}
