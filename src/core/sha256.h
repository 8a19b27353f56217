// SHA-256 (FIPS 180-4), incremental. Used for source identity (sources.sha256, computed over
// every raw byte of a dump, so it must keep up with multi-gigabyte files) and the rules'
// fingerprint (topics.rules_sha256). Backed by OpenSSL's libcrypto, which uses the CPU's SHA
// extensions where present (about ten times a portable implementation). Linear, constant memory.
// Copyable (a copy continues independently); not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace threadlens {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256& other);
  Sha256& operator=(const Sha256& other);

  void Update(std::string_view data);
  // Lowercase hex digest. Finishes the hash; call once.
  std::string HexDigest();

  static std::string Hex(std::string_view data) {
    Sha256 h;
    h.Update(data);
    return h.HexDigest();
  }

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace threadlens
