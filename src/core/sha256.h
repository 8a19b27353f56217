// SHA-256 (FIPS 180-4), incremental. Used for source identity (sources.sha256) and the rules'
// fingerprint (topics.rules_sha256). Linear in the input, constant memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace threadlens {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  // Lowercase hex digest. Finishes the hash; call once.
  std::string HexDigest();

  static std::string Hex(std::string_view data) {
    Sha256 h;
    h.Update(data);
    return h.HexDigest();
  }

 private:
  void Block(const unsigned char* p);
  uint32_t h_[8];
  unsigned char buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

}  // namespace threadlens
