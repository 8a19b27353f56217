// Where the rules come from, and their fingerprint.
//
// Resolution order (first that applies wins):
//   1. an explicit directory (--rules DIR),
//   2. $THREADLENS_RULES,
//   3. <dir of the executable>/../share/threadlens/rules (the install and build trees),
//   4. the copy built into the binary.
// An explicit directory (1 or 2) that does not exist is an error listing every place searched.
// The sha256 covers every file's relative path and bytes, in path order, so two rule sets with
// equal fingerprints classify identically.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace threadlens::rules {

struct SourceFile {
  std::string path;      // relative to the rules root, e.g. "topics/hype.rules"
  std::string location;  // shown in messages: the full path on disk or "<built-in>/topics/…"
  std::string text;
};

struct RuleSource {
  std::string origin;  // the directory used, or "built-in"
  std::vector<SourceFile> files;  // every *.rules and *.lexicon file, sorted by path
  std::string sha256;

  // Files whose relative path starts with `prefix` ("topics/", "page/", "shared/").
  std::vector<const SourceFile*> Under(const std::string& prefix) const;
};

// REQUIRES: explicit_dir may be empty (then steps 2-4 apply).
Result<RuleSource> LoadRuleSource(const std::string& explicit_dir);

// The built-in rules only (tests use this to be independent of the machine).
RuleSource BuiltinRuleSource();

}  // namespace threadlens::rules
