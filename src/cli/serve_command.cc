// `dengbao serve`: the HTTP(S) server with the REST API (issue #6), and `--self-check`, the
// product's own configuration against the level-3 application units.
#include <nlohmann/json.hpp>

#include "cli/assess_common.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/store_common.h"
#include "http/resources.h"
#include "http/self_check.h"
#include "http/server.h"
#include "ops/checklist.h"
#include "probes/registry.h"

namespace dengbao::cli {
namespace {

namespace fs = std::filesystem;

Result<std::pair<std::string, int>> ParseListen(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return MakeError(ErrorCode::kUsage, "--listen 应写作 主机:端口，如 127.0.0.1:8443 (expected HOST:PORT)");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) throw std::invalid_argument("port");
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) return MakeError(ErrorCode::kUsage, "--listen 的端口应为 0–65535 (bad port)");
  return std::pair{host, port};
}

Result<std::shared_ptr<const http::Resources>> LoadResources(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto rules = ctx.Rules();
  if (!rules) return std::unexpected(rules.error());
  fs::path base = ctx.CatalogPath();
  auto profiles = assess::LoadProfiles(base / "scoring");
  if (!profiles) return std::unexpected(profiles.error());
  auto costs = plan::LoadCostDefaults(base / "plan" / "cost-defaults.yaml");
  if (!costs) return std::unexpected(costs.error());
  auto checklists = ops::LoadChecklists(base.parent_path() / "operations" / "checklists");
  if (!checklists) return std::unexpected(checklists.error());
  probes::Registry registry;
  probes::RegisterBuiltinProbes(registry);
  std::shared_ptr<const http::Resources> res = std::make_shared<const http::Resources>(http::Resources{
      **cat, **rules, std::move(registry), std::move(*profiles), std::move(*costs), std::move(*checklists)});
  return res;
}

}  // namespace

Status RunServe(Context& ctx) {
  http::ServerConfig config;
  auto listen = ParseListen(ctx.args().Get("listen").value_or("127.0.0.1:8443"));
  if (!listen) return std::unexpected(listen.error());
  config.host = listen->first;
  config.port = listen->second;
  config.tls = !ctx.args().Flag("no-tls");
  if (auto c = ctx.args().Get("cert")) config.cert_file = *c;
  if (auto k = ctx.args().Get("key")) config.key_file = *k;
  if (config.cert_file.empty() != config.key_file.empty())
    return MakeError(ErrorCode::kUsage, "--cert 与 --key 须同时给出 (give both --cert and --key)");
  auto idle = ctx.IntOption("idle-timeout", 10, 24 * 3600);
  if (!idle) return std::unexpected(idle.error());
  if (*idle) config.sessions.idle_seconds = **idle;
  auto threads = ctx.IntOption("threads", 2, 1024);
  if (!threads) return std::unexpected(threads.error());
  if (*threads) config.threads = **threads;
  if (auto w = ctx.args().Get("web")) config.web_root = *w;
  auto login_rate = ctx.IntOption("login-rate", 1, 100000);
  if (!login_rate) return std::unexpected(login_rate.error());
  if (*login_rate) config.login_attempts_per_minute = **login_rate;

  if (ctx.args().Flag("self-check")) {
    nlohmann::json j = http::SelfCheckJson(config);
    const int noncompliant = j["summary"]["noncompliant"];
    if (ctx.json()) {
      ctx.out() << j.dump(2) << "\n";
    } else {
      std::vector<std::vector<std::string>> rows;
      for (const auto& u : j["units"]) {
        const std::string r = u["result"];
        const std::string zh = r == "compliant"      ? "符合"
                               : r == "partial"      ? "部分符合"
                               : r == "noncompliant" ? "不符合"
                                                     : "需人工";
        rows.push_back({u["unit"], u["control_point"], zh, u["note"]});
      }
      ctx.out() << "Dengbao 自身配置对照第三级应用系统要求（" << (config.tls ? "HTTPS" : "HTTP") << " "
                << config.host << ":" << config.port << "）\n";
      PrintTable(ctx.out(), {"单元", "控制点", "结果", "依据"}, rows);
    }
    if (noncompliant > 0) ctx.SetExitCode(1);
    return {};
  }

  auto url = DbUrl(ctx);
  if (!url) return std::unexpected(url.error());
  config.db_url = *url;
  if (auto s = ctx.args().Get("state-dir")) {
    config.state_dir = *s;
  } else if (url->starts_with("sqlite:")) {
    config.state_dir = fs::path(url->substr(7)).parent_path() / "tls";
  } else {
    // PostgreSQL: the certificate lives in the default data folder, not beside a database file.
    auto dir = DataDir();
    if (!dir) return std::unexpected(dir.error());
    config.state_dir = *dir / "tls";
  }
  auto res = LoadResources(ctx);
  if (!res) return std::unexpected(res.error());
  config.resources = *res;
  config.console = &ctx.out();
  const auto routes = http::ApiRoutes();
  return http::Serve(config, routes);
}

}  // namespace dengbao::cli
