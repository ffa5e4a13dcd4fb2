// Small helpers shared by the API route files: the service context of a request, JSON bodies
// with typed fields, pagination, role checks that depend on the data (an owner sees only their
// own items), and the resources loaded at start.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/resources.h"
#include "http/server.h"
#include "service/service.h"

namespace dengbao::http {

// Role sets used by the route tables.
inline constexpr auth::RoleSet kSec = auth::Bit(auth::Role::kSecadmin);
inline constexpr auth::RoleSet kSys = auth::Bit(auth::Role::kSysadmin);
inline constexpr auth::RoleSet kAuditor = auth::Bit(auth::Role::kAuditor);
inline constexpr auth::RoleSet kSecView = kSec | auth::Bit(auth::Role::kViewer);
inline constexpr auth::RoleSet kSecViewOwner = kSecView | auth::Bit(auth::Role::kOwner);
inline constexpr auth::RoleSet kSecOwner = kSec | auth::Bit(auth::Role::kOwner);
inline constexpr auth::RoleSet kAdmins = kSec | kSys | kAuditor;

// today (Asia/Shanghai, DENGBAO_TODAY honoured) and now for the request.
Result<service::Ctx> ServiceCtx(HandlerContext& hc);
// The resources the server loaded at start (kInternal when the server was started without them).
Result<const Resources*> Res(HandlerContext& hc);

// A JSON object body; kInvalidArgument when it is not one.
Result<nlohmann::json> ObjectBody(const Request& req);
// Typed members: absent → `fallback` (or kInvalidArgument naming the field when required).
Result<std::string> Str(const nlohmann::json& body, std::string_view field, bool required,
                        std::string fallback = "");
Result<int> Int(const nlohmann::json& body, std::string_view field, bool required, int fallback = 0);
Result<std::vector<std::string>> StrList(const nlohmann::json& body, std::string_view field);

// {"items": page, "total", "limit", "offset"} from ?limit= (default 100, at most 1000) and
// ?offset=.
Result<nlohmann::json> Page(const Request& req, const nlohmann::json& all);

// The logged-in user's login and role.
std::string Login(const Request& req);
bool IsRole(const Request& req, auth::Role role);

// A request-body schema for the OpenAPI document: an object with the given {name, type} members.
nlohmann::json SchemaObject(std::initializer_list<std::pair<const char*, const char*>> props,
                            std::vector<std::string> required);

// A Result<json> as a response.
Result<Response> JsonOk(const Result<nlohmann::json>& j, int status = 200);

}  // namespace dengbao::http
