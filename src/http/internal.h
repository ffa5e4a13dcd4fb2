// Pieces of the server shared between its source files and unit tests; not part of the API that
// route handlers use. The transport (server.cc, cpp-httplib) turns each request into an Incoming
// and hands it to the Dispatcher, which knows nothing about httplib.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "http/api.h"
#include "http/server.h"

namespace dengbao::http {

// Percent-decodes a path segment ('+' stays '+'); nullopt for a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s);

// ---- server log (access log lines and hidden error details) ----

// Where log lines go; nullptr: stderr. Thread-safe; the stream must outlive the server.
void SetLogStream(std::ostream* out);
// Writes one line (a newline is appended) under the log mutex.
void WriteLogLine(const std::string& line);
// {"time":…,"level":"error","request_id":…,"code":…,"detail":…}: the detail that a generic 500
// hides from the client.
void LogInternalError(const Error& e);
// The id of the request this thread is serving ("" outside a request); used in log lines.
void SetCurrentRequestId(std::string id);
const std::string& CurrentRequestId();
// "2024-05-01T08:00:00.123Z"
std::string UtcTimestamp(std::chrono::system_clock::time_point t);

// ---- rate limits ----

// Token buckets keyed by client address or session, `per_minute` tokens refilled evenly, burst up
// to `per_minute`. Thread-safe: mu_ guards buckets_.
class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
  // 0 when the request may proceed (a token is taken); otherwise the seconds to wait (≥ 1).
  // `now` is a monotonic time in seconds.
  int Take(const std::string& key, double now);

 private:
  struct Bucket {
    double tokens = 0;
    double last = 0;
  };
  int per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

// ---- dispatcher ----

struct Incoming {
  std::string method;
  std::string target;                             // raw request target: percent-encoded path and query
  std::multimap<std::string, std::string> query;  // decoded by the transport
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  std::string remote;
  bool tls = false;
};

struct Outcome {
  Response response;
  std::string user = "-";  // login for the access log
  std::string path;        // the path without its query string, for the access log
};

// Route match → session → role → CSRF → rate limit → handler → audit. Thread-safe: the route
// table and config are immutable, the rate limiters lock, and each worker thread opens its own
// Store and Authenticator on first use.
class Dispatcher {
 public:
  Dispatcher(const ServerConfig& config, std::span<const Route> routes);
  // Never throws; every failure is an error response. `now` is unix seconds.
  Outcome Handle(Incoming in, int64_t now);

 private:
  Outcome Route404(const std::string& path) const;
  Outcome HandleUnguarded(Incoming& in, int64_t now);
  // status 0: allowed; otherwise the refusal (enrolment, role, CSRF, rate limit).
  Response Authorise(const Route& route, const Request& req, bool changes_state);
  Response RunHandler(const Route& route, const Request& req, store::Store& db, auth::Authenticator& authn,
                      int64_t now);
  const ServerConfig& config_;
  std::span<const Route> routes_;
  RateLimiter login_limit_;
  RateLimiter api_limit_;
};

// The request-target's path (before '?').
std::string_view TargetPath(std::string_view target);
// The value of cookie `name` in a Cookie header; "" when absent.
std::string CookieValue(std::string_view header, std::string_view name);
// Adds the security headers every response carries (CSP, frame, nosniff, referrer; no-store for
// /api/; HSTS under TLS).
std::vector<std::pair<std::string, std::string>> SecurityHeaders(std::string_view path, bool tls);

// A file under web_root for GET `path`; nullopt when there is none (or the path escapes the root).
std::optional<Response> StaticFile(const std::filesystem::path& web_root, std::string_view path);

}  // namespace dengbao::http
