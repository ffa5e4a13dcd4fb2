#include "cli/assess_common.h"

#include "assess/applicability.h"
#include "assess/inputs.h"
#include "catalog/yaml_reader.h"
#include "cli/scan_output.h"
#include "host/fs_host.h"
#include "report/questionnaire.h"
#include "rules/scan.h"

namespace dengbao::cli {

namespace fs = std::filesystem;

const assess::Profile& Loaded::Profile(std::string_view id) const {
  for (const auto& p : profiles)
    if (p.id == id) return p;
  return profiles.front();
}

namespace {

Result<assess::ScanSummary> ScanRoot(Context& ctx, const assess::TargetSpec& t, int level,
                                     std::string& json) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto rules = ctx.Rules();
  if (!rules) return std::unexpected(rules.error());
  auto host = host::NewRootfsHost(t.root);
  if (!host) return std::unexpected(host.error());
  rules::ScanReport report =
      rules::Scan(**host, **cat, **rules, ctx.Probes(), {.level = level, .deep = false});
  json = ScanJson(report, false).dump();
  return assess::ParseScanJson(json, "root:" + t.root);
}

Result<std::vector<assess::Answer>> ReadQuestionnaire(const fs::path& path, const assess::SystemSpec& s,
                                                      const catalog::Catalog& cat) {
  if (path.extension() == ".xlsx") return report::ImportQuestionnaireXlsx(path, s, cat);
  auto text = catalog::ReadTextFile(path, assess::kMaxInputBytes);
  if (!text) return std::unexpected(text.error());
  return assess::ParseQuestionnaireText(*text, path.string(), s, cat);
}

}  // namespace

Result<Loaded> LoadForCommand(Context& ctx) {
  auto system_path = ctx.args().Get("system");
  if (!system_path)
    return MakeError(ErrorCode::kUsage, "缺少 --system FILE（系统描述文件）(--system is required)");
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto spec = assess::LoadSystem(*system_path, **cat);
  if (!spec) return std::unexpected(spec.error());

  for (const auto& pair : ctx.ListOption("scan")) {
    auto eq = pair.find('=');
    if (eq == std::string::npos)
      return MakeError(ErrorCode::kUsage,
                       "--scan 应写作 测评对象=文件，如 his-app-01=out/scan.json (expected TARGET=FILE)");
    std::string id = pair.substr(0, eq);
    auto it = std::ranges::find_if(spec->targets, [&](const assess::TargetSpec& t) { return t.id == id; });
    if (it == spec->targets.end())
      return MakeError(ErrorCode::kInvalidArgument,
                       "--scan 指向不存在的测评对象 '" + id + "' (unknown target)");
    if (it->type != "server_os")
      return MakeError(ErrorCode::kInvalidArgument,
                       "--scan 只能用于 server_os 类型的测评对象 (server_os only)");
    it->scan = fs::absolute(pair.substr(eq + 1)).string();
    it->root.clear();
  }
  for (const auto& q : ctx.ListOption("questionnaire"))
    spec->questionnaires.push_back(fs::absolute(q).string());

  Loaded out;
  out.scan_json.resize(spec->targets.size());
  out.questionnaire_files = spec->questionnaires;
  std::vector<std::optional<assess::ScanSummary>> scans(spec->targets.size());
  for (size_t i = 0; i < spec->targets.size(); ++i) {
    const auto& t = spec->targets[i];
    if (!t.scan.empty()) {
      auto text = catalog::ReadTextFile(t.scan, assess::kMaxInputBytes);
      if (!text) return std::unexpected(text.error());
      auto s = assess::ParseScanJson(*text, t.scan);
      if (!s) return std::unexpected(s.error());
      scans[i] = std::move(*s);
      out.scan_json[i] = std::move(*text);
    } else if (!t.root.empty()) {
      auto s = ScanRoot(ctx, t, spec->level, out.scan_json[i]);
      if (!s) return std::unexpected(s.error());
      scans[i] = std::move(*s);
    }
  }
  std::vector<assess::Answer> answers;
  for (const auto& q : spec->questionnaires) {
    auto a = ReadQuestionnaire(q, *spec, **cat);
    if (!a) return std::unexpected(a.error());
    answers.insert(answers.end(), std::make_move_iterator(a->begin()), std::make_move_iterator(a->end()));
  }
  if (spec->questionnaires.size() > 1) {
    // Answers from different files may collide; the per-file check cannot see that.
    catalog::Diagnostics diags;
    assess::ValidateAnswers(answers, *spec, **cat, diags);
    if (!diags.empty()) return std::unexpected(diags.errors().front());
  }
  auto built = assess::BuildAssessment(std::move(*spec), std::move(scans), answers, **cat);
  if (!built) return std::unexpected(built.error());

  out.assessment = std::move(*built);
  fs::path base = ctx.CatalogPath();
  if (fs::is_regular_file(base)) base = base.parent_path();
  auto profiles = assess::LoadProfiles(ctx.args().Get("profiles").value_or((base / "scoring").string()));
  if (!profiles) return std::unexpected(profiles.error());
  out.profiles = std::move(*profiles);
  auto costs = plan::LoadCostDefaults(base / "plan" / "cost-defaults.yaml");
  if (!costs) return std::unexpected(costs.error());
  out.costs = std::move(*costs);
  auto p = plan::BuildPlan(out.assessment, out.costs);
  if (!p) return std::unexpected(p.error());
  out.plan = std::move(*p);
  return out;
}

}  // namespace dengbao::cli
