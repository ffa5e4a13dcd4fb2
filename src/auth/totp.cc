// TOTP (RFC 6238 over RFC 4226 HOTP with HMAC-SHA1), base32 and random tokens.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "auth/auth.h"
#include "auth/internal.h"

namespace dengbao::auth {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int64_t kStepSeconds = 30;
constexpr int kDigits = 6;
constexpr size_t kSecretBytes = 20;  // RFC 4226 recommends 160 bits

// HOTP (RFC 4226 §5.3): dynamic truncation of HMAC-SHA1(key, counter), modulo 10^6.
std::optional<std::string> Hotp(std::string_view key, uint64_t counter) {
  std::array<unsigned char, 8> msg{};
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<size_t>(i)] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg.data(), msg.size(), mac.data(), &len) ==
          nullptr ||
      len != 20)
    return std::nullopt;
  const size_t off = mac[19] & 0x0f;
  const uint32_t bin = ((mac[off] & 0x7fU) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  std::array<char, 16> out{};
  std::snprintf(out.data(), out.size(), "%06u", bin % 1000000U);
  return std::string(out.data());
}

}  // namespace

namespace internal {

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 0x1f];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '-') continue;
    const char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    const size_t v = kBase32.find(up);
    if (v == std::string_view::npos) return std::nullopt;
    ++symbols;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // Valid lengths leave 0, 2, 4, 1 or 3 symbols after the last full 8-symbol group.
  const size_t rest = symbols % 8;
  if (rest == 1 || rest == 3 || rest == 6) return std::nullopt;
  return out;
}

std::string Base64Url(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kBase64Url[(buffer >> (bits - 6)) & 0x3f];
      bits -= 6;
    }
  }
  if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    // Handing out predictable tokens or salts would be worse than stopping.
    std::fputs("dengbao: 随机数发生器失败 (RAND_bytes failed)\n", stderr);
    std::abort();
  }
  return out;
}

std::optional<int64_t> MatchTotpStep(std::string_view base32_secret, std::string_view code, int64_t unix_time,
                                     int64_t after_step) {
  if (code.size() != kDigits || unix_time < 0) return std::nullopt;
  auto key = Base32Decode(base32_secret);
  if (!key || key->empty()) return std::nullopt;
  const int64_t now_step = TotpStep(unix_time);
  std::optional<int64_t> match;
  for (int64_t step = now_step - 1; step <= now_step + 1; ++step) {  // every step, so timing is even
    if (step < 0) continue;
    auto expected = Hotp(*key, static_cast<uint64_t>(step));
    if (expected && CRYPTO_memcmp(expected->data(), code.data(), kDigits) == 0 && step > after_step && !match)
      match = step;
  }
  return match;
}

}  // namespace internal

std::string NewTotpSecret() { return internal::Base32Encode(internal::RandomBytes(kSecretBytes)); }

Result<std::string> TotpCode(std::string_view base32_secret, int64_t unix_time) {
  auto key = internal::Base32Decode(base32_secret);
  if (!key || key->empty())
    return MakeError(ErrorCode::kInvalidArgument, "TOTP 密钥不是有效的 base32 (secret is not base32)");
  if (unix_time < 0)
    return MakeError(ErrorCode::kInvalidArgument, "时间早于 1970 年 (time before the epoch)");
  auto code = Hotp(*key, static_cast<uint64_t>(unix_time / kStepSeconds));
  if (!code) return MakeError(ErrorCode::kInternal, "HMAC-SHA1 计算失败 (HMAC-SHA1 failed)");
  return *code;
}

bool VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_time) {
  return internal::MatchTotpStep(base32_secret, code, unix_time, -1).has_value();
}

std::string TotpUri(std::string_view login, std::string_view base32_secret) {
  std::string label;
  for (unsigned char c : login) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      label += static_cast<char>(c);
    } else {
      std::array<char, 4> hex{};
      std::snprintf(hex.data(), hex.size(), "%%%02X", c);
      label += hex.data();
    }
  }
  return "otpauth://totp/Dengbao:" + label + "?secret=" + std::string(base32_secret) +
         "&issuer=Dengbao&algorithm=SHA1&digits=6&period=30";
}

std::string RandomToken(size_t bytes) { return internal::Base64Url(internal::RandomBytes(bytes)); }

}  // namespace dengbao::auth
