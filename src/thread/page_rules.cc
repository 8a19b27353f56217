#include "thread/page_rules.h"

#include "rules/rule_file.h"

namespace threadlens {

int PageRule::Match(std::string_view line) const {
  for (const auto& u : unless)
    if (RE2::PartialMatch(line, *u)) return -1;
  for (size_t i = 0; i < patterns.size(); ++i)
    if (RE2::PartialMatch(line, *patterns[i])) return static_cast<int>(i);
  return -1;
}

Result<std::shared_ptr<const PageRules>> PageRules::Load(const rules::RuleSource& src) {
  auto out = std::make_shared<PageRules>();
  for (const rules::SourceFile* f : src.Under("page/")) {
    auto parsed = rules::ParseRuleFile(f->location, f->text);
    if (!parsed.ok()) return parsed.status();
    for (const rules::Section& s : parsed->sections) {
      PageRule r;
      r.kind = s.kind;
      r.name = s.name;
      r.where = s.Where();
      for (const rules::Entry& e : s.entries) {
        if (e.key == "re" || e.key == "unless") {
          RE2::Options o;
          o.set_log_errors(false);
          o.set_max_mem(8 << 20);
          auto re = std::make_unique<RE2>(e.value, o);
          if (!re->ok())
            return Status::Error(e.Where() + ": rule '" + s.name + "': bad pattern: " + re->error());
          if (e.key == "unless") {
            r.unless.push_back(std::move(re));
            continue;
          }
          if (s.kind == "strip" && re->NumberOfCapturingGroups() < 1)
            return Status::Error(e.Where() + ": rule '" + s.name +
                                 "': a strip pattern needs one capture group");
          r.patterns.push_back(std::move(re));
        } else if (e.key == "example+") {
          r.examples_pos.push_back(e.value);
        } else if (e.key == "example-") {
          r.examples_neg.push_back(e.value);
        } else if (e.key != "why") {
          return Status::Error(e.Where() + ": rule '" + s.name + "': unknown key '" + e.key + "'");
        }
      }
      if (r.patterns.empty())
        return Status::Error(s.Where() + ": rule '" + s.name + "' has no 're:' pattern");
      out->rules_.push_back(std::move(r));
    }
  }
  return std::shared_ptr<const PageRules>(std::move(out));
}

std::vector<const PageRule*> PageRules::OfKind(std::string_view kind) const {
  std::vector<const PageRule*> out;
  for (const auto& r : rules_)
    if (r.kind == kind) out.push_back(&r);
  return out;
}

bool PageRules::IsDrop(std::string_view line) const {
  for (const auto& r : rules_)
    if (r.kind == "drop" && r.Match(line) >= 0) return true;
  return false;
}

bool PageRules::IsCommentsStart(std::string_view line) const {
  for (const auto& r : rules_)
    if (r.kind == "comments-start" && r.Match(line) >= 0) return true;
  return false;
}

size_t PageRules::StripPrefix(std::string_view line) const {
  for (const auto& r : rules_) {
    if (r.kind != "strip" || r.Match(line) < 0) continue;
    for (const auto& re : r.patterns) {
      re2::StringPiece group;
      if (RE2::PartialMatch(line, *re, &group) && group.data() == line.data())
        return group.size();
    }
  }
  return 0;
}

std::vector<std::string> PageRules::TestExamples() const {
  std::vector<std::string> failures;
  for (const auto& r : rules_) {
    for (const auto& ex : r.examples_pos)
      if (r.Match(ex) < 0) failures.push_back(r.where + ": rule '" + r.name +
                                              "' should match: " + ex);
    for (const auto& ex : r.examples_neg)
      if (r.Match(ex) >= 0) failures.push_back(r.where + ": rule '" + r.name +
                                               "' should not match: " + ex);
  }
  return failures;
}

}  // namespace threadlens
