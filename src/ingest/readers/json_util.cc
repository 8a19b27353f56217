#include "ingest/readers/json_util.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "ingest/formats.h"
#include "ingest/time_util.h"

namespace threadlens::jsonin {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view SkipBom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

}  // namespace

int64_t SanitizeUtf8(std::string* s) {
  std::string out;
  int64_t replaced = 0;
  size_t i = 0, copied = 0;
  while (i < s->size()) {
    size_t n = Utf8SequenceLength(*s, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out.append(*s, copied, i - copied);
    out.append("\xEF\xBF\xBD");
    ++replaced;
    ++i;
    copied = i;
  }
  if (replaced == 0) return 0;
  out.append(*s, copied, std::string::npos);
  *s = std::move(out);
  return replaced;
}

std::optional<SyntaxError> FindSyntaxError(std::string_view t) {
  enum State { kValue, kValueOrEnd, kKeyOrEnd, kKey, kColon, kAfter };
  struct Open {
    char kind;
    size_t at;
  };
  std::vector<Open> stack;
  State state = kValue;
  size_t i = 0;
  const size_t n = t.size();
  auto skip = [&] {
    while (i < n && IsSpace(t[i])) ++i;
  };
  auto eof_inside = [&]() -> SyntaxError {
    const Open& o = stack.back();
    return {n, std::string("input ends inside the ") + (o.kind == '{' ? "object" : "array") +
                   " opened at byte " + std::to_string(o.at) + " (truncated?)"};
  };
  // Scans the string starting at t[i] == '"'; on success i is past the closing quote.
  auto scan_string = [&]() -> std::optional<SyntaxError> {
    size_t start = i++;
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(t[i]);
      if (c == '"') {
        ++i;
        return std::nullopt;
      }
      if (c < 0x20) return SyntaxError{i, "control character inside a string"};
      if (c == '\\') {
        if (i + 1 >= n) break;
        char e = t[i + 1];
        if (e == 'u') {
          for (size_t k = 2; k < 6; ++k) {
            if (i + k >= n) return SyntaxError{n, "input ends inside a \\u escape (truncated?)"};
            if (!std::isxdigit(static_cast<unsigned char>(t[i + k])))
              return SyntaxError{i, "bad \\u escape"};
          }
          i += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
          return SyntaxError{i, std::string("bad escape \\") + e};
        i += 2;
        continue;
      }
      ++i;
    }
    return SyntaxError{n, "input ends inside the string opened at byte " + std::to_string(start) +
                              " (truncated?)"};
  };
  auto digits = [&] {
    size_t s = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    return i > s;
  };
  while (true) {
    switch (state) {
      case kValue:
      case kValueOrEnd: {
        skip();
        if (i >= n) {
          if (stack.empty()) return SyntaxError{n, "no JSON value (empty input)"};
          return eof_inside();
        }
        char c = t[i];
        if (state == kValueOrEnd && c == ']') {
          stack.pop_back();
          ++i;
          state = kAfter;
          break;
        }
        if (c == '{') {
          stack.push_back({'{', i++});
          state = kKeyOrEnd;
        } else if (c == '[') {
          stack.push_back({'[', i++});
          state = kValueOrEnd;
        } else if (c == '"') {
          if (auto e = scan_string()) return e;
          state = kAfter;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          size_t start = i;
          if (c == '-') ++i;
          if (i < n && t[i] == '0') {
            ++i;
          } else if (!digits()) {
            return SyntaxError{start, "bad number"};
          }
          if (i < n && t[i] == '.') {
            ++i;
            if (!digits()) return SyntaxError{i, "bad number: no digits after '.'"};
          }
          if (i < n && (t[i] == 'e' || t[i] == 'E')) {
            ++i;
            if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
            if (!digits()) return SyntaxError{i, "bad number: no digits in the exponent"};
          }
          state = kAfter;
        } else {
          bool matched = false;
          for (std::string_view lit : {"true", "false", "null"}) {
            if (t.substr(i, lit.size()) == lit) {
              i += lit.size();
              matched = true;
              break;
            }
            if (lit.substr(0, n - i) == t.substr(i) && n - i < lit.size())
              return SyntaxError{n, "input ends inside '" + std::string(lit) + "' (truncated?)"};
          }
          if (!matched)
            return SyntaxError{i, std::string("unexpected '") + c + "', expected a value"};
          state = kAfter;
        }
        break;
      }
      case kKeyOrEnd:
      case kKey:
        skip();
        if (i >= n) return eof_inside();
        if (state == kKeyOrEnd && t[i] == '}') {
          stack.pop_back();
          ++i;
          state = kAfter;
          break;
        }
        if (t[i] != '"')
          return SyntaxError{i, std::string("unexpected '") + t[i] + "', expected a \"key\""};
        if (auto e = scan_string()) return e;
        state = kColon;
        break;
      case kColon:
        skip();
        if (i >= n) return eof_inside();
        if (t[i] != ':')
          return SyntaxError{i, std::string("unexpected '") + t[i] + "', expected ':'"};
        ++i;
        state = kValue;
        break;
      case kAfter:
        skip();
        if (stack.empty()) {
          if (i >= n) return std::nullopt;
          return SyntaxError{i, "unexpected content after the end of the JSON value"};
        }
        if (i >= n) return eof_inside();
        {
          char close = stack.back().kind == '{' ? '}' : ']';
          if (t[i] == ',') {
            ++i;
            state = stack.back().kind == '{' ? kKey : kValue;
          } else if (t[i] == close) {
            ++i;
            stack.pop_back();
          } else {
            return SyntaxError{i, std::string("unexpected '") + t[i] + "', expected ',' or '" +
                                      close + "'"};
          }
        }
        break;
    }
  }
}

std::string DescribeOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, col = 1;
  for (size_t k = 0; k < offset; ++k) {
    if (text[k] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return "byte " + std::to_string(offset) + " (line " + std::to_string(line) + ", column " +
         std::to_string(col) + ")";
}

// --- JsonRecords

JsonRecords::JsonRecords(Input* in, Mode mode) : in_(in), mode_(mode) {}

std::string JsonRecords::Where() const {
  return mode_ == kLines ? in_->name() + ":" + std::to_string(line_) : in_->name();
}

bool JsonRecords::DecideMode(Status* status) {
  std::string_view head = SkipBom(in_->Peek(kSniffBytes, status));
  if (!status->ok()) return false;
  size_t i = 0;
  while (i < head.size() && IsSpace(head[i])) ++i;
  if (i < head.size() && head[i] == '[') {
    mode_ = kDocument;
    return true;
  }
  size_t eol = head.find('\n', i);
  if (eol == std::string_view::npos) {  // one line (or a line longer than the peek)
    mode_ = kLines;
    return true;
  }
  // JSON lines: the first line is a whole value, or (when it is damaged) the next line opens
  // an object at column 0, which a pretty-printed document never does below its first line.
  std::string_view first = TrimView(head.substr(i, eol - i));
  if (first.size() >= 2 && first.front() == '{' && !FindSyntaxError(first)) {
    mode_ = kLines;
    return true;
  }
  size_t j = eol + 1;
  while (j < head.size()) {  // skip blank lines, but not indentation
    size_t next = head.find('\n', j);
    if (!TrimView(head.substr(j, next == std::string_view::npos ? next : next - j)).empty()) break;
    if (next == std::string_view::npos) {
      j = head.size();
      break;
    }
    j = next + 1;
  }
  mode_ = (first != "{" && j < head.size() && head[j] == '{') ? kLines : kDocument;
  return true;
}

bool JsonRecords::ParseBuffer(size_t len, element* value, std::string* error) {
  auto r = parser_.parse(buf_.data(), len, false);
  if (r.error() == simdjson::SUCCESS) {
    *value = r.value_unsafe();
    return true;
  }
  if (r.error() == simdjson::UTF8_ERROR) {
    std::string text = buf_.substr(0, len);
    invalid_utf8_ = SanitizeUtf8(&text);
    buf_ = std::move(text);
    len = buf_.size();
    buf_.append(simdjson::SIMDJSON_PADDING, ' ');
    if (mode_ == kDocument) {
      simdjson::error_code e = parser_.allocate(len, parser_.max_depth());
      if (e != simdjson::SUCCESS) {
        *error = std::string("cannot parse: ") + simdjson::error_message(e);
        return false;
      }
    }
    r = parser_.parse(buf_.data(), len, false);
    if (r.error() == simdjson::SUCCESS) {
      *value = r.value_unsafe();
      return true;
    }
  }
  std::string_view text(buf_.data(), len);
  if (r.error() == simdjson::DEPTH_ERROR) {
    *error = "JSON nested deeper than " + std::to_string(parser_.max_depth()) +
             " levels (the limit is " + std::to_string(kMaxJsonDepth) + ")";
  } else if (auto syntax = FindSyntaxError(text)) {
    *error = "invalid JSON at " + DescribeOffset(text, syntax->offset) + ": " + syntax->what;
  } else {
    *error = std::string("invalid JSON: ") + simdjson::error_message(r.error());
  }
  return false;
}

bool JsonRecords::Next(element* value, std::string* bad, Status* status) {
  *status = Status::Ok();
  bad->clear();
  invalid_utf8_ = 0;
  if (done_) return false;
  if (mode_ == kAuto && !DecideMode(status)) return false;
  if (mode_ == kLines) {
    while (true) {
      // The line goes straight into buf_ (no second copy), trimmed in place, then padded.
      if (!in_->ReadLine(&buf_, status)) {
        done_ = true;
        return false;
      }
      line_ = in_->line_number();
      std::string_view t = TrimView(buf_);
      if (line_ == 1) t = TrimView(SkipBom(t));
      if (t.empty()) continue;
      const size_t start = static_cast<size_t>(t.data() - buf_.data()), len = t.size();
      if (start > 0) buf_.erase(0, start);
      buf_.resize(len);
      buf_.append(simdjson::SIMDJSON_PADDING, ' ');
      if (!ParseBuffer(len, value, bad)) {
        if (bad->empty()) *bad = "invalid JSON";
      }
      return true;
    }
  }
  // Document mode: the whole input, once.
  done_ = true;
  buf_.clear();
  char chunk[1 << 16];
  while (size_t got = in_->Read(chunk, sizeof(chunk), status)) {
    if (buf_.size() + got > kMaxDocumentBytes) {
      *status = Status::Error(in_->name() + ": JSON document larger than " +
                              std::to_string(kMaxDocumentBytes >> 20) +
                              " MiB; give such dumps as JSON lines (one record per line)");
      return false;
    }
    buf_.append(chunk, got);
  }
  if (!status->ok()) return false;
  if (buf_.size() >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) buf_.erase(0, 3);
  size_t len = buf_.size();
  buf_.append(simdjson::SIMDJSON_PADDING, ' ');
  size_t depth = std::clamp<size_t>(len / 2 + 2, simdjson::DEFAULT_MAX_DEPTH, kMaxJsonDepth);
  simdjson::error_code e = parser_.allocate(std::max<size_t>(len, 64), depth);
  if (e != simdjson::SUCCESS) {
    *status = Status::Error(in_->name() + ": cannot parse JSON: " + simdjson::error_message(e));
    return false;
  }
  std::string error;
  if (!ParseBuffer(len, value, &error)) {
    *status = Status::Error(in_->name() + ": " + error);
    return false;
  }
  return true;
}

// --- Typed access

const char* TypeName(element_type t) {
  switch (t) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "something else";
}

namespace {

// The field, or nullopt when absent or null.
std::optional<element> Field(simdjson::dom::object o, std::string_view key) {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) return std::nullopt;
  if (e.type() == element_type::NULL_VALUE) return std::nullopt;
  return e;
}

Status WrongType(std::string_view key, element e, const char* expected) {
  return Status::Error("'" + std::string(key) + "' is " + TypeName(e.type()) + ", expected " +
                       expected);
}

}  // namespace

Status StringOf(std::string_view key, const Slot& e, std::string_view* out) {
  if (!e) return Status::Ok();
  if (e->type() != element_type::STRING) return WrongType(key, *e, "a string");
  *out = e->get_string().value_unsafe();
  return Status::Ok();
}

Status IntOf(std::string_view key, const Slot& e, std::optional<int64_t>* out) {
  if (!e) return Status::Ok();
  switch (e->type()) {
    case element_type::INT64:
      *out = e->get_int64().value_unsafe();
      return Status::Ok();
    case element_type::UINT64: {
      uint64_t v = e->get_uint64().value_unsafe();
      if (v > static_cast<uint64_t>(INT64_MAX)) break;
      *out = static_cast<int64_t>(v);
      return Status::Ok();
    }
    case element_type::DOUBLE: {
      double v = e->get_double().value_unsafe();
      if (v != static_cast<double>(static_cast<int64_t>(v)) || v > 9e18 || v < -9e18) break;
      *out = static_cast<int64_t>(v);
      return Status::Ok();
    }
    case element_type::STRING: {
      std::string_view s = TrimView(e->get_string().value_unsafe());
      if (s.empty()) return Status::Ok();
      int64_t v = 0;
      size_t k = s[0] == '-' ? 1 : 0;
      if (k == s.size() || s.size() > 19) break;
      for (; k < s.size(); ++k) {
        if (s[k] < '0' || s[k] > '9') return WrongType(key, *e, "an integer");
        v = v * 10 + (s[k] - '0');
      }
      *out = s[0] == '-' ? -v : v;
      return Status::Ok();
    }
    default:
      break;
  }
  return WrongType(key, *e, "an integer");
}

Status GetString(simdjson::dom::object o, std::string_view key, std::string_view* out) {
  return StringOf(key, Field(o, key), out);
}

Status GetInt(simdjson::dom::object o, std::string_view key, std::optional<int64_t>* out) {
  return IntOf(key, Field(o, key), out);
}

Status GetTime(simdjson::dom::object o, std::string_view key, std::string* iso) {
  return TimeOf(key, Field(o, key), iso);
}

void Lookup(simdjson::dom::object o, std::initializer_list<std::string_view> keys, Slot* slots) {
  const size_t n = keys.size();
  for (size_t k = 0; k < n; ++k) slots[k].reset();
  for (auto field : o) {
    size_t k = 0;
    for (std::string_view want : keys) {
      if (!slots[k] && field.key == want) {
        if (field.value.type() != element_type::NULL_VALUE) slots[k] = field.value;
        break;
      }
      ++k;
    }
  }
}

Status GetBool(simdjson::dom::object o, std::string_view key, bool* out) {
  auto e = Field(o, key);
  if (!e) return Status::Ok();
  if (e->type() != element_type::BOOL) return WrongType(key, *e, "true or false");
  *out = e->get_bool().value_unsafe();
  return Status::Ok();
}

Status TimeOf(std::string_view key, const Slot& e, std::string* iso) {
  if (!e) return Status::Ok();
  std::optional<int64_t> t;
  switch (e->type()) {
    case element_type::INT64:
      t = EpochFromDouble(static_cast<double>(e->get_int64().value_unsafe()));
      break;
    case element_type::UINT64:
      t = EpochFromDouble(static_cast<double>(e->get_uint64().value_unsafe()));
      break;
    case element_type::DOUBLE:
      t = EpochFromDouble(e->get_double().value_unsafe());
      break;
    case element_type::STRING: {
      std::string_view s = e->get_string().value_unsafe();
      if (TrimView(s).empty()) return Status::Ok();
      t = ParseEpoch(s);
      if (!t) t = ParseIsoTime(s);
      if (!t)
        return Status::Error("'" + std::string(key) + "' is \"" + std::string(s.substr(0, 40)) +
                             "\", not a time");
      break;
    }
    default:
      return WrongType(key, *e, "a time (epoch seconds or ISO-8601)");
  }
  if (!t) return Status::Error("'" + std::string(key) + "' is out of range for a time");
  *iso = FormatIsoUtc(*t);
  return Status::Ok();
}

Status GetObject(simdjson::dom::object o, std::string_view key, simdjson::dom::object* out,
                 bool* found) {
  *found = false;
  auto e = Field(o, key);
  if (!e) return Status::Ok();
  if (e->type() != element_type::OBJECT) return WrongType(key, *e, "an object");
  *out = e->get_object().value_unsafe();
  *found = true;
  return Status::Ok();
}

Status GetArray(simdjson::dom::object o, std::string_view key, simdjson::dom::array* out,
                bool* found) {
  *found = false;
  auto e = Field(o, key);
  if (!e) return Status::Ok();
  if (e->type() != element_type::ARRAY) return WrongType(key, *e, "an array");
  *out = e->get_array().value_unsafe();
  *found = true;
  return Status::Ok();
}

std::string ElementToId(element e, bool* ok) {
  *ok = true;
  switch (e.type()) {
    case element_type::STRING: return std::string(e.get_string().value_unsafe());
    case element_type::INT64: return std::to_string(e.get_int64().value_unsafe());
    case element_type::UINT64: return std::to_string(e.get_uint64().value_unsafe());
    case element_type::DOUBLE: {
      double v = e.get_double().value_unsafe();
      if (v == static_cast<double>(static_cast<int64_t>(v)))
        return std::to_string(static_cast<int64_t>(v));
      break;
    }
    default:
      break;
  }
  *ok = false;
  return "";
}

Status GetId(simdjson::dom::object o, std::string_view key, std::string* out) {
  auto e = Field(o, key);
  if (!e) return Status::Ok();
  bool ok = false;
  std::string id = ElementToId(*e, &ok);
  if (!ok) return WrongType(key, *e, "an id (string or integer)");
  *out = std::move(id);
  return Status::Ok();
}

// --- Sniffing

char FirstNonSpace(std::string_view head) {
  head = SkipBom(head);
  for (char c : head)
    if (!IsSpace(c)) return c;
  return 0;
}

std::string_view FirstLine(std::string_view head) {
  head = SkipBom(head);
  while (!head.empty()) {
    size_t eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    if (!TrimView(line).empty()) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return line;
    }
    if (eol == std::string_view::npos) break;
    head.remove_prefix(eol + 1);
  }
  return {};
}

namespace {
// Position just past `"key"` + spaces + ':' + spaces, for each occurrence; calls f(pos) until it
// returns true.
template <typename F>
bool ForEachKey(std::string_view text, std::string_view key, F f) {
  std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = text.find(quoted); at != std::string_view::npos;
       at = text.find(quoted, at + 1)) {
    size_t k = at + quoted.size();
    while (k < text.size() && IsSpace(text[k])) ++k;
    if (k >= text.size() || text[k] != ':') continue;
    ++k;
    while (k < text.size() && IsSpace(text[k])) ++k;
    if (f(k)) return true;
  }
  return false;
}
}  // namespace

bool HasKey(std::string_view text, std::string_view key) {
  return ForEachKey(text, key, [](size_t) { return true; });
}

bool HasKeyValue(std::string_view text, std::string_view key, std::string_view value) {
  std::string quoted = "\"" + std::string(value) + "\"";
  return ForEachKey(text, key, [&](size_t k) { return text.substr(k, quoted.size()) == quoted; });
}

}  // namespace threadlens::jsonin
