// RuleFile: the one syntax every file under rules/ shares (rules/README.md documents it).
//
//   # a comment
//   topic: hype                  <- header entries, before any section
//   [cue overhyped.bubble]       <- a section: a kind and an optional name
//   weight: 2                    <- entries: "key: value", keys may repeat, order is kept
//   re: \bbubble\b
//
// Parsing only splits the text; what keys mean is up to the consumer (stance/ or thread/),
// which reports problems with Entry::Where() so every error names file:line. Linear in the
// file's size; never fails on content other than a malformed line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace threadlens::rules {

struct Entry {
  std::string key;
  std::string value;  // trimmed; may be empty
  std::string file;
  int line = 0;
  std::string Where() const { return file + ":" + std::to_string(line); }
};

struct Section {
  std::string kind;  // first word inside the brackets
  std::string name;  // the rest, trimmed; may be empty
  std::string file;
  int line = 0;
  std::vector<Entry> entries;

  std::string Where() const { return file + ":" + std::to_string(line); }
  // First value for key, or "" when absent.
  std::string Get(std::string_view key) const;
  // All values for key, in order.
  std::vector<const Entry*> All(std::string_view key) const;
};

struct RuleFile {
  std::string path;  // as given, used in messages
  std::vector<Entry> header;
  std::vector<Section> sections;

  std::string Header(std::string_view key) const;
};

// Parses `text`. Lines are "key: value", "[kind name]", blank, or "#..." comments. Any other
// line is an error naming path:line.
Result<RuleFile> ParseRuleFile(const std::string& path, std::string_view text);

// Splits a comma-separated word list ("bubble, hype, fomo") into trimmed non-empty items.
std::vector<std::string> SplitList(std::string_view value);

}  // namespace threadlens::rules
