// EstimateHtmlCost: a linear scan of an HTML page's tags that predicts what parsing it with an
// HTML5 tree builder (gumbo) will cost, so that hostile or broken pages are refused before the
// parser spends minutes on them (see html_dom.h for the limits).
//
//   HtmlCost c = EstimateHtmlCost(bytes, kHtmlMaxElements, kHtmlMaxParseWork);
//   if (c.over_budget) refuse(c.stop_line);
//
// The model: the parser keeps a stack of open elements and, for most start and end tags, scans
// it from the top (for a <p> in button scope, for the element an end tag closes). So the work is
// about the sum over tags of the stack depth. The scan keeps such a stack of tag names: void
// elements and raw-text contents (script, style, textarea, ...) are skipped, elements whose end
// is implied by a sibling (p, li, td, option, ...) are not pushed, an end tag pops to its match
// (or, without one, is ignored as the parser ignores it). This over-estimates real pages a
// little and under-estimates none we know of by more than a small factor.
// Linear in the input plus the work counted; it stops as soon as a cap is passed. Pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace threadlens {

struct HtmlCost {
  uint64_t elements = 0;   // start tags seen
  uint64_t work = 0;       // estimated stack steps
  uint64_t max_depth = 0;  // deepest estimated stack
  int stop_line = 0;       // line where a cap was passed (1-based)
  bool over_budget = false;
};

HtmlCost EstimateHtmlCost(std::string_view html, uint64_t max_elements, uint64_t max_work);

}  // namespace threadlens
