// `dengbao scan` and `dengbao rules ...`.
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/scan_output.h"
#include "host/fs_host.h"
#include "rules/rule_loader.h"
#include "rules/scan.h"

namespace dengbao::cli {

Status RunScan(Context& ctx) {
  auto level = ctx.IntOption("level", 1, 4);
  if (!level) return std::unexpected(level.error());
  std::string format = ctx.args().Get("format").value_or(ctx.json() ? "json" : "table");
  if (format != "table" && format != "json" && format != "html")
    return MakeError(ErrorCode::kUsage, "--format 取值 table|json|html (expected table, json or html)");
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto rules = ctx.Rules();
  if (!rules) return std::unexpected(rules.error());

  std::unique_ptr<host::Host> target;
  if (auto root = ctx.args().Get("root")) {
    auto h = host::NewRootfsHost(*root);
    if (!h) return std::unexpected(h.error());
    target = std::move(*h);
  } else {
    target = host::NewLocalHost();
  }
  rules::ScanOptions options{.level = level->value_or(3), .deep = ctx.args().Flag("deep")};
  rules::ScanReport report = rules::Scan(*target, **cat, **rules, ctx.Probes(), options);

  std::string content;
  if (format == "json")
    content = ScanJson(report, ctx.args().Flag("facts")).dump(2) + "\n";
  else if (format == "html")
    content = ScanHtml(report);
  else
    content = ScanText(report);
  if (auto out = ctx.args().Get("output")) {
    Status st = WriteFileAtomic(*out, content);
    if (!st) return st;
  } else {
    ctx.out() << content;
  }
  ctx.SetExitCode(ScanExitCode(report));
  return {};
}

Status RunRulesList(Context& ctx) {
  auto level = ctx.IntOption("level", 1, 4);
  if (!level) return std::unexpected(level.error());
  auto rules = ctx.Rules();
  if (!rules) return std::unexpected(rules.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : **rules) {
    if (*level && !r.units.contains(**level)) continue;
    nlohmann::json units = nlohmann::json::object();
    std::string unit_text;
    for (const auto& [l, ids] : r.units) {
      units["L" + std::to_string(l)] = ids;
      for (const auto& id : ids) unit_text += (unit_text.empty() ? "" : " ") + id;
    }
    arr.push_back({{"id", r.id},
                   {"title", r.title.zh},
                   {"title_en", r.title.en},
                   {"units", units},
                   {"platforms", r.platforms},
                   {"probes", r.probes},
                   {"high_risk", r.high_risk},
                   {"references", r.references},
                   {"file", r.where.file}});
    rows.push_back({r.id, Truncate(r.title.zh, 40), Truncate(unit_text, 40)});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  PrintTable(ctx.out(), {"规则", "名称", "测评单元"}, rows);
  ctx.out() << "共 " << rows.size() << " 条规则\n";
  return {};
}

Status RunRulesValidate(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  std::optional<Error> first;
  nlohmann::json files = nlohmann::json::array();
  for (const auto& p : ctx.args().positional) {
    std::vector<Error> diags;
    auto loaded = rules::LoadRules(p, **cat, ctx.Probes(), &diags);
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : diags) {
      errs.push_back(ErrorJson(e));
      if (!ctx.json()) ctx.err() << e.ToString() << "\n";
    }
    if (!loaded && !first) first = loaded.error();
    if (!ctx.json()) {
      if (loaded)
        ctx.out() << p << ": " << loaded->size() << " 条规则校验通过 (valid)\n";
      else
        ctx.err() << p << ": 发现 " << diags.size() << " 个错误 (invalid)\n";
    }
    files.push_back({{"path", p},
                     {"valid", loaded.has_value()},
                     {"rules", loaded ? loaded->size() : 0},
                     {"errors", errs}});
  }
  if (ctx.json()) ctx.out() << nlohmann::json{{"valid", !first}, {"files", files}}.dump(2) << "\n";
  if (first) {
    ctx.MarkErrorReported();
    return std::unexpected(*first);
  }
  return {};
}

}  // namespace dengbao::cli
