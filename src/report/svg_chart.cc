#include "report/svg_chart.h"

#include <algorithm>

#include "report/markup.h"

namespace threadlens::report {
namespace {

// Rough width of one character of the 12px sans-serif labels; decides whether a label fits.
constexpr int kCharPx = 7;

std::string N(double v) { return std::to_string(static_cast<int64_t>(v + 0.5)); }

}  // namespace

std::string StackedBar(const std::vector<Bar>& parts, int width, const std::string& label) {
  int64_t total = 0;
  for (const Bar& b : parts) total += std::max<int64_t>(0, b.value);
  const int h = 28;
  std::string s = "<svg class=\"chart bar\" width=\"" +
                  std::to_string(width) + "\" height=\"" + std::to_string(h) +
                  "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(h) +
                  "\" role=\"img\" aria-label=\"" + Html(label) + "\">";
  if (total == 0) {
    s += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(h) + "\" fill=\"#eee\"/><text x=\"8\" y=\"18\" font-size=\"12\" "
         "fill=\"#555\">no comments took this up</text></svg>";
    return s;
  }
  double x = 0;
  for (const Bar& b : parts) {
    if (b.value <= 0) continue;
    double w = static_cast<double>(width) * static_cast<double>(b.value) / static_cast<double>(total);
    s += "<g><title>" + Html(b.tooltip) + "</title><rect x=\"" + N(x) + "\" y=\"0\" width=\"" +
         N(std::max(1.0, w)) + "\" height=\"" + std::to_string(h) + "\" fill=\"" + Html(b.color) +
         "\"/>";
    std::string text = b.label + " " + std::to_string(b.value);
    if (static_cast<int>(text.size()) * kCharPx + 8 > static_cast<int>(w))
      text = std::to_string(b.value);
    if (static_cast<int>(text.size()) * kCharPx + 6 <= static_cast<int>(w))
      s += "<text x=\"" + N(x + 5) + "\" y=\"18\" font-size=\"12\" fill=\"#fff\">" + Html(text) +
           "</text>";
    s += "</g>";
    x += w;
  }
  s += "</svg>";
  return s;
}

std::string ColumnChart(std::vector<Bar> bars, int width, int height, const std::string& label,
                        size_t max_columns) {
  if (max_columns >= 2 && bars.size() > max_columns) {
    Bar rest = bars[max_columns - 1];
    for (size_t i = max_columns; i < bars.size(); ++i) rest.value += bars[i].value;
    rest.label += "+";
    rest.tooltip = "levels " + bars[max_columns - 1].label + " and deeper: " +
                   std::to_string(rest.value) + " comments";
    bars.resize(max_columns - 1);
    bars.push_back(rest);
  }
  int64_t top = 1;
  for (const Bar& b : bars) top = std::max(top, b.value);
  const int pad_top = 16, pad_bottom = 18;
  const int plot = std::max(10, height - pad_top - pad_bottom);
  const double slot = bars.empty() ? width : static_cast<double>(width) / bars.size();
  const double bw = std::max(2.0, slot * 0.7);
  std::string s = "<svg class=\"chart columns\" width=\"" +
                  std::to_string(width) + "\" height=\"" + std::to_string(height) +
                  "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                  "\" role=\"img\" aria-label=\"" + Html(label) + "\">";
  s += "<line x1=\"0\" y1=\"" + std::to_string(pad_top + plot) + "\" x2=\"" +
       std::to_string(width) + "\" y2=\"" + std::to_string(pad_top + plot) +
       "\" stroke=\"#999\"/>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double bh = static_cast<double>(plot) * static_cast<double>(std::max<int64_t>(0, b.value)) /
                static_cast<double>(top);
    double x = slot * static_cast<double>(i) + (slot - bw) / 2;
    double y = pad_top + plot - bh;
    s += "<g><title>" + Html(b.tooltip) + "</title><rect x=\"" + N(x) + "\" y=\"" + N(y) +
         "\" width=\"" + N(bw) + "\" height=\"" + N(std::max(bh, b.value > 0 ? 1.0 : 0.0)) +
         "\" fill=\"" + Html(b.color) + "\"/>";
    std::string v = std::to_string(b.value);
    if (static_cast<double>(v.size() * kCharPx) <= slot + 2)
      s += "<text x=\"" + N(x + bw / 2) + "\" y=\"" + N(y - 3) +
           "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">" + v + "</text>";
    if (static_cast<double>(b.label.size() * kCharPx) <= slot + 2)
      s += "<text x=\"" + N(x + bw / 2) + "\" y=\"" + std::to_string(height - 4) +
           "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">" + Html(b.label) + "</text>";
    s += "</g>";
  }
  s += "</svg>";
  return s;
}

}  // namespace threadlens::report
