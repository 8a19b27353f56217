#include "ingest/readers/comment_record.h"

namespace threadlens {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutInt(int64_t v, std::string* out) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63), out);
}

void PutString(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

// Reads fields back; any overrun sets ok = false and yields empty values.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == s_.size(); }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= s_.size()) break;
      auto b = static_cast<unsigned char>(s_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t Int() {
    uint64_t u = Varint();
    return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  }
  std::string String() {
    uint64_t n = Varint();
    if (!ok_ || n > s_.size() - pos_) {
      ok_ = false;
      return "";
    }
    std::string v(s_.substr(pos_, n));
    pos_ += n;
    return v;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  bool ok_ = true;
};

constexpr uint64_t kApprox = 1, kHasScore = 2, kHtml = 4;

}  // namespace

void EncodeComment(const Comment& c, int64_t invalid_utf8, std::string* out) {
  out->push_back('C');
  PutString(c.ext_id, out);
  PutString(c.parent_ext_id, out);
  PutString(c.author, out);
  PutString(c.author_ext_id, out);
  PutString(c.created_at, out);
  PutVarint((c.created_approx ? kApprox : 0) | (c.score ? kHasScore : 0) |
                (c.raw_is_html ? kHtml : 0),
            out);
  PutInt(c.score.value_or(0), out);
  PutString(c.raw, out);
  PutInt(c.line_start, out);
  PutInt(c.line_end, out);
  PutVarint(c.flags.size(), out);
  for (const auto& f : c.flags) PutString(f, out);
  PutInt(invalid_utf8, out);
}

void EncodeHeader(const Thread& t, std::string* out) {
  out->push_back('H');
  PutString(t.title, out);
  PutString(t.url, out);
  PutString(t.created_at, out);
  PutString(t.body_raw, out);
}

void EncodeNote(std::string_view note, std::string* out) {
  out->push_back('N');
  PutString(note, out);
}

Status DecodeRecord(std::string_view rec, Thread* t) {
  if (rec.empty()) return Status::Error("internal: empty buffered record");
  Cursor in(rec.substr(1));
  switch (rec[0]) {
    case 'C': {
      Comment c;
      c.ext_id = in.String();
      c.parent_ext_id = in.String();
      c.author = in.String();
      c.author_ext_id = in.String();
      c.created_at = in.String();
      uint64_t bits = in.Varint();
      int64_t score = in.Int();
      c.created_approx = bits & kApprox;
      c.raw_is_html = bits & kHtml;
      if (bits & kHasScore) c.score = score;
      c.raw = in.String();
      c.line_start = static_cast<int>(in.Int());
      c.line_end = static_cast<int>(in.Int());
      uint64_t nflags = in.Varint();
      for (uint64_t k = 0; k < nflags && in.ok(); ++k) c.flags.push_back(in.String());
      t->repairs.invalid_utf8 += in.Int();
      if (!in.ok() || !in.done()) break;
      t->comments.push_back(std::move(c));
      return Status::Ok();
    }
    case 'H': {
      std::string title = in.String(), url = in.String(), created = in.String(),
                  body = in.String();
      if (!in.ok() || !in.done()) break;
      t->title = std::move(title);
      t->url = std::move(url);
      t->created_at = std::move(created);
      t->body_raw = std::move(body);
      return Status::Ok();
    }
    case 'N': {
      std::string note = in.String();
      if (!in.ok() || !in.done()) break;
      t->notes.push_back(std::move(note));
      return Status::Ok();
    }
    default:
      break;
  }
  return Status::Error("internal: damaged buffered record (kind '" + std::string(1, rec[0]) +
                       "', " + std::to_string(rec.size()) + " bytes)");
}

}  // namespace threadlens
