// Serve (server.h): cpp-httplib wiring. Every request goes to the Dispatcher through one
// catch-all handler per method; httplib's own hooks add the security headers to every response
// (its own 400/413 included), turn its bare error statuses into JSON error bodies, and write the
// access log.
#include "http/server.h"

#include <httplib.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <pthread.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <csignal>
#include <ctime>
#include <iostream>
#include <thread>

#include "http/internal.h"

namespace dengbao::http {

namespace {

// What the access log needs about the request this worker thread is serving. httplib calls the
// pre-routing hook, the handler, the post-routing hook and the logger on the same thread, one
// request at a time per connection.
struct RequestLog {
  bool started = false;
  std::chrono::steady_clock::time_point start;
  std::string user = "-";
};
thread_local RequestLog request_log;

std::string NewRequestId() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "-";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (const unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 0xF];
  }
  return id;
}

std::string LowerAscii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void Transport(const httplib::Request& req, httplib::Response& res, Dispatcher& dispatcher, bool tls) {
  Incoming in;
  in.method = req.method;
  // req.path is already percent-decoded by httplib ("%2f" became "/"); the dispatcher decodes
  // each segment itself from the raw target.
  in.target = req.target;
  for (const auto& [k, v] : req.params) in.query.emplace(k, v);
  for (const auto& [k, v] : req.headers) in.headers.emplace(LowerAscii(k), v);
  in.body = req.body;
  in.remote = req.remote_addr;
  in.tls = tls;
  Outcome out = dispatcher.Handle(std::move(in), static_cast<int64_t>(std::time(nullptr)));
  request_log.user = out.user;
  res.status = out.response.status;
  for (const auto& [k, v] : out.response.headers) res.set_header(k, v);
  if (!out.response.body.empty()) res.set_content(out.response.body, out.response.content_type);
}

// httplib answers some requests itself (malformed, too large, URI too long) with an empty body.
httplib::Server::HandlerResponse JsonErrorBody(const httplib::Request& /*req*/, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  Response r;
  switch (res.status) {
    case 413:
      r = ErrorResponse(413, "TooLarge", "请求体超出大小限制 (request body too large)");
      break;
    case 414:
      r = ErrorResponse(414, "TooLarge", "请求地址过长 (URI too long)");
      break;
    case 404:
      r = ErrorResponse(404, "NotFound", "未找到 (not found)");
      break;
    default:
      if (res.status >= 500) {
        r = ErrorResponse(res.status, "Internal", "服务器内部错误 (internal error)");
      } else {
        r = ErrorResponse(res.status, "BadRequest", "请求无效 (bad request)");
      }
  }
  res.set_content(r.body, r.content_type);
  return httplib::Server::HandlerResponse::Handled;
}

void AccessLog(const httplib::Request& req, const httplib::Response& res) {
  double ms = 0;
  if (request_log.started) {
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_log.start)
             .count();
  }
  // Never the query string, headers or bodies: they may carry tokens and passwords.
  const nlohmann::ordered_json line = {{"time", UtcTimestamp(std::chrono::system_clock::now())},
                                       {"remote", req.remote_addr},
                                       {"method", req.method},
                                       {"path", std::string(TargetPath(req.target))},
                                       {"status", res.status},
                                       {"bytes", res.body.size()},
                                       {"ms", std::round(ms * 10) / 10},
                                       {"user", request_log.user},
                                       {"request_id", CurrentRequestId()}};
  WriteLogLine(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  request_log = RequestLog{};
  SetCurrentRequestId("");
}

void Configure(httplib::Server& server, const ServerConfig& config, Dispatcher& dispatcher) {
  const size_t threads = config.threads > 0 ? static_cast<size_t>(config.threads) : 1;
  // httplib takes ownership of the raw TaskQueue* it gets here and deletes it when listening
  // ends; make_unique + release keeps the `new` keyword out of our code.
  server.new_task_queue = [threads] { return std::make_unique<httplib::ThreadPool>(threads).release(); };
  server.set_payload_max_length(config.max_body_bytes);
  server.set_read_timeout(config.read_timeout_seconds, 0);
  server.set_write_timeout(config.write_timeout_seconds, 0);
  server.set_keep_alive_timeout(config.keep_alive_seconds);
  server.set_keep_alive_max_count(100);

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_log = RequestLog{.started = true, .start = std::chrono::steady_clock::now(), .user = "-"};
    SetCurrentRequestId(NewRequestId());
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const bool tls = config.tls;
  auto handler = [&dispatcher, tls](const httplib::Request& req, httplib::Response& res) {
    Transport(req, res, dispatcher, tls);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        LogInternalError(
            Error{.code = ErrorCode::kInternal, .detail = "exception in the HTTP layer", .where = {}});
        res.status = 500;
      });
  server.set_error_handler(httplib::Server::HandlerWithResponse(JsonErrorBody));
  server.set_post_routing_handler([tls](const httplib::Request& req, httplib::Response& res) {
    if (CurrentRequestId().empty()) SetCurrentRequestId(NewRequestId());
    // httplib reports exceptions in a header; nothing about the server's internals leaves it.
    res.headers.erase("EXCEPTION_WHAT");
    res.headers.erase("Server");
    for (const auto& [k, v] : SecurityHeaders(TargetPath(req.target), tls)) {
      res.headers.erase(k);
      res.headers.emplace(k, v);
    }
    res.set_header("X-Request-Id", CurrentRequestId());
  });
  server.set_logger(AccessLog);
}

