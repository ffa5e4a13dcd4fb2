// http_test_server: Serve with ApiRoutes() for tests/http (built only with DENGBAO_TESTS). Prints
// the setup token and "listening on …" to stdout; the access log goes to stderr.
// Usage: http_test_server --db URL --state-dir DIR [--port N] [--host H] [--no-tls] [--max-body N]
//        [--read-timeout S] [--login-per-minute N] [--api-per-minute N] [--threads N] [--web-root DIR]
#include <iostream>
#include <string>
#include <string_view>

#include "http/server.h"

int main(int argc, char** argv) {
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
    } else if (arg == "--web-root") {
      config.web_root = value();
    } else {
      std::cerr << "http_test_server: unknown argument " << arg << "\n";
      return 2;
    }
  }
  config.console = &std::cout;
  const auto routes = dengbao::http::ApiRoutes();
  if (auto st = dengbao::http::Serve(config, routes); !st) {
    std::cerr << "http_test_server: " << st.error().ToString() << "\n";
    return dengbao::ExitCodeFor(st.error().code);
  }
  return 0;
}
