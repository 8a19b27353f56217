#include "rules/rule_file.h"

namespace threadlens::rules {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+' || c == '.';
}

}  // namespace

std::string Section::Get(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return e.value;
  return "";
}

std::vector<const Entry*> Section::All(std::string_view key) const {
  std::vector<const Entry*> out;
  for (const auto& e : entries)
    if (e.key == key) out.push_back(&e);
  return out;
}

std::string RuleFile::Header(std::string_view key) const {
  for (const auto& e : header)
    if (e.key == key) return e.value;
  return "";
}

Result<RuleFile> ParseRuleFile(const std::string& path, std::string_view text) {
  RuleFile file;
  file.path = path;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') {
      if (nl == text.size()) break;
      continue;
    }
    std::string where = path + ":" + std::to_string(line_no);
    if (line[0] == '[') {
      if (line.back() != ']') return Status::Error(where + ": section header must end with ']'");
      std::string_view inner = Trim(line.substr(1, line.size() - 2));
      if (inner.empty()) return Status::Error(where + ": empty section header");
      size_t sp = inner.find_first_of(" \t");
      Section s;
      s.kind = std::string(inner.substr(0, sp));
      if (sp != std::string_view::npos) s.name = std::string(Trim(inner.substr(sp)));
      s.file = path;
      s.line = line_no;
      file.sections.push_back(std::move(s));
    } else {
      size_t k = 0;
      while (k < line.size() && IsKeyChar(line[k])) ++k;
      if (k == 0 || k >= line.size() || line[k] != ':')
        return Status::Error(where + ": expected 'key: value', '[section]' or '# comment', got '" +
                             std::string(line.substr(0, 60)) + "'");
      Entry e{std::string(line.substr(0, k)), std::string(Trim(line.substr(k + 1))), path, line_no};
      if (file.sections.empty())
        file.header.push_back(std::move(e));
      else
        file.sections.back().entries.push_back(std::move(e));
    }
    if (nl == text.size()) break;
  }
  return file;
}

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t c = value.find(',', pos);
    if (c == std::string_view::npos) c = value.size();
    std::string_view item = Trim(value.substr(pos, c - pos));
    if (!item.empty()) out.emplace_back(item);
    pos = c + 1;
  }
  return out;
}

}  // namespace threadlens::rules
