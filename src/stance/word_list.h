// Word lists: the `words:` entries of rule files, turned into one RE2 pattern.
//
//   WordListPattern({"bubble*", "dot-com", "snake oil"})
//     == R"((?:\bsnake\s+oil\b|\bdot[-‐–\s]?com\b|\bbubble\w*))"   (longest item first)
//
// An item is matched as a whole word or phrase, case-insensitively (the RuleSet compiles every
// pattern case-insensitive). Inside an item: a space matches any run of white space; a hyphen
// matches a hyphen, a dash, a space or nothing ("game-changer" = "game changer" = "gamechanger");
// an apostrophe matches ' or ’ or nothing ("dont"); a trailing `*` matches any word ending
// ("replac*"). Everything else is literal. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace threadlens::stance {

// One item as an RE2 fragment (no surrounding group). REQUIRES: !item.empty().
std::string WordPattern(std::string_view item);

// All items as one non-capturing alternation, longest item first so that a phrase wins over
// a word it starts with. REQUIRES: !items.empty().
std::string WordListPattern(const std::vector<std::string>& items);

}  // namespace threadlens::stance
