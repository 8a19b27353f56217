#include <catch2/catch.hpp>
#include <string>

#include "core/sha256.h"

using threadlens::Sha256;

TEST_CASE("sha256 matches FIPS 180-4 test vectors", "[core]") {
  CHECK(Sha256::Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256::Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256::Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256::Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 is independent of how the input is split", "[core]") {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + 3);
  std::string whole = Sha256::Hex(data);
  for (size_t step : {1u, 3u, 63u, 64u, 65u, 127u}) {
    Sha256 h;
    for (size_t i = 0; i < data.size(); i += step) h.Update(std::string_view(data).substr(i, step));
    CHECK(h.HexDigest() == whole);
  }
}
