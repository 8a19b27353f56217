// threadlens classify: the stance of one text, or of a stream of JSON lines, with no database.
#include <simdjson.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/json.h"
#include "rules/rule_source.h"
#include "stance/classify.h"
#include "stance/ruleset.h"
#include "text/repair.h"

namespace threadlens::cli {
namespace {

using stance::ClassifyContext;
using stance::RuleSet;

// Output rounds to three decimals: more digits only suggest precision the rules do not have.
double Round3(double v) { return std::round(v * 1000) / 1000; }

std::string Repaired(std::string_view raw) {
  RepairCounts counts;
  return RepairText(raw, &counts);
}

void AppendStances(const RuleSet& rs, const std::vector<StanceResult>& results, std::string* out) {
  out->append("{");
  bool first = true;
  for (const StanceResult& r : results) {
    if (!first) out->push_back(',');
    first = false;
    json::AppendString(out, rs.topics()[r.topic].name);
    out->append(":{\"stance\":");
    json::AppendString(out, r.stance);
    out->append(",\"score\":");
    out->append(json::Number(Round3(r.score)));
    out->append(",\"confidence\":");
    out->append(json::Number(Round3(r.confidence)));
    out->push_back('}');
  }
  out->push_back('}');
}

std::string SpanText(int a, int b) {
  return "[" + std::to_string(a) + "," + std::to_string(b) + ")";
}

// Human-readable result; with `explain` every sentence, quote, marker and cue that counted.
void PrintText(const RuleSet& rs, const std::string& text, const std::vector<StanceResult>& res,
               const stance::Trace* trace) {
  if (trace) {
    std::printf("sentences: %zu\n", trace->sentences.size());
    for (const auto& s : trace->sentences)
      std::printf("  %-12s %s\n", SpanText(s.start, s.end).c_str(),
                  text.substr(s.start, s.end - s.start).c_str());
    for (const auto& q : trace->quoted)
      std::printf("quoted %s \"%s\"\n", SpanText(q.start, q.end).c_str(),
                  text.substr(q.start, q.end - q.start).c_str());
    for (const auto& m : trace->markers)
      std::printf("marker %-28s %-12s \"%s\"\n", m.rule_id.c_str(),
                  SpanText(m.start, m.end).c_str(), text.substr(m.start, m.end - m.start).c_str());
    for (const auto& a : trace->anchors)
      std::printf("anchor %-28s %-12s \"%s\"\n", a.rule_id.c_str(),
                  SpanText(a.start, a.end).c_str(), text.substr(a.start, a.end - a.start).c_str());
    std::printf("\n");
  }
  for (size_t t = 0; t < rs.topics().size(); ++t) {
    const StanceResult* r = nullptr;
    size_t ri = 0;
    for (size_t i = 0; i < res.size(); ++i)
      if (res[i].topic == static_cast<int>(t)) r = &res[i], ri = i;
    const auto& topic = rs.topics()[t];
    if (!r) {
      std::printf("%-10s %-14s (off topic)\n", topic.name.c_str(), "-");
      continue;
    }
    std::printf("%-10s %-14s score %+.2f  confidence %.2f\n", topic.name.c_str(),
                r->stance.c_str(), r->score, r->confidence);
    if (!trace) continue;
    for (size_t j = 0; j < r->evidence.size(); ++j) {
      const Evidence& e = r->evidence[j];
      std::printf("  %+6.2f %-32s %-12s \"%s\"%s%s\n", e.weight, e.rule_id.c_str(),
                  SpanText(e.start, e.end).c_str(), e.snippet.c_str(),
                  e.flags.empty() ? "" : "  flags: ", e.flags.c_str());
      if (ri < trace->why.size() && j < trace->why[ri].size())
        std::printf("         %s\n", trace->why[ri][j].c_str());
    }
  }
}

std::string ReadAll(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One input line of --jsonl: its id as raw JSON, its text, and optional parent text and
// thread (title or article).
struct JsonlItem {
  std::string id_json;
  std::string text, parent_text, thread;
  bool has_parent = false, has_thread = false;
};

// Parses `line` (padded in *pad); returns an error message or "".
std::string ParseLine(simdjson::ondemand::parser* parser, const std::string& line,
                      std::string* pad, JsonlItem* item) {
  using namespace simdjson;
  pad->assign(line);
  pad->append(SIMDJSON_PADDING, '\0');
  ondemand::document doc;
  if (auto err = parser->iterate(pad->data(), line.size(), pad->size()).get(doc))
    return error_message(err);
  ondemand::object obj;
  if (auto err = doc.get_object().get(obj))
    return std::string("not a JSON object: ") + error_message(err);
  bool has_id = false, has_text = false;
  for (auto field : obj) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return error_message(err);
    ondemand::value v;
    if (auto err = field.value().get(v)) return error_message(err);
    if (key == "id") {
      ondemand::json_type type;
      if (auto err = v.type().get(type)) return error_message(err);
      if (type != ondemand::json_type::string && type != ondemand::json_type::number)
        return "\"id\" must be a string or a number";
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                              raw.back() == '\n'))
        raw.remove_suffix(1);
      if (type == ondemand::json_type::string) {  // validate the string (escapes, UTF-8)
        std::string_view s;
        if (auto err = v.get_string().get(s)) return std::string("\"id\": ") + error_message(err);
      }
      item->id_json.assign(raw);
      has_id = true;
    } else if (key == "text" || key == "parent_text" || key == "thread") {
      bool optional = key != "text";
      ondemand::json_type type;
      if (auto err = v.type().get(type)) return error_message(err);
      if (optional && type == ondemand::json_type::null) continue;
      std::string_view s;
      if (v.get_string().get(s)) return "\"" + std::string(key) + "\" must be a string";
      if (key == "parent_text") {
        item->parent_text.assign(s);
        item->has_parent = true;
      } else if (key == "thread") {
        item->thread.assign(s);
        item->has_thread = true;
      } else {
        item->text.assign(s);
        has_text = true;
      }
    }
  }
  const char* rest = nullptr;  // current_location() fails with OUT_OF_BOUNDS once all is read
  if (doc.current_location().get(rest) == SUCCESS) return "trailing content after the JSON object";
  if (!has_id) return "missing \"id\"";
  if (!has_text) return "missing \"text\"";
  return "";
}