std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Prints the one-time setup token when no account exists yet; checks that the database opens.
Status AnnounceSetupToken(const ServerConfig& config, std::ostream& console) {
  auto db = store::OpenStore(config.db_url);
  if (!db) return std::unexpected(db.error());
  auth::Authenticator authn(**db, config.passwords, config.lockout, config.sessions);
  auto token = authn.EnsureSetupToken(static_cast<int64_t>(std::time(nullptr)));
  if (!token) return std::unexpected(token.error());
  if (!token->empty()) {
    console
        << "首次启动：请用一次性设置令牌创建系统管理员 (first run: create the system administrator with this "
           "one-time setup token): "
        << *token << std::endl;
  }
  return {};
}

Result<std::unique_ptr<httplib::Server>> MakeServer(const ServerConfig& config) {
  if (!config.tls) return std::make_unique<httplib::Server>();
  std::filesystem::path cert = config.cert_file;
  std::filesystem::path key = config.key_file;
  if (cert.empty() != key.empty()) {
    return MakeError(ErrorCode::kUsage, "证书与私钥须同时给出 (certificate and key must be given together)");
  }
  if (cert.empty()) {
    if (config.state_dir.empty()) {
      return MakeError(ErrorCode::kUsage, "未指定证书或状态目录 (no certificate and no state directory)");
    }
    auto made = EnsureSelfSigned(config.state_dir, config.host);
    if (!made) return std::unexpected(made.error());
    std::tie(cert, key) = *made;
  }
  auto server = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
  if (!server->is_valid()) {
    return MakeError(ErrorCode::kIo, "无法加载证书或私钥 (cannot load certificate or key): " + cert.string() +
                                         ", " + key.string());
  }
  SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION);
  return server;
}

}  // namespace

std::string SessionCookie(const std::string& token, bool tls, int max_age) {
  std::string c = "dengbao_session=" + token + "; Path=/; Max-Age=" + std::to_string(std::max(0, max_age)) +
                  "; HttpOnly; SameSite=Strict";
  if (tls) c += "; Secure";
  return c;
}

std::string ClearSessionCookie(bool tls) { return SessionCookie("", tls, 0); }

Status Serve(const ServerConfig& config, std::span<const Route> routes, std::atomic<bool>* stop) {
  SetLogStream(config.access_log);
  std::ostream& console = config.console != nullptr ? *config.console : std::cout;
  if (auto st = AnnounceSetupToken(config, console); !st) return st;
  auto server = MakeServer(config);
  if (!server) return std::unexpected(server.error());
  Dispatcher dispatcher(config, routes);
  Configure(**server, config, dispatcher);

  int port = config.port;
  if (port == 0) {
    port = (*server)->bind_to_any_port(config.host);
  } else if (!(*server)->bind_to_port(config.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return MakeError(ErrorCode::kIo,
                     "无法监听 (cannot listen on) " + config.host + ":" + std::to_string(config.port));
  }
  // A peer closing a TLS connection mid-write must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  // SIGINT/SIGTERM are blocked here before any server thread starts (threads inherit the mask),
  // then collected synchronously below with sigtimedwait: no async signal handler at all.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &signals, &old_mask);

  std::atomic<bool> listener_done = false;
  std::atomic<bool> listened = false;
  std::thread listener([&] {
    listened = (*server)->listen_after_bind();
    listener_done = true;
  });
  console << "listening on " << (config.tls ? "https://" : "http://") << UrlHost(config.host) << ":" << port
          << std::endl;

  const timespec tick{.tv_sec = 0, .tv_nsec = 200 * 1000 * 1000};
  int signal_received = 0;
  while (!listener_done) {
    const int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) {
      signal_received = sig;
      break;
    }
    if (stop != nullptr && stop->load()) break;
  }
  // stop() closes the listening socket; the thread pool finishes queued and in-flight requests
  // before listen_after_bind returns.
  (*server)->stop();
  listener.join();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  console << "已停止 (stopped)"
          << (signal_received != 0 ? " on signal " + std::to_string(signal_received) : "") << std::endl;
  if (!listened && signal_received == 0 && (stop == nullptr || !stop->load())) {
    return MakeError(ErrorCode::kIo, "监听中断 (listening failed)");
  }
  return {};
}

}  // namespace dengbao::http
