// The HTTP API's building blocks (issue #6): requests and responses as plain values, and the route
// table from which the dispatcher, the authorisation checks, the OpenAPI document and the
// "every route denies anonymous requests" test are all generated. Handlers never see a request
// that failed authentication, authorisation or CSRF checks. Thread-safety: the table is
// immutable; handlers run concurrently, each with its own Store.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.h"
#include "core/error.h"
#include "store/store.h"

namespace dengbao::http {

struct Request {
  std::string method;                              // GET, POST, PUT, PATCH, DELETE
  std::string path;                                // without the query string
  std::map<std::string, std::string> path_params;  // "{id}" segments of the route pattern
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote;  // peer address
  // Set by the dispatcher for routes that need a session.
  std::optional<auth::Session> session;

  std::optional<std::string> Query(std::string_view name) const;
  // The body as JSON; kInvalidArgument naming the problem (the dispatcher turns it into 400).
  Result<nlohmann::json> Json() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;  // extra headers (Content-Disposition, Set-Cookie, …)

  static Response JsonBody(const nlohmann::json& j, int status = 200);
  // A file download: Content-Disposition attachment with an RFC 5987-encoded file name.
  static Response File(std::string bytes, std::string content_type, std::string_view file_name);
};

// Error bodies are always {"error": {"code": "NotFound", "message": "…", "field": "…"}}; the
// status comes from the error code (kNotFound 404, kPermissionDenied 403, kInvalidArgument /
// kUsage / kSyntax / kValidation 400 or 422, kDuplicate 409, kTooLarge 413, kIntegrity 409,
// others 500 with a generic message — never internal details, SQL or stack traces).
Response ErrorResponse(const Error& e, std::string_view field = "");
// An error body with an explicit status and code for the dispatcher's own refusals
// ("Unauthenticated", "CsrfFailed", "RateLimited", …); `message` is zh-first and safe to show.
Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field = "");
int StatusFor(ErrorCode code);

// What a handler gets besides the request: a Store of its own (one per worker thread) and the
// service context (actor = "web:<login>", today, now).
struct HandlerContext;
using Handler = std::function<Result<Response>(const Request&, HandlerContext&)>;

enum class Access {
  kPublic,     // no session: only the login, setup and OpenAPI routes
  kSession,    // a full session (second factor done when required, password not expired)
  kEnrolment,  // a session that may still have to enrol TOTP or change its password
};

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/api/v1/items/{round}/{item}"
  std::string_view summary;  // zh-first, goes into OpenAPI
  std::string_view tag;      // OpenAPI tag: systems, rounds, items, …
  Access access = Access::kSession;
  auth::RoleSet roles = auth::kAnyRole;  // who may call it
  Handler handler;
  // Optional OpenAPI fragments: the request body schema and the 200 response schema.
  nlohmann::json request_schema;
  nlohmann::json response_schema;
  std::vector<std::string_view> query_params;  // documented query parameters
};

// GET/HEAD/OPTIONS are safe; everything else changes state and needs the CSRF header.
bool ChangesState(std::string_view method);

// OpenAPI 3.0.3 for the table: paths with their parameters, tags, security (cookie session plus
// the X-CSRF-Token header on state changes), the shared error schema, and x-roles listing who
// may call each operation.
nlohmann::json OpenApi(std::span<const Route> routes, std::string_view version);

// Matches a concrete path against a pattern; fills `params` on success. Segments are compared
// after percent-decoding; a decoded segment containing '/' or equal to "." or ".." never matches.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params);

}  // namespace dengbao::http
