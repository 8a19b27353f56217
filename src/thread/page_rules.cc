#include "thread/page_rules.h"

#include <cstdlib>

#include "rules/rule_file.h"

namespace threadlens {
namespace {

constexpr const char* kKnownKinds[] = {
    kind::kDrop,     kind::kStrip,  kind::kCommentsStart, kind::kHeader,  kind::kTime,
    kind::kMeta,     kind::kReplyTo, kind::kContinue,     kind::kContinueOwn, kind::kClosing,
    kind::kOpener,   kind::kAddress, kind::kFresh,        kind::kQuoteLine};

bool KnownKind(const std::string& k) {
  for (const char* known : kKnownKinds)
    if (k == known) return true;
  return false;
}

std::string KnownKindsList() {
  std::string out;
  for (const char* known : kKnownKinds) out += std::string(out.empty() ? "" : ", ") + known;
  return out;
}

}  // namespace

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
      if (!KnownKind(s.kind))
        return Status::Error(s.Where() + ": unknown page rule kind '" + s.kind +
                             "' (known: " + KnownKindsList() + ")");
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
          if ((s.kind == kind::kStrip || s.kind == kind::kQuoteLine) &&
              re->NumberOfCapturingGroups() < 1)
            return Status::Error(e.Where() + ": rule '" + s.name + "': a " + s.kind +
                                 " pattern needs one capture group");
          r.patterns.push_back(std::move(re));
        } else if (e.key == "weight") {
          char* end = nullptr;
          r.weight = std::strtod(e.value.c_str(), &end);
          if (e.value.empty() || end != e.value.c_str() + e.value.size() || r.weight < 0 ||
              r.weight > 100)
            return Status::Error(e.Where() + ": rule '" + s.name +
                                 "': weight must be a number in 0..100, got '" + e.value + "'");
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
  // rules_ no longer changes: pointers into it stay valid.
  for (const auto& r : out->rules_) out->by_kind_[r.kind].push_back(&r);
  return std::shared_ptr<const PageRules>(std::move(out));
}

const std::vector<const PageRule*>& PageRules::OfKind(std::string_view k) const {
  static const std::vector<const PageRule*> kNone;
  auto it = by_kind_.find(k);
  return it == by_kind_.end() ? kNone : it->second;
}

bool PageRules::Find(std::string_view k, std::string_view line, PageMatch* m) const {
  for (const PageRule* r : OfKind(k)) {
    int i = r->Match(line);
    if (i < 0) continue;
    if (m == nullptr) return true;
    m->rule = r;
    m->groups.clear();
    const RE2& re = *r->patterns[static_cast<size_t>(i)];
    const int n = re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> pieces(static_cast<size_t>(n) + 1);
    if (n > 0 && re.Match(line, 0, line.size(), RE2::UNANCHORED, pieces.data(),
                          static_cast<int>(pieces.size()))) {
      for (const auto& [name, index] : re.NamedCapturingGroups()) {
        const re2::StringPiece& p = pieces[static_cast<size_t>(index)];
        if (p.data() != nullptr && !p.empty()) m->groups.emplace_back(name, std::string(p));
      }
      if (!pieces[1].empty() && re.NamedCapturingGroups().empty())
        m->groups.emplace_back("1", std::string(pieces[1]));
    }
    return true;
  }
  return false;
}

double PageRules::Weigh(std::string_view k, std::string_view line) const {
  double w = 0;
  for (const PageRule* r : OfKind(k))
    if (r->Match(line) >= 0) w += r->weight;
  return w;
}

size_t PageRules::StripPrefix(std::string_view line) const {
  for (const PageRule* r : OfKind(kind::kStrip)) {
    if (r->Match(line) < 0) continue;
    for (const auto& re : r->patterns) {
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