// The topics' context a thread establishes (its title or article); empty: none.
std::vector<char> ThreadContext(const RuleSet& rs, const std::string& thread) {
  return thread.empty() ? std::vector<char>() : stance::ContextOf(rs, Repaired(thread));
}

// `into` |= `more`, by topic.
void AddContext(const std::vector<char>& more, std::vector<char>* into) {
  if (into->size() < more.size()) into->resize(more.size(), 0);
  for (size_t t = 0; t < more.size(); ++t) (*into)[t] |= more[t];
}

int RunJsonl(const RuleSet& rs, const std::string& thread) {
  const std::vector<char> batch_context = ThreadContext(rs, thread);
  std::ios::sync_with_stdio(false);
  simdjson::ondemand::parser parser;
  std::string line, pad, out;
  long line_no = 0, bad = 0;
  JsonlItem item;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    item = JsonlItem();
    std::string error = ParseLine(&parser, line, &pad, &item);
    if (!error.empty()) {
      std::fflush(stdout);
      std::cerr << "stdin:" << line_no << ": " << error << " (line skipped)\n";
      ++bad;
      continue;
    }
    std::vector<StanceResult> parent;
    const std::vector<char> thread_context =
        item.has_thread ? ThreadContext(rs, item.thread) : batch_context;
    ClassifyContext ctx;
    if (item.has_parent) {
      ClassifyContext pctx;
      pctx.context = thread_context;
      pctx.context_out = &ctx.context;  // a reply is in the context its parent establishes
      parent = stance::Classify(rs, Repaired(item.parent_text), pctx);
      ctx.parent = &parent;
    }
    AddContext(thread_context, &ctx.context);
    std::vector<StanceResult> res = stance::Classify(rs, Repaired(item.text), ctx);
    out.append("{\"id\":");
    out.append(item.id_json);
    out.append(",\"stances\":");
    AppendStances(rs, res, &out);
    out.append("}\n");
    // Flush when the next read might block, so this works as a streaming filter.
    if (out.size() > (1 << 16) || std::cin.rdbuf()->in_avail() <= 0) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      std::fflush(stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (bad > 0) {
    std::cerr << "error: " << bad << " of " << line_no << " lines were bad and skipped\n";
    return 1;
  }
  return 0;
}

}  // namespace

int RunClassifyCommand(const ClassifyOptions& o) {
  auto src = rules::LoadRuleSource(o.rules_dir);
  if (!src.ok()) {
    std::cerr << "error: " << src.status().message() << "\n";
    return 1;
  }
  auto rs = RuleSet::Load(*src);
  if (!rs.ok()) {
    std::cerr << "error: " << rs.status().message() << "\n";
    return 1;
  }
  if (o.jsonl) {
    if (!o.text.empty() && o.text != "-") {
      std::cerr << "error: --jsonl reads stdin; do not give TEXT\n";
      return 2;
    }
    return RunJsonl(**rs, o.thread);
  }
  std::string text;
  if (o.text == "-" || (o.text.empty() && !::isatty(0))) {
    text = ReadAll(std::cin);
  } else if (o.text.empty()) {
    std::cerr << "error: give TEXT, or '-' to read it from stdin\n";
    return 2;
  } else {
    text = o.text;
  }
  text = Repaired(text);
  stance::Trace trace;
  ClassifyContext ctx;
  ctx.context = ThreadContext(**rs, o.thread);
  auto res = stance::Classify(**rs, text, ctx, o.explain ? &trace : nullptr);
  PrintText(**rs, text, res, o.explain ? &trace : nullptr);
  return 0;
}

}  // namespace threadlens::cli
