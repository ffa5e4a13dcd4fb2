// The dispatcher (internal.h): every request passes route match → session → role → CSRF → rate
// limit → handler → audit entry, in that order, here and nowhere else.
#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <memory>
#include <set>
#include <string>

#include "http/internal.h"

namespace dengbao::http {

namespace {

constexpr std::string_view kSessionCookie = "dengbao_session";

// One Store per worker thread, opened on first use (stores are not thread-safe).
struct WorkerStore {
  std::string url;
  std::unique_ptr<store::Store> db;
};
thread_local WorkerStore worker_store;

Result<store::Store*> StoreForThisThread(const std::string& url) {
  if (worker_store.db != nullptr && worker_store.url == url) return worker_store.db.get();
  worker_store.db.reset();
  auto db = store::OpenStore(url);
  if (!db) return std::unexpected(db.error());
  worker_store.db = std::move(*db);
  worker_store.url = url;
  return worker_store.db.get();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string HeaderOr(const std::map<std::string, std::string>& headers, const std::string& name) {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

bool IsJsonContentType(std::string_view value) {
  const size_t semi = value.find(';');
  return Lower(Trim(value.substr(0, semi == std::string_view::npos ? value.size() : semi))) ==
         "application/json";
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Response Generic500() { return ErrorResponse(500, "Internal", "服务器内部错误 (internal error)"); }

Response RateLimited(int retry_after) {
  Response r = ErrorResponse(429, "RateLimited", "请求过于频繁，请稍后再试 (too many requests)");
  r.headers["Retry-After"] = std::to_string(retry_after);
  return r;
}

}  // namespace

int RateLimiter::Take(const std::string& key, double now) {
  if (per_minute_ <= 0) return 0;
  const double rate = per_minute_ / 60.0;
  const std::lock_guard lock(mu_);
  // Bound memory: buckets idle for a minute are full again and can be forgotten.
  if (buckets_.size() > 10000) {
    std::erase_if(buckets_, [&](const auto& kv) { return now - kv.second.last > 60.0; });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{static_cast<double>(per_minute_), now});
  Bucket& b = it->second;
  b.tokens = std::min(static_cast<double>(per_minute_), b.tokens + (now - b.last) * rate);
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate)));
}

std::string_view TargetPath(std::string_view target) { return target.substr(0, target.find('?')); }

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    const std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> SecurityHeaders(std::string_view path, bool tls) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"Content-Security-Policy",
       "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", IsApiPath(path) ? "no-store" : "no-cache"},
  };
  if (tls) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return h;
}

Dispatcher::Dispatcher(const ServerConfig& config, std::span<const Route> routes)
    : config_(config),
      routes_(routes),
      login_limit_(config.login_attempts_per_minute),
      api_limit_(config.api_requests_per_minute) {}

Outcome Dispatcher::Route404(const std::string& path) const {
  Outcome out;
  out.path = path;
  out.response = ErrorResponse(404, "NotFound", "未找到 (not found)");
  return out;
}

Outcome Dispatcher::Handle(Incoming in, int64_t now) {
  try {
    return HandleUnguarded(in, now);
  } catch (const std::exception& e) {
    LogInternalError(
        Error{.code = ErrorCode::kInternal, .detail = std::string("dispatcher: ") + e.what(), .where = {}});
  } catch (...) {
    LogInternalError(
        Error{.code = ErrorCode::kInternal, .detail = "dispatcher: unknown exception", .where = {}});
  }
  Outcome out;
  out.path = std::string(TargetPath(in.target));
  out.response = Generic500();
  return out;
}

