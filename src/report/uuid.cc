#include "report/uuid.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace dengbao::report {

UuidBytes UuidV5(const UuidBytes& ns, std::string_view name) {
  std::vector<unsigned char> data(ns.begin(), ns.end());
  data.insert(data.end(), name.begin(), name.end());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // SHA-1 is in OpenSSL's default provider (digests are allowed even where FIPS forbids SHA-1
  // signatures), so a failure here means a broken libcrypto, not bad input.
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr) != 1 || len < 16) {
    std::fputs("dengbao: libcrypto could not compute SHA-1\n", stderr);
    std::abort();
  }
  UuidBytes u{};
  for (size_t i = 0; i < u.size(); ++i) u[i] = md[i];
  u[6] = static_cast<std::uint8_t>((u[6] & 0x0f) | 0x50);  // version 5
  u[8] = static_cast<std::uint8_t>((u[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return u;
}

std::string UuidString(const UuidBytes& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[u[i] >> 4];
    s += kHex[u[i] & 0x0f];
  }
  return s;
}

}  // namespace dengbao::report
