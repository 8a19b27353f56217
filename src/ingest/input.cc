#include "ingest/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace threadlens {

namespace {
constexpr size_t kRawChunk = size_t{1} << 20;  // 1 MiB reads: large enough to amortise syscalls
constexpr size_t kOutChunk = size_t{1} << 20;

Status Errno(const std::string& what, const std::string& name) {
  return Status::Error(name + ": " + what + ": " + std::strerror(errno));
}
}  // namespace

// Turns raw bytes into decoded bytes. Consume() takes what it can from `in` and appends to `out`.
class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual const char* name() const = 0;
  // Returns bytes of `in` consumed; sets *done at the end of the compressed stream.
  virtual Status Consume(std::string_view in, size_t* used, std::string* out, bool* done) = 0;
  // Called at raw EOF; error if the stream was truncated.
  virtual Status Finish() { return Status::Ok(); }
};

namespace {

class IdentityDecoder : public Decoder {
 public:
  const char* name() const override { return "none"; }
  Status Consume(std::string_view in, size_t* used, std::string* out, bool*) override {
    out->append(in);
    *used = in.size();
    return Status::Ok();
  }
};

class GzipDecoder : public Decoder {
 public:
  GzipDecoder() {
    std::memset(&z_, 0, sizeof(z_));
    inflateInit2(&z_, 16 + MAX_WBITS);  // gzip header
  }
  ~GzipDecoder() override { inflateEnd(&z_); }
  const char* name() const override { return "gzip"; }
  Status Consume(std::string_view in, size_t* used, std::string* out, bool* done) override {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), kRawChunk));
    size_t old = out->size();
    out->resize(old + kOutChunk);
    z_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z_.avail_out = static_cast<uInt>(kOutChunk);
    int rc = inflate(&z_, Z_NO_FLUSH);
    out->resize(old + (kOutChunk - z_.avail_out));
    *used = static_cast<size_t>(reinterpret_cast<const char*>(z_.next_in) - in.data());
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are one stream (as gzip -d treats them).
      inflateReset(&z_);
      in_stream_ = false;
      return Status::Ok();
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      return Status::Error(std::string("corrupt gzip data (") + (z_.msg ? z_.msg : "zlib error") + ")");
    in_stream_ = true;
    (void)done;
    return Status::Ok();
  }
  Status Finish() override {
    return in_stream_ ? Status::Error("truncated gzip data") : Status::Ok();
  }

 private:
  z_stream z_;
  bool in_stream_ = false;
};

class ZstdDecoder : public Decoder {
 public:
  ZstdDecoder() : d_(ZSTD_createDStream()) {
    ZSTD_initDStream(d_);
    ZSTD_DCtx_setParameter(d_, ZSTD_d_windowLogMax, 31);  // Pushshift archives use 2^31 windows
  }
  ~ZstdDecoder() override { ZSTD_freeDStream(d_); }
  const char* name() const override { return "zstd"; }
  Status Consume(std::string_view in, size_t* used, std::string* out, bool*) override {
    ZSTD_inBuffer ib{in.data(), std::min<size_t>(in.size(), kRawChunk), 0};
    size_t old = out->size();
    out->resize(old + kOutChunk);
    ZSTD_outBuffer ob{out->data() + old, kOutChunk, 0};
    size_t rc = ZSTD_decompressStream(d_, &ob, &ib);
    out->resize(old + ob.pos);
    *used = ib.pos;
    if (ZSTD_isError(rc))
      return Status::Error(std::string("corrupt zstd data (") + ZSTD_getErrorName(rc) + ")");
    pending_ = rc != 0;
    return Status::Ok();
  }
  Status Finish() override {
    return pending_ ? Status::Error("truncated zstd data") : Status::Ok();
  }

 private:
  ZSTD_DStream* d_;
  bool pending_ = false;
};

// Picks the decoder from the first raw bytes (magic numbers, not file names).
std::unique_ptr<Decoder> MakeDecoder(std::string_view r) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(r[i]); };
  if (r.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return std::make_unique<GzipDecoder>();
  if (r.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd)
    return std::make_unique<ZstdDecoder>();
  return std::make_unique<IdentityDecoder>();
}

}  // namespace

Input::~Input() {
  if (own_fd_ && fd_ >= 0) ::close(fd_);
}

const char* Input::compression() const { return decoder_ ? decoder_->name() : "none"; }

Result<std::unique_ptr<Input>> Input::Open(const std::string& path) {
  std::unique_ptr<Input> in(new Input());
  in->path_ = path;
  if (path == "-") {
    in->name_ = "<stdin>";
    in->fd_ = 0;
  } else {
    in->name_ = path;
    in->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in->fd_ < 0) return Errno("cannot open", path);
    in->own_fd_ = true;
    struct stat st;
    if (::fstat(in->fd_, &st) == 0) {
      if (S_ISDIR(st.st_mode)) return Status::Error(path + ": is a directory, not a dump");
      if (S_ISREG(st.st_mode)) in->raw_size_ = st.st_size;
    }
  }
  // Sniff the compression from the first raw bytes.
  while (in->raw_.size() < 4 && !in->raw_eof_) {
    char tmp[4096];
    ssize_t n = ::read(in->fd_, tmp, sizeof(tmp));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", in->name_);
    }
    if (n == 0) in->raw_eof_ = true;
    in->raw_.append(tmp, static_cast<size_t>(n));
    in->sha_.Update(std::string_view(tmp, static_cast<size_t>(n)));
    in->raw_read_ += n;
  }
  in->decoder_ = MakeDecoder(in->raw_);
  return in;
}

