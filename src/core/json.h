// JSON text output helpers (input parsing uses simdjson). Valid UTF-8 in, valid JSON out:
// control characters are \u-escaped, everything else is copied.
#pragma once

#include <string>
#include <string_view>

namespace threadlens::json {

// Appends `s` as a JSON string literal, quotes included.
void AppendString(std::string* out, std::string_view s);
inline std::string Quote(std::string_view s) {
  std::string out;
  AppendString(&out, s);
  return out;
}
// A number as JSON (finite doubles; NaN/inf become null).
std::string Number(double v);

}  // namespace threadlens::json
