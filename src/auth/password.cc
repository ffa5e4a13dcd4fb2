// Passwords: the policy check and argon2id hashing (libargon2).
#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/auth.h"
#include "auth/internal.h"

namespace dengbao::auth {
namespace {

// OWASP's minimum configuration for argon2id: 19 MiB, two passes, one lane.
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kPasses = 2;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr size_t kMaxPasswordBytes = 256;
// Logins shorter than this are not searched for in passwords ("a" would forbid every "a").
constexpr size_t kMinLoginToSearch = 3;

// Unicode code points of UTF-8 text: bytes that do not continue a sequence.
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int Classes(std::string_view s) {
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool other = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;  // punctuation, spaces and every non-ASCII character
    }
  }
  return static_cast<int>(lower) + static_cast<int>(upper) + static_cast<int>(digit) +
         static_cast<int>(other);
}

}  // namespace

Status CheckPasswordPolicy(const PasswordPolicy& p, std::string_view password, std::string_view login) {
  std::vector<std::string> broken;
  if (CodePoints(password) < static_cast<size_t>(std::max(p.min_length, 0)))
    broken.push_back("少于 " + std::to_string(p.min_length) + " 个字符 (shorter than " +
                     std::to_string(p.min_length) + " characters)");
  if (Classes(password) < p.min_classes)
    broken.push_back("应至少含小写字母、大写字母、数字、其他字符中的 " + std::to_string(p.min_classes) +
                     " 类 (needs " + std::to_string(p.min_classes) +
                     " of lower case, upper case, digits, other characters)");
  if (login.size() >= kMinLoginToSearch && Lower(password).find(Lower(login)) != std::string::npos)
    broken.emplace_back("不得包含用户名 (contains the login)");
  if (password.size() > kMaxPasswordBytes)
    broken.push_back("超过 " + std::to_string(kMaxPasswordBytes) + " 字节 (longer than " +
                     std::to_string(kMaxPasswordBytes) + " bytes)");
  if (broken.empty()) return {};
  std::string detail = "口令不符合策略 (password policy): ";
  for (size_t i = 0; i < broken.size(); ++i) detail += (i ? "；" : "") + broken[i];
  return MakeError(ErrorCode::kInvalidArgument, detail);
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    return MakeError(ErrorCode::kInvalidArgument, "口令过长 (password too long)");
  std::string salt = internal::RandomBytes(kSaltBytes);
  std::string encoded(argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id),
                      '\0');
  int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt.data(),
                                 salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    return MakeError(ErrorCode::kInternal,
                     std::string("argon2id 计算失败 (argon2id failed): ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (!encoded.starts_with("$argon2id$") || password.size() > kMaxPasswordBytes) return false;
  const std::string z(encoded);  // argon2 wants a NUL-terminated string
  // argon2_verify recomputes the hash and compares in constant time.
  return argon2id_verify(z.c_str(), password.data(), password.size()) == ARGON2_OK;
}

namespace internal {

void DummyVerify(std::string_view password) {
  static const std::string kDummy = [] {
    auto h = HashPassword(RandomBytes(16));
    return h ? *h : std::string();
  }();
  if (!kDummy.empty()) (void)VerifyPassword(kDummy, password.substr(0, kMaxPasswordBytes));
}

std::vector<std::string> ParseHistory(std::string_view json) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json, nullptr, false);  // no exceptions: discarded on error
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

std::string HistoryJson(const std::vector<std::string>& hashes) { return nlohmann::json(hashes).dump(); }

}  // namespace internal
}  // namespace dengbao::auth
