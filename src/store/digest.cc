#include "store/digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace dengbao::store {

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // SHA-256 is in every OpenSSL provider; a failure means a broken libcrypto, not bad input.
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32) {
    std::fputs("dengbao: libcrypto could not compute SHA-256\n", stderr);
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0x0f];
  }
  return out;
}

std::string Canonical(const std::vector<Value>& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!f) {
      out += "~;";
      continue;
    }
    out += std::to_string(f->size());
    out += ':';
    out += *f;
    out += ';';
  }
  return out;
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace dengbao::store