Outcome Dispatcher::HandleUnguarded(Incoming& in, int64_t now) {
  const std::string path(TargetPath(in.target));
  const std::string method = in.method == "HEAD" ? "GET" : in.method;

  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::set<std::string_view> allowed;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    if (!MatchPattern(r.pattern, path, p)) continue;
    if (r.method == method && route == nullptr) {
      route = &r;
      params = std::move(p);
    } else if (r.method != method) {
      allowed.insert(r.method);
    }
  }
  if (route == nullptr) {
    Outcome out = Route404(path);
    if (!allowed.empty()) {
      std::string allow;
      for (const auto m : allowed) allow += (allow.empty() ? "" : ", ") + std::string(m);
      out.response = method == "OPTIONS"
                         ? Response{.status = 204, .content_type = "", .body = "", .headers = {}}
                         : ErrorResponse(405, "MethodNotAllowed", "不允许的请求方法 (method not allowed)");
      out.response.headers["Allow"] = allow;
    } else if (method == "GET" && !IsApiPath(path) && !config_.web_root.empty()) {
      if (auto file = StaticFile(config_.web_root, path)) out.response = std::move(*file);
    }
    return out;
  }

  Outcome out;
  out.path = path;
  const bool public_route = route->access == Access::kPublic;
  const bool changes_state = ChangesState(method);

  if (public_route && changes_state) {
    // A JSON content type cannot be sent by a plain HTML form, which blocks login CSRF.
    if (!IsJsonContentType(HeaderOr(in.headers, "content-type"))) {
      out.response = ErrorResponse(415, "UnsupportedMediaType",
                                   "请求体须为 application/json (Content-Type must be application/json)");
      return out;
    }
    if (const int wait = login_limit_.Take("addr:" + in.remote, MonotonicSeconds()); wait > 0) {
      out.response = RateLimited(wait);
      return out;
    }
  }

  auto db = StoreForThisThread(config_.db_url);
  if (!db) {
    LogInternalError(db.error());
    out.response = Generic500();
    return out;
  }
  auth::Authenticator authn(**db, config_.passwords, config_.lockout, config_.sessions);

  Request req;
  req.method = method;
  req.path = path;
  req.path_params = std::move(params);
  // Moved, not copied: bodies may be tens of MiB.
  req.query = std::move(in.query);
  req.headers = std::move(in.headers);
  req.body = std::move(in.body);
  req.remote = std::move(in.remote);

  if (!public_route) {
    const std::string token = CookieValue(HeaderOr(req.headers, "cookie"), kSessionCookie);
    std::optional<auth::Session> session;
    if (!token.empty()) {
      auto v = authn.Validate(token, now);
      if (!v) {
        LogInternalError(v.error());
        out.response = Generic500();
        return out;
      }
      session = std::move(*v);
    }
    if (!session) {
      // Not audited: anonymous refusals would let anyone grow the audit chain.
      out.response =
          ErrorResponse(401, "Unauthenticated", "未登录或会话已过期 (not signed in or session expired)");
      return out;
    }
    if (session->token.empty()) session->token = token;
    out.user = session->user;
    req.session = std::move(session);
  }

  out.response = Authorise(*route, req, changes_state);
  if (out.response.status == 0) out.response = RunHandler(*route, req, **db, authn, now);

  if (!public_route && changes_state && out.response.status != 429) {
    // after_digest carries the HTTP status: the request-level trail of who tried what.
    auto entry = (*db)->AppendAudit("web:" + req.session->user, "http." + Lower(method), "http:" + path, "",
                                    std::to_string(out.response.status));
    if (!entry) LogInternalError(entry.error());
  }
  return out;
}

Response Dispatcher::Authorise(const Route& route, const Request& req, bool changes_state) {
  Response none;
  none.status = 0;
  if (route.access == Access::kPublic) return none;
  const auth::Session& s = *req.session;
  if (route.access == Access::kSession && s.must_enrol_totp) {
    return ErrorResponse(403, "EnrolmentRequired", "请先绑定动态口令 (TOTP enrolment required)");
  }
  if (route.access == Access::kSession && s.must_change_password) {
    return ErrorResponse(403, "PasswordChangeRequired", "请先修改密码 (password change required)");
  }
  if ((route.roles & auth::Bit(s.role)) == 0) {
    return ErrorResponse(403, "PermissionDenied", "权限不足 (permission denied): 当前角色无权执行此操作");
  }
  if (changes_state && !ConstantTimeEquals(HeaderOr(req.headers, "x-csrf-token"), s.csrf)) {
    return ErrorResponse(403, "CsrfFailed",
                         "CSRF 校验失败 (CSRF check failed): 缺少或错误的 X-CSRF-Token 头");
  }
  if (const int wait = api_limit_.Take("session:" + s.token, MonotonicSeconds()); wait > 0) {
    return RateLimited(wait);
  }
  return none;
}

Response Dispatcher::RunHandler(const Route& route, const Request& req, store::Store& db,
                                auth::Authenticator& authn, int64_t now) {
  HandlerContext ctx{.db = db,
                     .auth = authn,
                     .config = config_,
                     .actor = req.session ? "web:" + req.session->user : std::string("web:anonymous"),
                     .now = now};
  try {
    auto result = route.handler(req, ctx);
    if (!result) return ErrorResponse(result.error());
    return std::move(*result);
  } catch (const std::exception& e) {
    LogInternalError(Error{
        .code = ErrorCode::kInternal, .detail = std::string("handler threw: ") + e.what(), .where = {}});
  } catch (...) {
    LogInternalError(
        Error{.code = ErrorCode::kInternal, .detail = "handler threw a non-standard exception", .where = {}});
  }
  return Generic500();
}

}  // namespace dengbao::http
