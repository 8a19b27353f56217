// JSON plumbing shared by the JSON readers (reddit, pushshift, hn, ytapi, youtube): reading an
// input as JSON lines or as one document, locating syntax errors, typed field access with
// messages that name the field, and content sniffing.
//
//   JsonRecords records(in, JsonRecords::kAuto);
//   simdjson::dom::element v;  std::string bad;  Status st;
//   while (records.Next(&v, &bad, &st)) {
//     if (!bad.empty()) { /* records.Where() + ": " + bad: a line that is not JSON */ continue; }
//     ... v is valid until the next call ...
//   }
//   if (!st.ok()) return st;
//
// Parsing is simdjson's DOM (one reused parser; values live until the next Next()). Memory: the
// longest line in line mode, the whole input in document mode (at most kMaxDocumentBytes).
// Document mode raises simdjson's depth limit with the input size (up to kMaxJsonDepth levels)
// since simdjson parses without recursion; deeper input is an error naming the limit. Not
// thread-safe; one reader owns a JsonRecords.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/input.h"

namespace threadlens::jsonin {

// The largest input read as one JSON document; bigger dumps must come as JSON lines.
inline constexpr size_t kMaxDocumentBytes = size_t{2} << 30;
// Deepest nesting accepted in document mode (simdjson keeps ~9 bytes of state per level). A
// Reddit reply chain costs 5 JSON levels per comment, so this admits ~200,000 reply levels.
inline constexpr size_t kMaxJsonDepth = size_t{1} << 20;

class JsonRecords {
 public:
  enum Mode {
    kAuto,      // lines when the first non-blank line is a whole object (or the next one opens
                // another), else one document
    kLines,     // one JSON value per non-blank line (NDJSON)
    kDocument,  // the whole input is one JSON value
  };
  JsonRecords(Input* in, Mode mode);

  // The next value: each non-blank line in line mode, the whole input once in document mode.
  // Returns false at the end or on a fatal error (*status set: unreadable input, or an invalid
  // document naming its byte offset, line and column). In line mode a line that is not valid
  // JSON returns true with *bad describing it (*value is then unusable), so the caller applies
  // its bad-record policy. Lines with invalid UTF-8 are parsed with those bytes replaced by
  // U+FFFD (counted in invalid_utf8()).
  bool Next(simdjson::dom::element* value, std::string* bad, Status* status);

  Mode mode() const { return mode_; }
  int64_t line() const { return line_; }  // 1-based line of the current value (line mode)
  // "file:line" in line mode, "file" in document mode: the prefix for messages.
  std::string Where() const;
  // Bytes replaced by U+FFFD in the current value.
  int64_t invalid_utf8() const { return invalid_utf8_; }

 private:
  bool DecideMode(Status* status);
  bool ParseBuffer(size_t len, simdjson::dom::element* value, std::string* error);

  Input* in_;
  Mode mode_;
  bool done_ = false;
  int64_t line_ = 0;
  int64_t invalid_utf8_ = 0;
  std::string buf_;  // the text being parsed plus simdjson's padding
  simdjson::dom::parser parser_;
};

// Where the text stops being JSON: the byte offset of the first error and what was expected, or
// nullopt when the syntax is valid. Checks structure, strings, escapes and number syntax (not
// UTF-8, not number range). Iterative: any nesting depth. Linear in the input.
struct SyntaxError {
  size_t offset;
  std::string what;
};
std::optional<SyntaxError> FindSyntaxError(std::string_view text);

// "byte 1234 (line 5, column 17)" for an offset into text.
std::string DescribeOffset(std::string_view text, size_t offset);

// Replaces each invalid UTF-8 sequence with U+FFFD; returns how many bytes were replaced.
int64_t SanitizeUtf8(std::string* s);

// --- Typed access. Absent and null fields read as absent (the out value is left untouched). A
// field of another type is an error "'key' is a number, expected a string".

const char* TypeName(simdjson::dom::element_type t);

// A field's value; nullopt when absent or null.
using Slot = std::optional<simdjson::dom::element>;
// One pass over o: slots[i] gets the value of keys[i] (the first occurrence). Cheaper than a
// lookup per key when a record has many fields and the reader wants several of them.
void Lookup(simdjson::dom::object o, std::initializer_list<std::string_view> keys, Slot* slots);
// The typed readings below, on a value already looked up (`key` names it in messages).
Status StringOf(std::string_view key, const Slot& v, std::string_view* out);
Status IntOf(std::string_view key, const Slot& v, std::optional<int64_t>* out);
Status TimeOf(std::string_view key, const Slot& v, std::string* iso);

Status GetString(simdjson::dom::object o, std::string_view key, std::string_view* out);
// Integers, integral doubles, and strings holding an integer ("12", "1.2K" is not).
Status GetInt(simdjson::dom::object o, std::string_view key, std::optional<int64_t>* out);
Status GetBool(simdjson::dom::object o, std::string_view key, bool* out);
// A time given as epoch seconds (integer, float, or string thereof) or ISO-8601 string; *iso
// stays empty when absent. A string that is neither is an error naming it.
Status GetTime(simdjson::dom::object o, std::string_view key, std::string* iso);
// The object / array under key; absent -> *found false.
Status GetObject(simdjson::dom::object o, std::string_view key, simdjson::dom::object* out,
                 bool* found);
Status GetArray(simdjson::dom::object o, std::string_view key, simdjson::dom::array* out,
                bool* found);
// A number or a string as text ("17" for 17): ids that some dumps write as numbers.
Status GetId(simdjson::dom::object o, std::string_view key, std::string* out);
std::string ElementToId(simdjson::dom::element e, bool* ok);

// --- Sniffing on the first bytes of a dump.

// The first byte that is not whitespace (nor a UTF-8 BOM); 0 if none.
char FirstNonSpace(std::string_view head);
// The first line (without its terminator), ignoring a BOM and leading blank lines.
std::string_view FirstLine(std::string_view head);
// True when `"key"` followed by optional spaces and ':' occurs in text.
bool HasKey(std::string_view text, std::string_view key);
// True when `"key": "value"` (any spacing) occurs in text.
bool HasKeyValue(std::string_view text, std::string_view key, std::string_view value);

}  // namespace threadlens::jsonin
