// `dengbao serve` (issue #6): HTTP/1.1 with keep-alive over cpp-httplib, TLS (OpenSSL) with the
// user's certificate or a self-signed one generated on first start, request size and time limits,
// rate limits, security headers, a structured access log, graceful shutdown on SIGINT/SIGTERM.
// Every request goes through one dispatcher: route match → session (cookie) → role → CSRF →
// handler → audit entry for state changes.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "auth/auth.h"
#include "core/error.h"
#include "http/api.h"
#include "store/store.h"

namespace dengbao::http {

struct Resources;  // resources.h: catalog, rules, profiles, costs, checklists (read-only)

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8443;
  std::string db_url;
  bool tls = true;
  std::filesystem::path cert_file;  // PEM; empty: self-signed under `state_dir`
  std::filesystem::path key_file;
  std::filesystem::path state_dir;           // self-signed certificate, key (0600)
  std::filesystem::path web_root;            // static front end (issue #7); empty: none
  size_t max_body_bytes = 40 * 1024 * 1024;  // evidence is ≤ 32 MiB, plus multipart overhead
  int read_timeout_seconds = 15;
  int write_timeout_seconds = 30;
  int keep_alive_seconds = 5;
  int threads = 64;
  int login_attempts_per_minute = 10;  // per client address
  int api_requests_per_minute = 6000;  // per session
  auth::PasswordPolicy passwords;
  auth::LockoutPolicy lockout;
  auth::SessionPolicy sessions;
  std::ostream* access_log = nullptr;          // JSON lines; nullptr: stderr
  std::ostream* console = nullptr;             // first-run setup token and the listening address
  std::shared_ptr<const Resources> resources;  // what the API handlers read (dengbao serve loads it)
};

// HandlerContext: per request, with the worker thread's Store.
struct HandlerContext {
  store::Store& db;
  auth::Authenticator& auth;
  const ServerConfig& config;
  std::string actor;  // "web:<login>" or "web:anonymous"
  int64_t now = 0;    // unix seconds
};

// Builds the whole route table (API + login + OpenAPI). Pure: no I/O until a handler runs.
std::vector<Route> ApiRoutes();
// The routes that belong to the server core (core_routes.cc): GET /api/openapi.json, and under
// /api/v1/auth/: login, setup, logout, session, password, totp/begin, totp/confirm.
std::vector<Route> CoreRoutes();

// The session cookie for handlers' Set-Cookie: "dengbao_session=<token>; Path=/; Max-Age=<n>;
// HttpOnly; SameSite=Strict" plus "; Secure" under TLS. ClearSessionCookie expires it.
std::string SessionCookie(const std::string& token, bool tls, int max_age);
std::string ClearSessionCookie(bool tls);

// Runs until `stop` becomes true or SIGINT/SIGTERM arrives; finishes in-flight requests first.
// Returns an error when it cannot listen or load the certificate.
Status Serve(const ServerConfig& config, std::span<const Route> routes, std::atomic<bool>* stop = nullptr);

// Writes a self-signed certificate and key (EC P-256, 1 year, CN/SAN = host and localhost) when
// they are missing; returns their paths.
Result<std::pair<std::filesystem::path, std::filesystem::path>> EnsureSelfSigned(
    const std::filesystem::path& dir, const std::string& host);

}  // namespace dengbao::http
