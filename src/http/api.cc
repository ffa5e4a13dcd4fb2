// Requests, responses, error mapping and path matching (api.h). Pure functions except that
// generic 500 responses write their hidden detail to the server's error log (internal.h).
#include "http/api.h"

#include <cctype>
#include <exception>
#include <string>
#include <utility>

#include "http/internal.h"

namespace dengbao::http {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
bool IsAttrChar(unsigned char c) {
  if (std::isalnum(c) != 0) return true;
  return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// The quoted-string fallback for old clients: printable ASCII only, each UTF-8 sequence one '_'.
std::string AsciiFallback(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x80) {
      // A lead byte becomes one '_'; continuation bytes (10xxxxxx) belong to it.
      if ((c & 0xC0) != 0x80) out += '_';
    } else if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '/' || c == ';') {
      out += '_';
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.empty()) out = "download";
  return out;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAttrChar(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // after the leading '/'
  while (true) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return out;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = HexValue(s[i + 1]);
    const int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  const auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<nlohmann::json> Request::Json() const {
  if (body.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "请求体不是有效的 JSON (invalid JSON): 请求体为空 (empty body)");
  }
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("请求体不是有效的 JSON (invalid JSON): ") + e.what());
  }
}

Response Response::JsonBody(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  // Invalid UTF-8 in stored text must not throw here: replace it with U+FFFD.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::File(std::string bytes, std::string content_type, std::string_view file_name) {
  Response r;
  r.body = std::move(bytes);
  r.content_type = std::move(content_type);
  r.headers["Content-Disposition"] = "attachment; filename=\"" + AsciiFallback(file_name) +
                                     "\"; filename*=UTF-8''" + PercentEncode(file_name);
  r.headers["X-Content-Type-Options"] = "nosniff";
  return r;
}

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kUsage:
    case ErrorCode::kSyntax:
    case ErrorCode::kUnsupported:  // the request asked for something this server does not do
      return 400;
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kDuplicate:
    case ErrorCode::kIntegrity:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  return Response::JsonBody({{"error", err}}, status);
}

Response ErrorResponse(const Error& e, std::string_view field) {
  const int status = StatusFor(e.code);
  if (status >= 500) {
    // Details (paths, SQL, library messages) go to the server log, never to the client.
    LogInternalError(e);
    return ErrorResponse(500, "Internal", "服务器内部错误 (internal error)");
  }
  std::string message =
      std::string(ErrorMessageZh(e.code)) + " (" + std::string(ErrorMessageEn(e.code)) + ")";
  if (!e.detail.empty()) message += ": " + e.detail;
  // A position in an uploaded file (line > 0) is part of the message, so people can find it; a
  // bare name without a position is how handlers name the offending request field.
  std::string f(field);
  if (e.where.line > 0) {
    message = e.where.ToString() + ": " + message;
  } else if (f.empty() && !e.where.file.empty()) {
    f = e.where.file;
  }
  return ErrorResponse(status, ErrorCodeName(e.code), message, f);
}

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
  const auto want = SplitPath(pattern);
  const auto have = SplitPath(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto decoded = PercentDecode(have[i]);
    if (!decoded) return false;
    const std::string& seg = *decoded;
    if (seg == "." || seg == ".." || seg.find('/') != std::string::npos ||
        seg.find('\0') != std::string::npos) {
      return false;
    }
    const std::string_view w = want[i];
    if (w.size() >= 2 && w.front() == '{' && w.back() == '}') {
      if (seg.empty()) return false;
      found[std::string(w.substr(1, w.size() - 2))] = seg;
    } else if (w != seg) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace dengbao::http
