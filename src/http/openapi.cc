// The OpenAPI 3.0.3 document generated from the route table (api.h OpenApi).
#include <cctype>
#include <set>
#include <string>

#include "http/api.h"

namespace dengbao::http {

namespace {

constexpr auth::Role kAllRoles[] = {auth::Role::kSysadmin, auth::Role::kSecadmin, auth::Role::kAuditor,
                                    auth::Role::kOwner, auth::Role::kViewer};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsParam(std::string_view seg) { return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}'; }

// Appends `word` with its first letter upper-cased, splitting on '-', '_' and '.'.
void AppendCamel(std::string& out, std::string_view word) {
  bool upper = true;
  for (const char c : word) {
    if (c == '-' || c == '_' || c == '.') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
}

std::vector<std::string_view> Segments(std::string_view pattern) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= pattern.size()) {
    const size_t slash = pattern.find('/', start);
    const size_t end = slash == std::string_view::npos ? pattern.size() : slash;
    if (end > start) out.push_back(pattern.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool IsVersionSegment(std::string_view seg) {
  if (seg.size() < 2 || seg.front() != 'v') return false;
  for (size_t i = 1; i < seg.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(seg[i])) == 0) return false;
  }
  return true;
}

// "GET /api/v1/items/{round}/{item}" -> "getItemsByRoundByItem".
std::string OperationId(const Route& r) {
  std::string id = Lower(r.method);
  for (const auto seg : Segments(r.pattern)) {
    if (seg == "api" || IsVersionSegment(seg)) continue;
    if (IsParam(seg)) {
      id += "By";
      AppendCamel(id, seg.substr(1, seg.size() - 2));
    } else {
      AppendCamel(id, seg);
    }
  }
  return id;
}

nlohmann::json ErrorRef(std::string_view description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

nlohmann::json Operation(const Route& r, const std::string& operation_id) {
  nlohmann::json op = {{"operationId", operation_id}, {"summary", r.summary}, {"tags", {r.tag}}};
  nlohmann::json params = nlohmann::json::array();
  for (const auto seg : Segments(r.pattern)) {
    if (!IsParam(seg)) continue;
    params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}}});
  }
  for (const auto q : r.query_params) {
    params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (!r.request_schema.is_null()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", r.request_schema}}}}}};
  }
  const nlohmann::json ok_schema =
      r.response_schema.is_null() ? nlohmann::json{{"type", "object"}} : r.response_schema;
  op["responses"] = {
      {"200", {{"description", "成功 (OK)"}, {"content", {{"application/json", {{"schema", ok_schema}}}}}}},
      {"400", ErrorRef("请求无效 (bad request)")},
      {"401", ErrorRef("未登录或会话已过期 (unauthenticated)")},
      {"403", ErrorRef("权限不足或 CSRF 校验失败 (forbidden)")},
      {"404", ErrorRef("未找到 (not found)")},
      {"429", ErrorRef("请求过于频繁 (rate limited)")},
      {"500", ErrorRef("服务器内部错误 (internal error)")},
  };
  nlohmann::json roles = nlohmann::json::array();
  if (r.access == Access::kPublic) {
    op["security"] = nlohmann::json::array();
  } else {
    nlohmann::json requirement = {{"sessionCookie", nlohmann::json::array()}};
    if (ChangesState(r.method)) requirement["csrfHeader"] = nlohmann::json::array();
    op["security"] = nlohmann::json::array({requirement});
    for (const auto role : kAllRoles) {
      if ((r.roles & auth::Bit(role)) != 0) roles.push_back(auth::RoleId(role));
    }
  }
  op["x-roles"] = roles;
  op["x-access"] =
      r.access == Access::kPublic ? "public" : (r.access == Access::kSession ? "session" : "enrolment");
  return op;
}

nlohmann::json Components() {
  const nlohmann::json error_schema = {{"type", "object"},
                                       {"required", {"error"}},
                                       {"properties",
                                        {{"error",
                                          {{"type", "object"},
                                           {"required", {"code", "message"}},
                                           {"properties",
                                            {{"code", {{"type", "string"}, {"example", "NotFound"}}},
                                             {"message", {{"type", "string"}}},
                                             {"field", {{"type", "string"}}}}}}}}}};
  return {{"schemas", {{"Error", error_schema}}},
          {"securitySchemes",
           {{"sessionCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "dengbao_session"}}},
            {"csrfHeader", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-CSRF-Token"}}}}}};
}

}  // namespace

nlohmann::json OpenApi(std::span<const Route> routes, std::string_view version) {
  nlohmann::json paths = nlohmann::json::object();
  nlohmann::json tags = nlohmann::json::array();
  std::set<std::string, std::less<>> seen_tags;
  std::set<std::string, std::less<>> seen_ids;
  for (const auto& r : routes) {
    std::string id = OperationId(r);
    // Two routes can derive the same id ("/a-b" and "/a_b"); number the later ones.
    for (int n = 2; seen_ids.contains(id); ++n) id = OperationId(r) + std::to_string(n);
    seen_ids.insert(id);
    paths[std::string(r.pattern)][Lower(r.method)] = Operation(r, id);
    if (!r.tag.empty() && seen_tags.insert(std::string(r.tag)).second) tags.push_back({{"name", r.tag}});
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Dengbao API"},
            {"version", version},
            {"description",
             "等保 2.0 合规平台的 HTTP API；会话 Cookie 认证，状态变更需 X-CSRF-Token 头 "
             "(Dengbao HTTP API: cookie session, X-CSRF-Token header on state changes)"}}},
          {"tags", tags},
          {"paths", paths},
          {"components", Components()}};
}

}  // namespace dengbao::http
