#include "assess/inputs.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assess/applicability.h"
#include "catalog/grading.h"
#include "catalog/yaml_reader.h"

namespace dengbao::assess {

namespace fs = std::filesystem;
using catalog::Diagnostics;
using catalog::LocationOf;
using catalog::MapReader;

namespace {

constexpr std::string_view kSystemFormat = "dengbao-system/1";
constexpr std::string_view kQuestionnaireFormat = "dengbao-questionnaire/1";

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9'))) return false;
  return std::ranges::all_of(
      id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// An optional list of non-empty strings; a single scalar is accepted as a one-element list.
std::vector<std::string> OptionalStrings(MapReader& r, std::string_view key, const std::string& file,
                                         Diagnostics& diags) {
  std::vector<std::string> out;
  YAML::Node v = r.Raw(key);
  if (!v.IsDefined() || v.IsNull()) return out;
  if (v.IsScalar()) {
    if (!v.Scalar().empty()) out.push_back(v.Scalar());
    return out;
  }
  if (!v.IsSequence()) {
    diags.Add(ErrorCode::kValidation,
              "字段 '" + std::string(key) + "' 应为字符串列表 (expected a list of strings)",
              LocationOf(v, file));
    return out;
  }
  for (const auto& e : v) {
    if (!e.IsScalar() || e.Scalar().empty()) {
      diags.Add(ErrorCode::kValidation,
                "字段 '" + std::string(key) + "' 的元素应为非空字符串 (expected strings)",
                LocationOf(e, file));
      continue;
    }
    out.push_back(e.Scalar());
  }
  return out;
}

std::string CheckedDate(MapReader& r, std::string_view key, const std::string& file, Diagnostics& diags) {
  std::string text = r.OptionalString(key);
  if (text.empty()) return text;
  if (!catalog::ParseDate(text)) {
    diags.Add(ErrorCode::kValidation,
              "字段 '" + std::string(key) + "' 应为日期 YYYY-MM-DD，实际为 '" + text + "' (expected a date)",
              LocationOf(r.Raw(key), file));
    return "";
  }
  return text;
}

fs::path Resolve(const fs::path& base, const std::string& p) {
  fs::path path(p);
  return path.is_absolute() ? path : (base / path).lexically_normal();
}

Status FirstError(const Diagnostics& diags, std::vector<Error>* diagnostics) {
  if (diagnostics != nullptr)
    diagnostics->insert(diagnostics->end(), diags.errors().begin(), diags.errors().end());
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return {};
}

void ParseHeader(const YAML::Node& node, std::string_view expected_format, const std::string& file,
                 Diagnostics& diags) {
  if (!node.IsMap()) return;
  YAML::Node f = node["format"];
  if (!f.IsDefined() || !f.IsScalar() || f.Scalar() != expected_format)
    diags.Add(
        ErrorCode::kValidation,
        "缺少或错误的 format 字段，应为 '" + std::string(expected_format) + "' (wrong or missing format)",
        LocationOf(f.IsDefined() ? f : node, file));
}

void ParseSystemBlock(const YAML::Node& node, const std::string& file, const catalog::Catalog& cat,
                      SystemSpec& s, Diagnostics& diags) {
  MapReader r(node, file, "system", diags);
  if (!r.is_map()) return;
  s.id = r.String("id");
  if (!s.id.empty() && !ValidId(s.id))
    diags.Add(ErrorCode::kValidation, "system.id 只能含小写字母、数字和连字符 (expected [a-z0-9][a-z0-9-]*)",
              LocationOf(r.Raw("id"), file));
  s.name = r.String("name");
  s.organisation = r.OptionalString("organisation");
  s.level = r.Int("level", 1, 4);
  std::string grade = r.OptionalString("grade");
  if (s.level >= 1) {
    if (grade.empty()) {
      s.grade = catalog::FullGrade(s.level);
    } else if (auto g = catalog::ParseGrade(grade, s.level)) {
      s.grade = *g;
    } else {
      diags.Add(g.error().code, g.error().detail, LocationOf(r.Raw("grade"), file));
    }
  }
  s.extensions = OptionalStrings(r, "extensions", file, diags);
  for (const auto& e : s.extensions)
    if (e == "general" || cat.manifest().FindScope(e) == nullptr)
      diags.Add(ErrorCode::kValidation,
                "未知扩展 '" + e + "'，可选 cloud, mobile, iot, ics (unknown extension)",
                LocationOf(r.Raw("extensions"), file));
  s.business_continuity = r.OptionalBool("business_continuity", false);
  s.assessed_on = CheckedDate(r, "assessed_on", file, diags);
  if (s.assessed_on.empty()) s.assessed_on = catalog::FormatDate(catalog::TodayShanghai());
  std::string kind = r.OptionalString("kind");
  if (!kind.empty()) {
    if (kind != "self_check" && kind != "agency")
      diags.Add(ErrorCode::kValidation,
                "system.kind 应为 self_check（自查）或 agency（机构测评）(expected kind)",
                LocationOf(r.Raw("kind"), file));
    else
      s.kind = kind;
  }
  r.Finish();
}

void ParseTargets(const YAML::Node& seq, const std::string& file, const fs::path& base,
                  const catalog::Catalog& cat, SystemSpec& s, Diagnostics& diags) {
  std::map<std::string, SourceLocation> seen;
  for (const auto& node : seq) {
    MapReader r(node, file, "targets[]", diags);
    if (!r.is_map()) continue;
    TargetSpec t;
    t.where = r.where();
    t.id = r.String("id");
    t.name = r.String("name");
    t.type = r.String("type");
    t.note = r.OptionalString("note");
    std::string scan = r.OptionalString("scan");
    std::string root = r.OptionalString("root");
    r.Finish();
    if (!t.id.empty() && !ValidId(t.id))
      diags.Add(ErrorCode::kValidation,
                "测评对象 id '" + t.id + "' 只能含小写字母、数字和连字符 (expected [a-z0-9][a-z0-9-]*)",
                t.where);
    if (!t.id.empty()) {
      auto [it, inserted] = seen.emplace(t.id, t.where);
      if (!inserted)
        diags.Add(
            ErrorCode::kDuplicate,
            "测评对象 id '" + t.id + "' 重复，首次出现于 " + it->second.ToString() + " (duplicate target)",
            t.where);
    }
    if (!t.type.empty() && cat.manifest().FindTargetType(t.type) == nullptr)
      diags.Add(ErrorCode::kValidation,
                "未知测评对象类型 '" + t.type + "'（见 catalog.yaml 的 target_types）(unknown target type)",
                t.where);
    if (!scan.empty() && !root.empty())
      diags.Add(ErrorCode::kValidation,
                "测评对象 '" + t.id + "' 同时给出 scan 和 root，只能给一个 (give one)", t.where);
    if ((!scan.empty() || !root.empty()) && t.type != "server_os")
      diags.Add(
          ErrorCode::kValidation,
          "只有 server_os 类型的测评对象可以附加主机检查结果 (scan/root apply to server_os targets only)",
          t.where);
    if (!scan.empty()) t.scan = Resolve(base, scan).string();
    if (!root.empty()) t.root = Resolve(base, root).string();
    s.targets.push_back(std::move(t));
  }
  if (s.targets.empty())
    diags.Add(ErrorCode::kValidation, "至少需要一个测评对象 (targets must not be empty)",
              LocationOf(seq, file));
}

void ParseCompensations(const YAML::Node& seq, const std::string& file, const catalog::Catalog& cat,
                        SystemSpec& s, Diagnostics& diags) {
  if (!seq.IsDefined() || seq.IsNull()) return;
  if (!seq.IsSequence()) {
    diags.Add(ErrorCode::kValidation, "compensations 应为列表 (expected a list)", LocationOf(seq, file));
    return;
  }
  for (const auto& node : seq) {
    MapReader r(node, file, "compensations[]", diags);
    if (!r.is_map()) continue;
    CompensationSpec c;
    c.where = r.where();
    c.case_id = r.String("case");
    c.target = r.OptionalString("target");
    c.measure = r.String("measure");
    c.reason = r.String("reason");
    r.Finish();
    if (c.case_id.empty()) continue;
    const auto* hc = cat.FindCase(c.case_id);
    if (hc == nullptr) {
      diags.Add(ErrorCode::kValidation, "未知高风险案例 '" + c.case_id + "' (unknown high-risk case)",
                c.where);
      continue;
    }
    if (!hc->compensation)
      diags.Add(ErrorCode::kValidation,
                "高风险案例 " + c.case_id + "（" + hc->title.zh +
                    "）不允许以补偿措施降低风险 (the case allows no compensation)",
                c.where);
    if (!c.target.empty() &&
        std::ranges::none_of(s.targets, [&](const TargetSpec& t) { return t.id == c.target; }))
      diags.Add(ErrorCode::kValidation, "补偿措施指向不存在的测评对象 '" + c.target + "' (unknown target)",
                c.where);
    s.compensations.push_back(std::move(c));
  }
}

void ParsePlan(const YAML::Node& node, const std::string& file, SystemSpec& s, Diagnostics& diags) {
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader r(node, file, "plan", diags);
  if (!r.is_map()) return;
  if (auto rate = r.OptionalDouble("day_rate", -1e-9, 1e7)) s.plan.day_rate = *rate;
  if (std::string owner = r.OptionalString("default_owner"); !owner.empty()) s.plan.default_owner = owner;
  s.plan.start = CheckedDate(r, "start", file, diags);
  YAML::Node items = r.Raw("items");
  r.Finish();
  if (!items.IsDefined() || items.IsNull()) return;
  if (!items.IsMap()) {
    diags.Add(ErrorCode::kValidation, "plan.items 应为以整改项编号为键的映射 (expected a mapping by item id)",
              LocationOf(items, file));
    return;
  }
  for (auto it = items.begin(); it != items.end(); ++it) {
    const YAML::Node key = it->first;  // copy: `it->` yields a short-lived proxy
    const YAML::Node value = it->second;
    ItemOverride o;
    o.id = key.IsScalar() ? key.Scalar() : "";
    o.where = LocationOf(key, file);
    if (o.id.find('@') == std::string::npos && o.id.rfind("G-", 0) != 0)
      diags.Add(
          ErrorCode::kValidation,
          "整改项编号 '" + o.id + "' 应形如 单元@测评对象，如 L3-CES1-04@his-app-01 (expected unit@target)",
          o.where);
    MapReader ir(value, file, "plan.items." + o.id, diags);
    if (!ir.is_map()) continue;
    o.cost = ir.OptionalDouble("cost", -1e-9, 1e10);
    o.days = ir.OptionalDouble("days", -1e-9, 1e5);
    o.owner = ir.OptionalString("owner");
    o.deadline = CheckedDate(ir, "deadline", file, diags);
    ir.Finish();
    s.plan.items.push_back(std::move(o));
  }
}

}  // namespace

Result<SystemSpec> ParseSystemText(std::string_view text, const std::string& file, const fs::path& base_dir,
                                   const catalog::Catalog& cat, std::vector<Error>* diagnostics) {
  auto doc = catalog::ParseYaml(text, file);
  if (!doc) {
    if (diagnostics != nullptr) diagnostics->push_back(doc.error());
    return std::unexpected(doc.error());
  }
  Diagnostics diags;
  SystemSpec s;
  s.file = file;
  ParseHeader(*doc, kSystemFormat, file, diags);
  MapReader top(*doc, file, "系统描述 (system description)", diags);
  if (top.is_map()) {
    top.String("format");
    ParseSystemBlock(top.Map("system"), file, cat, s, diags);
    YAML::Node targets = top.Sequence("targets");
    if (targets.IsSequence()) ParseTargets(targets, file, base_dir, cat, s, diags);
    for (const auto& q : OptionalStrings(top, "questionnaires", file, diags))
      s.questionnaires.push_back(Resolve(base_dir, q).string());
    ParseCompensations(top.Raw("compensations"), file, cat, s, diags);
    ParsePlan(top.Raw("plan"), file, s, diags);
    top.Finish();
  }
  if (auto st = FirstError(diags, diagnostics); !st) return std::unexpected(st.error());
  return s;
}

Result<SystemSpec> LoadSystem(const fs::path& path, const catalog::Catalog& cat,
                              std::vector<Error>* diagnostics) {
  auto text = catalog::ReadTextFile(path, kMaxInputBytes);
  if (!text) {
    if (diagnostics != nullptr) diagnostics->push_back(text.error());
    return std::unexpected(text.error());
  }
  fs::path base = path.parent_path();
  if (base.empty()) base = ".";
  return ParseSystemText(*text, path.string(), fs::absolute(base), cat, diagnostics);
}

Result<std::vector<Answer>> ParseQuestionnaireText(std::string_view text, const std::string& file,
                                                   const SystemSpec& system, const catalog::Catalog& cat,
                                                   std::vector<Error>* diagnostics) {
  auto doc = catalog::ParseYaml(text, file);
  if (!doc) {
    if (diagnostics != nullptr) diagnostics->push_back(doc.error());
    return std::unexpected(doc.error());
  }
  Diagnostics diags;
  std::vector<Answer> answers;
  ParseHeader(*doc, kQuestionnaireFormat, file, diags);
  MapReader top(*doc, file, "问卷 (questionnaire)", diags);
  if (top.is_map()) {
    top.String("format");
    std::string sys = top.String("system");
    if (!sys.empty() && sys != system.id)
      diags.Add(ErrorCode::kValidation,
                "问卷属于系统 '" + sys + "'，而不是 '" + system.id + "' (wrong system)",
                LocationOf(top.Raw("system"), file));
    YAML::Node seq = top.Sequence("answers");
    top.Finish();
    for (const auto& node : seq) {
      MapReader r(node, file, "answers[]", diags);
      if (!r.is_map()) continue;
      Answer a;
      a.where = r.where();
      a.target = r.String("target");
      a.unit = r.String("unit");
      std::string result = r.String("result");
      a.record = r.OptionalString("record");
      a.methods = OptionalStrings(r, "method", file, diags);
      a.high_risk = OptionalStrings(r, "high_risk", file, diags);
      a.not_high_risk = r.OptionalString("not_high_risk");
      r.Finish();
      if (auto o = ParseOutcome(result)) {
        a.outcome = *o;
      } else if (!result.empty()) {
        diags.Add(ErrorCode::kValidation,
                  "result '" + result + "' 无效，可选：符合、部分符合、不符合、不适用、未测 (invalid result)",
                  LocationOf(r.Raw("result"), file));
        continue;
      }
      answers.push_back(std::move(a));
    }
  }
  if (diags.empty()) ValidateAnswers(answers, system, cat, diags);
  if (auto st = FirstError(diags, diagnostics); !st) return std::unexpected(st.error());
  return answers;
}

namespace {

std::string JsonString(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace

Result<ScanSummary> ParseScanJson(std::string_view text, const std::string& file) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return MakeError(ErrorCode::kSyntax,
                     "不是有效的 JSON (not valid JSON: expected `dengbao scan --json` output)", {file});
  if (!j.is_object() || JsonString(j, "tool") != "dengbao" || !j.contains("units") ||
      !j["units"].is_array() || !j.contains("level") || !j["level"].is_number_integer())
    return MakeError(
        ErrorCode::kValidation,
        "不是 dengbao scan --json 的输出（缺少 tool/level/units）(expected a saved dengbao scan)", {file});
  ScanSummary s;
  s.file = file;
  s.host = JsonString(j, "host");
  s.scanned_at = JsonString(j, "scanned_at");
  s.level = j["level"].get<int>();
  if (auto os = j.find("os"); os != j.end() && os->is_object()) s.os = JsonString(*os, "name");
  std::map<std::string, const nlohmann::json*> rules;
  if (auto rs = j.find("rules"); rs != j.end() && rs->is_array())
    for (const auto& r : *rs)
      if (r.is_object() && !JsonString(r, "id").empty()) rules[JsonString(r, "id")] = &r;
  size_t index = 0;
  for (const auto& u : j["units"]) {
    ++index;
    ScanUnit su;
    su.unit = u.is_object() ? JsonString(u, "unit") : "";
    su.verdict = u.is_object() ? JsonString(u, "result") : "";
    static const std::set<std::string, std::less<>> kVerdicts = {"compliant",      "partial", "noncompliant",
                                                                 "not_applicable", "manual",  "error"};
    if (su.unit.empty() || !kVerdicts.contains(su.verdict))
      return MakeError(
          ErrorCode::kValidation,
          "units[" + std::to_string(index - 1) + "] 缺少 unit 或 result 无效 (malformed unit entry)", {file});
    su.reason = JsonString(u, "reason");
    if (auto ids = u.find("rules"); ids != u.end() && ids->is_array()) {
      for (const auto& id : *ids) {
        if (!id.is_string()) continue;
        ScanRule rule;
        rule.id = id.get<std::string>();
        if (auto it = rules.find(rule.id); it != rules.end()) {
          const auto& r = *it->second;
          rule.status = JsonString(r, "status");
          rule.reason = JsonString(r, "reason");
          rule.title = JsonString(r, "title");
          if (auto rem = r.find("remediation"); rem != r.end() && rem->is_object()) {
            rule.remediation = JsonString(*rem, "zh");
            rule.command = JsonString(*rem, "command");
          }
        }
        su.rules.push_back(std::move(rule));
      }
    }
    // Failing rules first, so records and plans lead with what to fix.
    std::vector<ScanRule> ordered, rest;
    ordered.reserve(su.rules.size());
    for (auto& r : su.rules) (r.status == "fail" ? ordered : rest).push_back(std::move(r));
    std::ranges::move(rest, std::back_inserter(ordered));
    su.rules = std::move(ordered);
    s.units.push_back(std::move(su));
  }
  if (auto hs = j.find("high_risk_details"); hs != j.end() && hs->is_array()) {
    for (const auto& h : *hs) {
      if (!h.is_object()) continue;
      ScanHit hit;
      hit.case_id = JsonString(h, "id");
      for (const char* key : {"rules", "units"})
        if (auto a = h.find(key); a != h.end() && a->is_array())
          for (const auto& e : *a)
            if (e.is_string())
              (std::string_view(key) == "rules" ? hit.rules : hit.units).push_back(e.get<std::string>());
      if (!hit.case_id.empty()) s.hits.push_back(std::move(hit));
    }
  }
  return s;
}

}  // namespace dengbao::assess
