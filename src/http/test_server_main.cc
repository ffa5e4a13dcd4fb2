// http_test_server: Serve with ApiRoutes() for tests/http (built only with DENGBAO_TESTS). Prints
// the setup token and "listening on …" to stdout; the access log goes to stderr.
// Usage: http_test_server --db URL --state-dir DIR [--port N] [--host H] [--no-tls] [--max-body N]
//        [--read-timeout S] [--login-per-minute N] [--api-per-minute N] [--threads N] [--web-root DIR]
//        [--test-routes]
// --test-routes adds routes under /api/v1/test/ that the core table lacks: a full-session route,
// an auditor-only state change and a handler that throws.
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/server.h"

namespace {

using dengbao::http::Access;
using dengbao::http::HandlerContext;
using dengbao::http::Request;
using dengbao::http::Response;
using dengbao::http::Route;

void AddTestRoutes(std::vector<Route>& routes) {
  auto ping = [](const Request& req, HandlerContext& ctx) -> dengbao::Result<Response> {
    return Response::JsonBody({{"user", req.session->user}, {"actor", ctx.actor}});
  };
  auto boom = [](const Request&, HandlerContext&) -> dengbao::Result<Response> {
    // Deliberately escapes the handler: the dispatcher must turn it into a generic 500.
    throw std::runtime_error("SECRET-DETAIL /var/lib/dengbao/db.sqlite");
  };
  auto base = [](std::string_view method, std::string_view pattern) {
    return Route{.method = method,
                 .pattern = pattern,
                 .summary = "测试 (test)",
                 .tag = "test",
                 .access = Access::kSession,
                 .roles = dengbao::auth::kAnyRole,
                 .handler = nullptr,
                 .request_schema = nullptr,
                 .response_schema = nullptr,
                 .query_params = {}};
  };
  Route get_ping = base("GET", "/api/v1/test/ping");
  get_ping.handler = ping;
  Route post_ping = base("POST", "/api/v1/test/ping");
  post_ping.handler = ping;
  Route auditor_only = base("POST", "/api/v1/test/auditor");
  auditor_only.roles = dengbao::auth::Bit(dengbao::auth::Role::kAuditor);
  auditor_only.handler = ping;
  Route get_boom = base("GET", "/api/v1/test/boom");
  get_boom.handler = boom;
  routes.push_back(std::move(get_ping));
  routes.push_back(std::move(post_ping));
  routes.push_back(std::move(auditor_only));
  routes.push_back(std::move(get_boom));
}

}  // namespace

int main(int argc, char** argv) {
  bool test_routes = false;
  dengbao::http::ServerConfig config;
  config.port = 0;
  config.read_timeout_seconds = 5;
  config.write_timeout_seconds = 5;
  config.keep_alive_seconds = 2;
  config.threads = 8;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    auto value = [&]() -> std::string { return has_value ? argv[++i] : ""; };
    auto number = [&]() -> int { return has_value ? std::stoi(argv[++i]) : 0; };
    if (arg == "--db") {
      config.db_url = value();
    } else if (arg == "--state-dir") {
      config.state_dir = value();
    } else if (arg == "--port") {
      config.port = number();
    } else if (arg == "--host") {
      config.host = value();
    } else if (arg == "--no-tls") {
      config.tls = false;
    } else if (arg == "--max-body") {
      config.max_body_bytes = static_cast<size_t>(number());
    } else if (arg == "--read-timeout") {
      config.read_timeout_seconds = number();
    } else if (arg == "--login-per-minute") {
      config.login_attempts_per_minute = number();
    } else if (arg == "--api-per-minute") {
      config.api_requests_per_minute = number();
    } else if (arg == "--threads") {
      config.threads = number();
    } else if (arg == "--test-routes") {
      test_routes = true;
    } else if (arg == "--web-root") {
      config.web_root = value();
    } else {
      std::cerr << "http_test_server: unknown argument " << arg << "\n";
      return 2;
    }
  }
  config.console = &std::cout;
  auto routes = dengbao::http::ApiRoutes();
  if (test_routes) AddTestRoutes(routes);
  if (auto st = dengbao::http::Serve(config, routes); !st) {
    std::cerr << "http_test_server: " << st.error().ToString() << "\n";
    return dengbao::ExitCodeFor(st.error().code);
  }
  return 0;
}
