// The summary as one JSON object for scripts. Shape (keys are a contract; more may be added):
//
//   {"scope": {"thread": 3 | null}, "comments": N, "threads": N, "authors": N,
//    "shape": {..., "sql"}, "depth": {"levels": [{"depth","comments"}], "sql"},
//    "links": {"methods": [{"method","comments","high","medium","low"}], "sql"},
//    "most_answered": [{"comment_id","author","replies","text"}],
//    "topics": {"<name>": {"question","poles","counts": {"<stance>": n}, "on_topic","off_topic",
//               "voices": {"<pole>": [...]}, "quotes": {"<pole>": [{"comment_id","text",
//               "confidence","author","rule_id"}]}, "agreement": {...}, "contested",
//               "rules_sha256", "sql": {"counts","voices","quotes","agreement"}}},
//    "contested": [{"topic","confidence","parent": {...},"reply": {...}}],
//    "contested_total", "back_and_forth": [...], "methods": {..., "caveats", "sql"},
//    "sql": {"<figure key>": "<SQL>"}}
//
// Every object block carries the SQL that recomputes it in "sql"; lists and top-level numbers
// are covered by the top-level "sql" map, keyed by figure.
#pragma once

#include <string>

#include "report/summary_data.h"

namespace threadlens::report {

std::string RenderJson(const Summary& s);

}  // namespace threadlens::report
