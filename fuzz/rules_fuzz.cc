// Fuzz target "rules": a rule directory made from the bytes, loaded the way ingest and
// `threadlens rules check|test` load one — ParseRuleFile on every file, PageRules::Load and
// stance RuleSet::Load on the whole source — then, when it loads, every rule's own examples run
// through the classifier and the page matcher (hostile patterns on hostile text; RE2 keeps both
// linear).
//
// Input layout: the bytes are one or more files. A line "#==> PATH" starts the file PATH
// (relative to the rules root, e.g. "page/x.rules"); text before the first such line is
// "topics/fuzz.rules". To a rule parser "#==> ..." is an ordinary comment, so a seed made by
// concatenating real rule files with these lines is also a valid single file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "fuzz_support.h"
#include "rules/rule_file.h"
#include "rules/rule_source.h"
#include "stance/ruleset.h"
#include "thread/page_rules.h"

namespace {

constexpr std::string_view kMarker = "#==> ";

threadlens::rules::RuleSource SourceFromBytes(std::string_view bytes) {
  threadlens::rules::RuleSource src;
  src.origin = "fuzz";
  std::string path = "topics/fuzz.rules", text;
  bool named = false;  // the current file was opened by a marker line
  auto flush = [&] {
    if (!named && text.empty()) return;  // nothing before the first marker: no implicit file
    for (auto& f : src.files)
      if (f.path == path) {  // a repeated PATH continues that file
        f.text += text;
        text.clear();
        return;
      }
    src.files.push_back({path, "<fuzz>/" + path, text});
    text.clear();
  };
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl + 1;
    std::string_view line = bytes.substr(pos, end - pos);
    if (line.substr(0, kMarker.size()) == kMarker) {
      flush();
      named = true;
      path = std::string(line.substr(kMarker.size()));
      while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    } else {
      text.append(line);
    }
    pos = end;
  }
  flush();
  std::sort(src.files.begin(), src.files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  src.sha256 = threadlens::Sha256::Hex(bytes);
  return src;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threadlens;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  rules::RuleSource src = SourceFromBytes(bytes);
  for (const auto& f : src.files) {
    auto parsed = rules::ParseRuleFile(f.location, f.text);
    if (!parsed.ok())
      fuzz::Require(!parsed.status().message().empty(), "a parse error carries a message");
  }
  if (auto page = PageRules::Load(src); page.ok()) {
    (void)(*page)->TestExamples();
  } else {
    fuzz::Require(!page.status().message().empty(), "a page-rules error carries a message");
  }
  if (auto topics = stance::RuleSet::Load(src); topics.ok()) {
    (void)(*topics)->TestExamples();
    (void)(*topics)->MissingExamples();
  } else {
    fuzz::Require(!topics.status().message().empty(), "a rule-set error carries a message");
  }
  return 0;
}
