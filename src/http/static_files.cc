// Static front-end files under web_root (internal.h StaticFile). The SPA holds no data, so these
// are public; the only danger is reading outside the root, which the checks below rule out.
#include <fstream>
#include <iterator>
#include <system_error>

#include "http/internal.h"

namespace dengbao::http {

namespace {

constexpr std::uintmax_t kMaxStaticBytes = 64ULL * 1024 * 1024;

std::string ContentTypeFor(const std::filesystem::path& p) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  };
  const auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// The decoded relative path, or nullopt when a segment is malformed, "." / "..", or holds a
// separator or NUL after decoding.
std::optional<std::filesystem::path> RelativePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::filesystem::path rel;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    const auto seg = PercentDecode(path.substr(start, end - start));
    if (!seg || *seg == "." || *seg == ".." ||
        seg->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    if (!seg->empty()) rel /= *seg;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return rel;
}

}  // namespace

std::optional<Response> StaticFile(const std::filesystem::path& web_root, std::string_view path) {
  const auto rel = RelativePath(path);
  if (!rel) return std::nullopt;
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(web_root, ec);
  if (ec) return std::nullopt;
  auto full = std::filesystem::weakly_canonical(root / *rel, ec);
  if (ec) return std::nullopt;
  if (std::filesystem::is_directory(full, ec)) {
    full = std::filesystem::weakly_canonical(full / "index.html", ec);
    if (ec) return std::nullopt;
  }
  // After resolving symlinks the file must still lie under the root.
  const auto inside = full.lexically_relative(root);
  if (inside.empty() || *inside.begin() == ".." || inside.is_absolute()) return std::nullopt;
  if (!std::filesystem::is_regular_file(full, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(full, ec);
  if (ec || size > kMaxStaticBytes) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  if (!in) return std::nullopt;
  Response r;
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  r.content_type = ContentTypeFor(full);
  return r;
}

}  // namespace dengbao::http
