// Inline SVG charts for the HTML summary: a stacked bar (stance shares of one topic) and a
// column chart (the depth profile). Pure functions returning an <svg> element; all text is
// escaped, sizes are fixed by the arguments, and the output is linear in the number of bars.
// Each bar carries a <title> so a browser shows its exact value on hover.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace threadlens::report {

struct Bar {
  std::string label;    // drawn in or under the bar when it fits
  int64_t value = 0;
  std::string color;    // CSS colour, e.g. "#c2410c"
  std::string tooltip;  // full text for <title>
};

// One horizontal bar `width` px wide, split in proportion to the values (zeros are skipped).
std::string StackedBar(const std::vector<Bar>& parts, int width, const std::string& label);

// Vertical columns, one per bar, scaled to the largest value, value above, label below.
// More than `max_columns` bars: the last column sums the rest (its label says so).
std::string ColumnChart(std::vector<Bar> bars, int width, int height, const std::string& label,
                        size_t max_columns = 40);

}  // namespace threadlens::report
