// Deterministic byte-level mutations of a fixture, for "never crash, never hang" tests of the
// markup readers (a poor man's fuzzer that runs under ctest on every build).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace threadlens::testing::markup {

// The seed-th mutant of `s`: 1 to 4 edits among deleting a span, duplicating a span, inserting
// a markup-significant piece (or a NUL), and cutting the tail.
inline std::string Mutate(const std::string& s, uint32_t seed) {
  uint64_t x = uint64_t{seed} * 2654435761u + 12345;
  auto next = [&](uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (x >> 33) % n : 0;
  };
  static const char* const kBits[] = {"<",
                                      ">",
                                      "&",
                                      "\"",
                                      "'",
                                      "/",
                                      "</",
                                      "<div>",
                                      "]]>",
                                      "<![CDATA[",
                                      "&#0;",
                                      "&amp",
                                      "\xff",
                                      "<!--",
                                      "-->",
                                      "<item>",
                                      "<post>",
                                      "</wp:comment>",
                                      "<tr class='athing comtr'>"};
  std::string m = s;
  int edits = 1 + static_cast<int>(next(4));
  for (int e = 0; e < edits && !m.empty(); ++e) {
    size_t at = next(m.size());
    size_t len = 1 + next(std::min<size_t>(64, m.size() - at));
    switch (next(5)) {
      case 0:
        m.erase(at, len);
        break;
      case 1:
        m.insert(at, m.substr(at, len));
        break;
      case 2:
        m.insert(at, kBits[next(sizeof kBits / sizeof kBits[0])]);
        break;
      case 3:
        m.insert(at, 1, '\0');
        break;
      default:
        m.resize(at);
        break;
    }
  }
  return m;
}

}  // namespace threadlens::testing::markup
