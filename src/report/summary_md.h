// The summary as Markdown for a terminal: a briefing of a page or two (prose and short lists,
// not tables), every figure tagged [qN], and a closing "Queries" section with the numbered
// SQL that recomputes each figure. Lines are at most `width` columns (text that cannot be
// broken, such as a long URL, excepted).
#pragma once

#include <string>

#include "report/summary_data.h"

namespace threadlens::report {

std::string RenderMarkdown(const Summary& s, size_t width = 100);

}  // namespace threadlens::report
