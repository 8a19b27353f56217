#include "rules/rule_source.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/embedded.h"
#include "core/sha256.h"

namespace threadlens::rules {
namespace fs = std::filesystem;

namespace {

void Fingerprint(RuleSource* src) {
  std::sort(src->files.begin(), src->files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  Sha256 h;
  for (const auto& f : src->files) {
    h.Update(f.path);
    h.Update(std::string_view("\0", 1));
    h.Update(std::to_string(f.text.size()));
    h.Update(std::string_view("\0", 1));
    h.Update(f.text);
  }
  src->sha256 = h.HexDigest();
}

Result<RuleSource> FromDirectory(const fs::path& dir) {
  RuleSource src;
  src.origin = dir.string();
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    if (it->path().extension() != ".rules" && it->path().extension() != ".lexicon") continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return Status::Error(it->path().string() + ": cannot read rule file");
    std::ostringstream ss;
    ss << in.rdbuf();
    src.files.push_back({fs::relative(it->path(), dir).generic_string(), it->path().string(),
                         ss.str()});
  }
  if (ec) return Status::Error(dir.string() + ": cannot list rules directory: " + ec.message());
  Fingerprint(&src);
  return src;
}

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::vector<const SourceFile*> RuleSource::Under(const std::string& prefix) const {
  std::vector<const SourceFile*> out;
  for (const auto& f : files)
    if (f.path.rfind(prefix, 0) == 0) out.push_back(&f);
  return out;
}

RuleSource BuiltinRuleSource() {
  RuleSource src;
  src.origin = "built-in";
  for (const auto& f : embedded::Files()) {
    if (f.path.rfind("rules/", 0) != 0) continue;
    std::string rel(f.path.substr(6));
    src.files.push_back({rel, "<built-in>/" + rel, std::string(f.data)});
  }
  Fingerprint(&src);
  return src;
}

Result<RuleSource> LoadRuleSource(const std::string& explicit_dir) {
  std::vector<std::string> searched;
  auto try_dir = [&](const std::string& d, bool must) -> std::optional<Result<RuleSource>> {
    searched.push_back(d);
    std::error_code ec;
    if (fs::is_directory(d, ec)) return FromDirectory(d);
    if (must) {
      std::string msg = "rules directory not found: " + d + " (searched:";
      for (const auto& s : searched) msg += " " + s;
      return Result<RuleSource>(Status::Error(msg + ")"));
    }
    return std::nullopt;
  };
  if (!explicit_dir.empty()) return *try_dir(explicit_dir, true);
  if (const char* env = std::getenv("THREADLENS_RULES"); env && *env)
    return *try_dir(env, true);
  fs::path exe_dir = ExecutableDir();
  if (!exe_dir.empty()) {
    if (auto r = try_dir((exe_dir / ".." / "share" / "threadlens" / "rules").lexically_normal(),
                         false))
      return *r;
  }
  return BuiltinRuleSource();
}

}  // namespace threadlens::rules
