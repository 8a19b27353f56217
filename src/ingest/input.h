// Input: one dump opened for streaming — a file, or "-" for standard input — with gzip and zstd
// decompressed transparently (recognised by their magic bytes, not the file name).
//
//   auto in = Input::Open("RC_2024-01.zst");
//   if (!in.ok()) return in.status();
//   std::string line; Status st;
//   while ((*in)->ReadLine(&line, &st)) Handle((*in)->line_number(), line);
//   if (!st.ok()) return st;
//
// Memory is bounded by the buffer size plus the longest line asked for; nothing is slurped.
// Zstd frames may use windows up to 2^31 (Pushshift archives need it). The SHA-256 of the raw
// (compressed) bytes read so far identifies the source. Not thread-safe; one reader owns it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "core/status.h"

namespace threadlens {

class Decoder;  // gzip/zstd/identity, in input.cc

class Input {
 public:
  // The longest line ReadLine returns; a longer one is an error naming its line.
  static constexpr size_t kMaxLineBytes = size_t{256} << 20;
  // Decompression bombs: compressed input may decode to at most kMaxExpansion times its
  // compressed size, or kExpansionFloor bytes if that is more; reading past it is an error
  // naming the file. Real dumps compress 3 to 30 times (Pushshift's zstd --long ~10); bombs
  // 1,000 (gzip's ceiling) to 30,000 times (zstd RLE blocks). So a bomb costs at most ~1000x its
  // size in decoding work, and a reader that holds its input sees at most that much.
  static constexpr int64_t kMaxExpansion = 1000;
  static constexpr int64_t kExpansionFloor = int64_t{64} << 20;

  static Result<std::unique_ptr<Input>> Open(const std::string& path);
  // An in-memory input (tests, fuzz targets): `data` is the raw, possibly compressed, bytes.
  static std::unique_ptr<Input> FromString(const std::string& name, std::string data);
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  const std::string& path() const { return path_; }  // "-" for stdin
  const std::string& name() const { return name_; }  // "<stdin>" or the path, for messages
  const char* compression() const;                   // "none", "gzip" or "zstd"

  // Up to n decompressed bytes without consuming them (fewer at end of input).
  std::string_view Peek(size_t n, Status* status);
  // Reads up to n decompressed bytes; 0 at end of input or on error (*status set).
  size_t Read(char* buf, size_t n, Status* status);
  // Next line without its "\n" or "\r\n"; false at end of input or on error.
  bool ReadLine(std::string* line, Status* status, size_t max_len = kMaxLineBytes);
  int64_t line_number() const { return line_number_; }  // of the last line read

  int64_t raw_bytes_read() const { return raw_read_; }
  int64_t raw_size() const { return raw_size_; }  // -1 when unknown (a pipe)
  int64_t bytes_out() const { return out_total_; }  // decompressed bytes produced
  // SHA-256 of every raw byte read so far. Reads the rest of the input first, so that the hash
  // always covers the whole source.
  std::string Sha256Hex(Status* status);
  // Stops hashing: the caller already knows the source's hash (HashFile on a regular file), so
  // the bytes are not hashed twice. Sha256Hex() must not be called afterwards.
  void DisableHash() { hash_ = false; }
  // Reading fails ("reading stopped") once *flag is true: how ingest stops a read it began
  // while something else was still being prepared. The flag must outlive the reads.
  void StopWhen(const std::atomic<bool>* flag) { stop_ = flag; }

 private:
  Input() = default;
  bool Fill(Status* status);  // appends decompressed bytes to buf_; false at EOF/error

  std::string path_, name_;
  int fd_ = -1;
  bool own_fd_ = false;
  bool raw_eof_ = false;
  int64_t raw_read_ = 0, raw_size_ = -1, out_total_ = 0, line_number_ = 0;
  Sha256 sha_;
  bool hash_ = true;
  const std::atomic<bool>* stop_ = nullptr;
  std::unique_ptr<Decoder> decoder_;
  std::string raw_;        // raw bytes not yet decoded
  size_t raw_pos_ = 0;
  std::string buf_;        // decoded bytes not yet consumed, from buf_pos_
  size_t buf_pos_ = 0;
  bool decoded_eof_ = false;
};

// Reads a whole regular file's SHA-256 without decoding it (a cheap first pass that lets a
// re-ingest of the same bytes be skipped before any parsing). Error if it cannot be read.
Result<std::string> HashFile(const std::string& path);

}  // namespace threadlens
