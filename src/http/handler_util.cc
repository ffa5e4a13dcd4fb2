#include "http/handler_util.h"

#include <charconv>

#include "workflow/dates.h"

namespace dengbao::http {

Result<service::Ctx> ServiceCtx(HandlerContext& hc) {
  auto today = workflow::TodayShanghai();
  if (!today) return std::unexpected(today.error());
  std::string now = workflow::FormatUtcInstant(std::chrono::sys_seconds(std::chrono::seconds(hc.now)));
  if (const char* fixed = std::getenv("DENGBAO_TODAY"); fixed != nullptr && *fixed != '\0')
    now = workflow::FormatDate(*today) + "T04:00:00Z";  // as service::MakeCtx: scripted runs repeat
  return service::Ctx{hc.db, hc.actor, *today, std::move(now)};
}

Result<const Resources*> Res(HandlerContext& hc) {
  if (!hc.config.resources) return MakeError(ErrorCode::kInternal, "server started without resources");
  return hc.config.resources.get();
}

Result<nlohmann::json> ObjectBody(const Request& req) {
  auto j = req.Json();
  if (!j) return std::unexpected(j.error());
  if (!j->is_object())
    return MakeError(ErrorCode::kInvalidArgument, "请求体须为 JSON 对象 (JSON object expected)");
  return j;
}

Result<std::string> Str(const nlohmann::json& body, std::string_view field, bool required,
                        std::string fallback) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required)
      return MakeError(ErrorCode::kInvalidArgument, "缺少字段 " + std::string(field) + " (missing field)",
                       {std::string(field), 0, 0});
    return fallback;
  }
  if (!it->is_string())
    return MakeError(ErrorCode::kInvalidArgument,
                     "字段 " + std::string(field) + " 须为字符串 (string expected)",
                     {std::string(field), 0, 0});
  return it->get<std::string>();
}

Result<int> Int(const nlohmann::json& body, std::string_view field, bool required, int fallback) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required)
      return MakeError(ErrorCode::kInvalidArgument, "缺少字段 " + std::string(field) + " (missing field)",
                       {std::string(field), 0, 0});
    return fallback;
  }
  if (!it->is_number_integer())
    return MakeError(ErrorCode::kInvalidArgument,
                     "字段 " + std::string(field) + " 须为整数 (integer expected)",
                     {std::string(field), 0, 0});
  return it->get<int>();
}

Result<std::vector<std::string>> StrList(const nlohmann::json& body, std::string_view field) {
  std::vector<std::string> out;
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array())
    return MakeError(ErrorCode::kInvalidArgument,
                     "字段 " + std::string(field) + " 须为字符串数组 (array expected)",
                     {std::string(field), 0, 0});
  for (const auto& v : *it) {
    if (!v.is_string())
      return MakeError(ErrorCode::kInvalidArgument,
                       "字段 " + std::string(field) + " 须为字符串数组 (array expected)",
                       {std::string(field), 0, 0});
    out.push_back(v.get<std::string>());
  }
  return out;
}

namespace {
Result<size_t> SizeParam(const Request& req, std::string_view name, size_t fallback, size_t max) {
  auto v = req.Query(name);
  if (!v) return fallback;
  size_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n > max)
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(name) + " 应为 0–" + std::to_string(max) + " 的整数 (integer expected)",
                     {std::string(name), 0, 0});
  return n;
}
}  // namespace

Result<nlohmann::json> Page(const Request& req, const nlohmann::json& all) {
  auto limit = SizeParam(req, "limit", 100, 1000);
  if (!limit) return std::unexpected(limit.error());
  auto offset = SizeParam(req, "offset", 0, 100000000);
  if (!offset) return std::unexpected(offset.error());
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = *offset; i < all.size() && i < *offset + *limit; ++i) items.push_back(all[i]);
  return nlohmann::json{
      {"items", std::move(items)}, {"total", all.size()}, {"limit", *limit}, {"offset", *offset}};
}

std::string Login(const Request& req) { return req.session ? req.session->user : ""; }

bool IsRole(const Request& req, auth::Role role) { return req.session && req.session->role == role; }

nlohmann::json SchemaObject(std::initializer_list<std::pair<const char*, const char*>> props,
                            std::vector<std::string> required) {
  nlohmann::json p = nlohmann::json::object();
  for (const auto& [name, type] : props) p[name] = {{"type", type}};
  return {{"type", "object"}, {"properties", p}, {"required", required}};
}

Result<Response> JsonOk(const Result<nlohmann::json>& j, int status) {
  if (!j) return std::unexpected(j.error());
  return Response::JsonBody(*j, status);
}

}  // namespace dengbao::http
