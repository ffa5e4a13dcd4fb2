#include "store/digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace dengbao::store {

namespace {

std::string Hex(const unsigned char* md, unsigned int len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0x0f];
  }
  return out;
}

// SM3 comes from the default provider when OpenSSL was built with it (Debian's is).
EVP_MD* FetchSm3() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);  // kept for the process
  return md;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // SHA-256 is in every OpenSSL provider; a failure means a broken libcrypto, not bad input.
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32) {
    std::fputs("dengbao: libcrypto could not compute SHA-256\n", stderr);
    std::abort();
  }
  return Hex(md, len);
}

bool Sm3Available() { return FetchSm3() != nullptr; }

Result<std::string> DigestHex(std::string_view algorithm, std::string_view data) {
  if (algorithm == "sha256") return Sha256Hex(data);
  if (algorithm != "sm3")
    return MakeError(ErrorCode::kUnsupported,
                     "未知的摘要算法 (unknown digest algorithm): " + std::string(algorithm));
  EVP_MD* md = FetchSm3();
  if (md == nullptr)
    return MakeError(ErrorCode::kUnsupported, "本机 OpenSSL 不提供 SM3 (this OpenSSL has no SM3)");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    return MakeError(ErrorCode::kInternal, "SM3 计算失败 (SM3 failed)");
  return Hex(out, len);
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
