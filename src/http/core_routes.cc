// The routes of the server core (server.h CoreRoutes): the OpenAPI document and the session
// life cycle under /api/v1/auth/. The dispatcher has already checked session, role and CSRF.
#include <string>

#include "http/server.h"

namespace dengbao::http {

namespace {

using nlohmann::json;

#ifndef DENGBAO_VERSION
#define DENGBAO_VERSION "0.0.0"
#endif

// The body's object with string members `names`; a 400 naming the first bad field otherwise.
struct Fields {
  std::map<std::string, std::string> values;
  std::optional<Response> error;
  const std::string& operator[](const std::string& k) const { return values.at(k); }
};

Fields ReadFields(const Request& req, std::initializer_list<std::string_view> required,
                  std::initializer_list<std::string_view> optional = {}) {
  Fields f;
  auto body = req.Json();
  if (!body) {
    f.error = ErrorResponse(body.error());
    return f;
  }
  if (!body->is_object()) {
    f.error = ErrorResponse(400, "InvalidArgument",
                            "参数无效 (invalid argument): 请求体须为 JSON 对象 (object expected)");
    return f;
  }
  auto read = [&](std::string_view name, bool must) {
    const auto it = body->find(name);
    if (it == body->end() || it->is_null()) {
      if (must) {
        f.error = ErrorResponse(400, "InvalidArgument",
                                "参数无效 (invalid argument): 缺少字段 (missing field)", name);
      }
      f.values[std::string(name)] = "";
      return;
    }
    if (!it->is_string()) {
      f.error = ErrorResponse(400, "InvalidArgument",
                              "参数无效 (invalid argument): 须为字符串 (string expected)", name);
      return;
    }
    f.values[std::string(name)] = it->get<std::string>();
  };
  for (const auto n : required) {
    if (!f.error) read(n, true);
  }
  for (const auto n : optional) {
    if (!f.error) read(n, false);
  }
  return f;
}

json SessionJson(const auth::Session& s) {
  return {{"user", s.user},
          {"name", s.name},
          {"role", auth::RoleId(s.role)},
          {"role_label", auth::RoleLabel(s.role)},
          {"csrf", s.csrf},
          {"second_factor", s.second_factor},
          {"must_enrol_totp", s.must_enrol_totp},
          {"must_change_password", s.must_change_password},
          {"expires_at", s.expires_at}};
}

Result<Response> OpenApiDocument(const Request&, HandlerContext&) {
  // Built once: the table is immutable for the life of the process.
  static const std::string doc = [] {
    const auto routes = ApiRoutes();
    return OpenApi(routes, DENGBAO_VERSION).dump(-1, ' ', false, json::error_handler_t::replace);
  }();
  Response r;
  r.body = doc;
  return r;
}

Result<Response> LoginHandler(const Request& req, HandlerContext& ctx) {
  const Fields f = ReadFields(req, {"login", "password"}, {"totp"});
  if (f.error) return *f.error;
  auto session = ctx.auth.Login(f["login"], f["password"], f["totp"], req.remote, ctx.now);
  if (!session) {
    const auth::LoginError& e = session.error();
    const std::string message = e.message.empty() ? "用户名或密码错误 (wrong login or password)" : e.message;
    switch (e.failure) {
      case auth::LoginFailure::kLocked: {
        Response r = ErrorResponse(423, "Locked", message);
        r.body = json{{"error", {{"code", "Locked"}, {"message", message}, {"locked_until", e.locked_until}}}}
                     .dump(-1, ' ', false, json::error_handler_t::replace);
        return r;
      }
      case auth::LoginFailure::kInternal:
        return MakeError(ErrorCode::kInternal, "login: " + e.message);
      case auth::LoginFailure::kSecondFactorRequired:
        return ErrorResponse(401, "SecondFactorRequired", message, "totp");
      default:
        // Wrong login, wrong password, wrong code and disabled accounts look the same.
        return ErrorResponse(401, "BadCredentials", message);
    }
  }
  Response r = Response::JsonBody({{"user", session->user},
                                   {"name", session->name},
                                   {"role", auth::RoleId(session->role)},
                                   {"csrf", session->csrf},
                                   {"must_enrol_totp", session->must_enrol_totp},
                                   {"must_change_password", session->must_change_password}});
  r.headers["Set-Cookie"] =
      SessionCookie(session->token, ctx.config.tls, ctx.config.sessions.absolute_seconds);
  return r;
}

Result<Response> SetupHandler(const Request& req, HandlerContext& ctx) {
  const Fields f = ReadFields(req, {"token", "login", "name", "password"});
  if (f.error) return *f.error;
  if (auto st = ctx.auth.CompleteSetup(f["token"], f["login"], f["name"], f["password"], ctx.now); !st) {
    return std::unexpected(st.error());
  }
  return Response::JsonBody({{"user", f["login"]}, {"role", auth::RoleId(auth::Role::kSysadmin)}});
}

Result<Response> LogoutHandler(const Request& req, HandlerContext& ctx) {
  if (auto st = ctx.auth.Logout(req.session->token, ctx.now); !st) return std::unexpected(st.error());
  Response r = Response::JsonBody(json::object());
  r.headers["Set-Cookie"] = ClearSessionCookie(ctx.config.tls);
  return r;
}

Result<Response> SessionHandler(const Request& req, HandlerContext&) {
  return Response::JsonBody(SessionJson(*req.session));
}

Result<Response> PasswordHandler(const Request& req, HandlerContext& ctx) {
  const Fields f = ReadFields(req, {"old", "new"});
  if (f.error) return *f.error;
  if (auto st = ctx.auth.ChangePassword(req.session->user, f["old"], f["new"], ctx.now); !st) {
    return std::unexpected(st.error());
  }
  return Response::JsonBody(json::object());
}

Result<Response> TotpBeginHandler(const Request& req, HandlerContext& ctx) {
  auto secret = ctx.auth.BeginTotp(req.session->user, ctx.now);
  if (!secret) return std::unexpected(secret.error());
  return Response::JsonBody({{"secret", *secret}, {"uri", auth::TotpUri(req.session->user, *secret)}});
}

Result<Response> TotpConfirmHandler(const Request& req, HandlerContext& ctx) {
  const Fields f = ReadFields(req, {"code"});
  if (f.error) return *f.error;
  if (auto st = ctx.auth.ConfirmTotp(req.session->user, f["code"], ctx.now); !st)
    return std::unexpected(st.error());
  if (auto st = ctx.auth.MarkSecondFactor(req.session->token); !st) return std::unexpected(st.error());
  return Response::JsonBody({{"must_enrol_totp", false}});
}

json StringObject(std::initializer_list<std::string_view> names) {
  json props = json::object();
  json required = json::array();
  for (const auto n : names) {
    props[std::string(n)] = {{"type", "string"}};
    required.push_back(n);
  }
  return {{"type", "object"}, {"required", required}, {"properties", props}};
}

json SessionSchema() {
  return {{"type", "object"},
          {"properties",
           {{"user", {{"type", "string"}}},
            {"name", {{"type", "string"}}},
            {"role", {{"type", "string"}}},
            {"csrf", {{"type", "string"}}},
            {"must_enrol_totp", {{"type", "boolean"}}},
            {"must_change_password", {{"type", "boolean"}}}}}};
}

}  // namespace

std::vector<Route> CoreRoutes() {
  const auth::RoleSet any = auth::kAnyRole;
  json login_schema = StringObject({"login", "password"});
  login_schema["properties"]["totp"] = {{"type", "string"}, {"description", "6 位动态口令 (TOTP code)"}};
  std::vector<Route> routes;
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/openapi.json",
                         .summary = "接口文档 (OpenAPI document)",
                         .tag = "meta",
                         .access = Access::kPublic,
                         .roles = any,
                         .handler = OpenApiDocument,
                         .request_schema = nullptr,
                         .response_schema = {{"type", "object"}},
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/login",
                         .summary = "登录 (sign in): 密码与动态口令，设置会话 Cookie",
                         .tag = "auth",
                         .access = Access::kPublic,
                         .roles = any,
                         .handler = LoginHandler,
                         .request_schema = login_schema,
                         .response_schema = SessionSchema(),
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/setup",
                         .summary = "首次设置 (first-run setup): 用一次性令牌创建系统管理员",
                         .tag = "auth",
                         .access = Access::kPublic,
                         .roles = any,
                         .handler = SetupHandler,
                         .request_schema = StringObject({"token", "login", "name", "password"}),
                         .response_schema = nullptr,
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/logout",
                         .summary = "退出登录 (sign out)",
                         .tag = "auth",
                         .access = Access::kEnrolment,
                         .roles = any,
                         .handler = LogoutHandler,
                         .request_schema = nullptr,
                         .response_schema = nullptr,
                         .query_params = {}});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/auth/session",
                         .summary = "当前会话 (current session): 用户、角色与 CSRF 令牌",
                         .tag = "auth",
                         .access = Access::kEnrolment,
                         .roles = any,
                         .handler = SessionHandler,
                         .request_schema = nullptr,
                         .response_schema = SessionSchema(),
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/password",
                         .summary = "修改密码 (change password)",
                         .tag = "auth",
                         .access = Access::kEnrolment,
                         .roles = any,
                         .handler = PasswordHandler,
                         .request_schema = StringObject({"old", "new"}),
                         .response_schema = nullptr,
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/totp/begin",
                         .summary = "开始绑定动态口令 (begin TOTP enrolment): 返回密钥与 otpauth 地址",
                         .tag = "auth",
                         .access = Access::kEnrolment,
                         .roles = any,
                         .handler = TotpBeginHandler,
                         .request_schema = nullptr,
                         .response_schema = StringObject({"secret", "uri"}),
                         .query_params = {}});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/auth/totp/confirm",
                         .summary = "确认绑定动态口令 (confirm TOTP enrolment)",
                         .tag = "auth",
                         .access = Access::kEnrolment,
                         .roles = any,
                         .handler = TotpConfirmHandler,
                         .request_schema = StringObject({"code"}),
                         .response_schema = nullptr,
                         .query_params = {}});
  return routes;
}

}  // namespace dengbao::http
