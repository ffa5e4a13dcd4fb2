// The server log: access log lines and the details hidden behind generic 500 responses.
#include <ctime>
#include <iostream>
#include <mutex>

#include "http/internal.h"

namespace dengbao::http {

namespace {

std::mutex log_mu;
std::ostream* log_stream = nullptr;  // guarded by log_mu
thread_local std::string current_request_id;

}  // namespace

void SetLogStream(std::ostream* out) {
  const std::lock_guard lock(log_mu);
  log_stream = out;
}

void WriteLogLine(const std::string& line) {
  const std::lock_guard lock(log_mu);
  std::ostream& out = log_stream != nullptr ? *log_stream : std::cerr;
  out << line << '\n';
  out.flush();
}

void SetCurrentRequestId(std::string id) { current_request_id = std::move(id); }
const std::string& CurrentRequestId() { return current_request_id; }

std::string UtcTimestamp(std::chrono::system_clock::time_point t) {
  const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
  const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%.*s.%03dZ", static_cast<int>(n), buf, static_cast<int>(millis));
  return out;
}

void LogInternalError(const Error& e) {
  const nlohmann::ordered_json line = {{"time", UtcTimestamp(std::chrono::system_clock::now())},
                                       {"level", "error"},
                                       {"request_id", current_request_id},
                                       {"code", ErrorCodeName(e.code)},
                                       {"detail", e.ToString()}};
  WriteLogLine(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace dengbao::http
