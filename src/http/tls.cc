// EnsureSelfSigned (server.h): an EC P-256 key and a self-signed X.509 v3 certificate made with
// OpenSSL 3, written atomically (key mode 0600) and reused on later starts.
#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "http/server.h"

namespace dengbao::http {

namespace {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

std::unexpected<Error> TlsError(const std::string& what) {
  return MakeError(ErrorCode::kInternal,
                   "无法生成自签名证书 (cannot create a self-signed certificate): " + what);
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string SubjectAltNames(const std::string& host) {
  std::string san = "DNS:localhost,IP:127.0.0.1";
  if (host.empty() || host == "localhost" || host == "127.0.0.1" || host == "0.0.0.0" || host == "::")
    return san;
  return san + (IsIpAddress(host) ? ",IP:" : ",DNS:") + host;
}

Status AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (ext == nullptr || X509_add_ext(cert, ext.get(), -1) != 1)
    return TlsError(std::string("extension ") + value);
  return {};
}

Result<std::string> Pem(const std::function<int(BIO*)>& write) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || write(bio.get()) != 1) return TlsError("PEM encoding");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

// Writes through a temporary file in the same directory and renames it into place, so a crash
// never leaves a truncated key; the mode is set at creation, before any byte is written.
Status WriteAtomically(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  const std::string tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, "无法写入 (cannot write) " + tmp + ": " + std::strerror(errno));
  }
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == content.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo,
                     "无法写入 (cannot write) " + path.string() + ": " + std::strerror(errno));
  }
  return {};
}

Result<std::pair<std::string, std::string>> MakeCertificate(const std::string& host) {
  const PkeyPtr key(EVP_EC_gen("P-256"));
  if (key == nullptr) return TlsError("EC P-256 key");
  const X509Ptr cert(X509_new());
  if (cert == nullptr || X509_set_version(cert.get(), 2) != 1) return TlsError("X509_new");
  // A random 127-bit serial number (positive, as RFC 5280 asks).
  const BnPtr serial(BN_new());
  if (serial == nullptr || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return TlsError("serial number");
  }
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  const std::string cn = host.empty() || host == "0.0.0.0" || host == "::" ? "localhost" : host;
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Dengbao"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  if (X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1) {
    return TlsError("names");
  }
  const std::string san = SubjectAltNames(host);
  for (const auto& [nid, value] : {std::pair<int, const char*>{NID_basic_constraints, "critical,CA:FALSE"},
                                   {NID_key_usage, "critical,digitalSignature"},
                                   {NID_ext_key_usage, "serverAuth"},
                                   {NID_subject_key_identifier, "hash"},
                                   {NID_subject_alt_name, san.c_str()}}) {
    if (auto st = AddExtension(cert.get(), nid, value); !st) return std::unexpected(st.error());
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return TlsError("signature");
  auto key_pem = Pem(
      [&](BIO* b) { return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  if (!key_pem) return std::unexpected(key_pem.error());
  auto cert_pem = Pem([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
  if (!cert_pem) return std::unexpected(cert_pem.error());
  return std::pair{std::move(*cert_pem), std::move(*key_pem)};
}

}  // namespace

Result<std::pair<std::filesystem::path, std::filesystem::path>> EnsureSelfSigned(
    const std::filesystem::path& dir, const std::string& host) {
  const auto cert_path = dir / "server.crt";
  const auto key_path = dir / "server.key";
  std::error_code ec;
  if (std::filesystem::exists(cert_path, ec) && std::filesystem::exists(key_path, ec)) {
    return std::pair{cert_path, key_path};
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo,
                     "无法创建目录 (cannot create directory) " + dir.string() + ": " + ec.message());
  }
  auto pems = MakeCertificate(host);
  if (!pems) return std::unexpected(pems.error());
  // The key first: a certificate without its key would be reused next time and fail to load.
  if (auto st = WriteAtomically(key_path, pems->second, 0600); !st) return std::unexpected(st.error());
  if (auto st = WriteAtomically(cert_path, pems->first, 0644); !st) return std::unexpected(st.error());
  return std::pair{cert_path, key_path};
}

}  // namespace dengbao::http