std::unique_ptr<Input> Input::FromString(const std::string& name, std::string data) {
  std::unique_ptr<Input> in(new Input());
  in->path_ = in->name_ = name;
  in->raw_size_ = in->raw_read_ = static_cast<int64_t>(data.size());
  in->sha_.Update(data);
  in->raw_ = std::move(data);
  in->raw_eof_ = true;
  in->decoder_ = MakeDecoder(in->raw_);
  return in;
}

bool Input::Fill(Status* status) {
  if (decoded_eof_) return false;
  if (stop_ && stop_->load(std::memory_order_relaxed)) {
    *status = Status::Error(name_ + ": reading stopped");
    return false;
  }
  // Compact the consumed prefix so the buffer does not grow with the file.
  if (buf_pos_ > 0 && buf_pos_ * 2 >= buf_.size()) {
    buf_.erase(0, buf_pos_);
    buf_pos_ = 0;
  }
  size_t before = buf_.size();
  while (buf_.size() == before) {
    if (raw_pos_ >= raw_.size()) {
      raw_.clear();
      raw_pos_ = 0;
      if (raw_eof_) {
        decoded_eof_ = true;
        Status st = decoder_->Finish();
        if (!st.ok()) *status = st.Annotate(name_);
        return false;
      }
      raw_.resize(kRawChunk);
      ssize_t n;
      do n = ::read(fd_, raw_.data(), kRawChunk);
      while (n < 0 && errno == EINTR);
      if (n < 0) {
        *status = Errno("cannot read", name_);
        decoded_eof_ = true;
        return false;
      }
      raw_.resize(static_cast<size_t>(n));
      if (n == 0) {
        raw_eof_ = true;
        continue;
      }
      if (hash_) sha_.Update(raw_);
      raw_read_ += n;
    }
    size_t used = 0;
    bool done = false;
    Status st = decoder_->Consume(std::string_view(raw_).substr(raw_pos_), &used, &buf_, &done);
    if (!st.ok()) {
      *status = st.Annotate(name_);
      decoded_eof_ = true;
      return false;
    }
    raw_pos_ += used;
    if (used == 0 && buf_.size() == before && raw_pos_ < raw_.size()) {
      *status = Status::Error(name_ + ": decoder made no progress (corrupt data)");
      decoded_eof_ = true;
      return false;
    }
  }
  out_total_ += static_cast<int64_t>(buf_.size() - before);
  if (std::strcmp(decoder_->name(), "none") != 0) {
    const int64_t compressed = std::max(raw_size_, raw_read_);
    const int64_t limit = std::max(kExpansionFloor, kMaxExpansion * compressed);
    if (out_total_ > limit) {
      *status = Status::Error(
          name_ + ": decompresses to more than " + std::to_string(kMaxExpansion) +
          " times its compressed size (" + std::to_string(out_total_) + " bytes from " +
          std::to_string(compressed) + ", after line " + std::to_string(line_number_) +
          "); refusing a likely decompression bomb");
      decoded_eof_ = true;
      return false;
    }
  }
  return true;
}

std::string_view Input::Peek(size_t n, Status* status) {
  while (buf_.size() - buf_pos_ < n && Fill(status)) {
  }
  return std::string_view(buf_).substr(buf_pos_, std::min(n, buf_.size() - buf_pos_));
}

size_t Input::Read(char* out, size_t n, Status* status) {
  if (buf_pos_ >= buf_.size() && !Fill(status)) return 0;
  size_t take = std::min(n, buf_.size() - buf_pos_);
  std::memcpy(out, buf_.data() + buf_pos_, take);
  buf_pos_ += take;
  return take;
}

bool Input::ReadLine(std::string* line, Status* status, size_t max_len) {
  line->clear();
  size_t off = 0;  // bytes after buf_pos_ already scanned without finding '\n'
  for (;;) {
    size_t from = buf_pos_ + off;
    const void* nl = std::memchr(buf_.data() + from, '\n', buf_.size() - from);
    if (nl != nullptr) {
      size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
      line->assign(buf_, buf_pos_, end - buf_pos_);
      buf_pos_ = end + 1;
      break;
    }
    off = buf_.size() - buf_pos_;  // stays valid: Fill only drops bytes before buf_pos_
    if (off > max_len) {
      *status = Status::Error(name_ + ":" + std::to_string(line_number_ + 1) + ": line longer than " +
                              std::to_string(max_len) + " bytes (the limit for one record)");
      return false;
    }
    if (!Fill(status)) {
      if (!status->ok()) return false;
      if (buf_pos_ >= buf_.size()) return false;  // clean end of input
      line->assign(buf_, buf_pos_, std::string::npos);
      buf_pos_ = buf_.size();
      break;
    }
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  ++line_number_;
  return true;
}

std::string Input::Sha256Hex(Status* status) {
  // Drain the raw stream so the hash covers the whole source.
  if (!raw_eof_) {
    std::string tmp(kRawChunk, '\0');
    for (;;) {
      ssize_t n = ::read(fd_, tmp.data(), tmp.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        *status = Errno("cannot read", name_);
        break;
      }
      if (n == 0) break;
      sha_.Update(std::string_view(tmp.data(), static_cast<size_t>(n)));
      raw_read_ += n;
    }
    raw_eof_ = true;
  }
  Sha256 copy = sha_;
  return copy.HexDigest();
}

Result<std::string> HashFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  Sha256 sha;
  std::string buf(kRawChunk, '\0');
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status st = Errno("cannot read", path);
      ::close(fd);
      return st;
    }
    if (n == 0) break;
    sha.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return sha.HexDigest();
}

}  // namespace threadlens
