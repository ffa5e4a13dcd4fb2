// `dengbao catalog ...` commands.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "catalog/loader.h"
#include "catalog/selection.h"
#include "cli/command.h"
#include "cli/output.h"

namespace dengbao::cli {
namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string WeightText(const catalog::Item& item) {
  if (!item.weight) return "-";
  std::ostringstream os;
  os << *item.weight;
  return os.str();
}

// Applies --level, --sa, --scope, --category and --target-type, in catalog order.
Result<std::vector<const catalog::Item*>> FilterItems(Context& ctx, const catalog::Catalog& cat) {
  auto level_opt = ctx.IntOption("level", 1, 4);
  if (!level_opt) return std::unexpected(level_opt.error());
  const std::optional<int> level = *level_opt;
  std::vector<std::string> scopes = ctx.ListOption("scope");
  std::vector<std::string> categories = ctx.ListOption("category");
  for (const auto& c : categories)
    if (cat.manifest().FindCategory(c) == nullptr)
      return MakeError(
          ErrorCode::kInvalidArgument,
          "未知安全类 '" + c + "'，可选: PES,CNS,ABS,CES,SMC,PSS,ORS,HRS,CMS,MMS (unknown category)");
  auto target_type = ctx.args().Get("target-type");
  if (target_type && cat.manifest().FindTargetType(*target_type) == nullptr)
    return MakeError(ErrorCode::kInvalidArgument,
                     "未知测评对象类型 '" + *target_type + "' (unknown target type)");

  std::vector<const catalog::Item*> selected;
  if (auto sa = ctx.args().Get("sa")) {
    auto grade = catalog::ParseGrade(*sa, level.value_or(0));
    if (!grade) return std::unexpected(grade.error());
    auto items = catalog::SelectApplicable(cat, *grade, scopes);
    if (!items) return std::unexpected(items.error());
    selected = std::move(*items);
  } else {
    for (const auto& s : scopes)
      if (cat.manifest().FindScope(s) == nullptr)
        return MakeError(ErrorCode::kInvalidArgument,
                         "未知范围 '" + s + "'，可选: general,cloud,mobile,iot,ics (unknown scope)");
    for (const auto& item : cat.items()) {
      if (level && item.level != *level) continue;
      if (!scopes.empty() && std::find(scopes.begin(), scopes.end(), item.scope) == scopes.end()) continue;
      selected.push_back(&item);
    }
  }
  std::erase_if(selected, [&](const catalog::Item* item) {
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(), item->category) == categories.end())
      return true;
    if (target_type &&
        std::find(item->objects.begin(), item->objects.end(), *target_type) == item->objects.end())
      return true;
    return false;
  });
  return selected;
}

void EmitItemYaml(YAML::Emitter& y, const catalog::Item& item) {
  y << YAML::BeginMap;
  y << YAML::Key << "unit" << YAML::Value << item.unit;
  y << YAML::Key << "level" << YAML::Value << item.level;
  y << YAML::Key << "scope" << YAML::Value << item.scope;
  y << YAML::Key << "clause" << YAML::Value;
  if (item.clause.empty())
    y << YAML::Null;
  else
    y << YAML::DoubleQuoted << item.clause;
  if (!item.clause_28448.empty())
    y << YAML::Key << "clause_28448" << YAML::Value << YAML::DoubleQuoted << item.clause_28448;
  y << YAML::Key << "category" << YAML::Value << item.category;
  y << YAML::Key << "control_point" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "zh"
    << YAML::Value << item.control_point.zh << YAML::Key << "en" << YAML::Value << item.control_point.en
    << YAML::EndMap;
  y << YAML::Key << "sag" << YAML::Value << std::string(1, catalog::SagLetter(item.sag));
  y << YAML::Key << "objects" << YAML::Value << YAML::Flow << item.objects;
  y << YAML::Key << "text" << YAML::Value << YAML::BeginMap << YAML::Key << "zh" << YAML::Value
    << YAML::DoubleQuoted << item.text.zh << YAML::Key << "en" << YAML::Value << YAML::DoubleQuoted
    << item.text.en << YAML::EndMap;
  if (item.weight) y << YAML::Key << "weight" << YAML::Value << *item.weight;
  y << YAML::Key << "evidence" << YAML::Value << YAML::Flow << item.evidence;
  if (item.optional) y << YAML::Key << "optional" << YAML::Value << true;
  if (item.extra_in_28448) y << YAML::Key << "extra_in_28448" << YAML::Value << true;
  if (!item.note.empty()) y << YAML::Key << "note" << YAML::Value << YAML::DoubleQuoted << item.note;
  y << YAML::EndMap;
}

std::string ExportYaml(const std::vector<const catalog::Item*>& items) {
  YAML::Emitter y;
  y.SetBoolFormat(YAML::TrueFalseBool);
  y << YAML::BeginMap << YAML::Key << "format" << YAML::Value << std::string(catalog::kItemsFormat);
  y << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
  for (const auto* item : items) EmitItemYaml(y, *item);
  y << YAML::EndSeq << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

std::string ExportCsv(const catalog::Catalog& cat, const std::vector<const catalog::Item*>& items, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  out +=
      "unit,level,scope,clause,clause_28448,category,category_name,control_point,control_point_en,sag,"
      "objects,text,text_en,weight,evidence,optional,extra_in_28448,high_risk_cases\r\n";
  for (const auto* item : items) {
    std::vector<std::string> cases;
    for (const auto* c : cat.CasesForUnit(item->unit)) cases.push_back(c->id);
    const auto* category = cat.manifest().FindCategory(item->category);
    std::vector<std::string> row = {item->unit,
                                    std::to_string(item->level),
                                    item->scope,
                                    item->clause,
                                    item->clause_28448,
                                    item->category,
                                    category ? category->name.zh : "",
                                    item->control_point.zh,
                                    item->control_point.en,
                                    std::string(1, catalog::SagLetter(item->sag)),
                                    Join(item->objects, ";"),
                                    item->text.zh,
                                    item->text.en,
                                    item->weight ? WeightText(*item) : "",
                                    Join(item->evidence, ";"),
                                    item->optional ? "true" : "false",
                                    item->extra_in_28448 ? "true" : "false",
                                    Join(cases, ";")};
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvField(row[i]);
    out += "\r\n";
  }
  return out;
}

json ManifestJson(const catalog::Manifest& m) {
  json cats = json::array(), scopes = json::array(), types = json::array();
  for (const auto& c : m.categories)
    cats.push_back({{"code", c.code}, {"zh", c.name.zh}, {"en", c.name.en}, {"kind", c.kind}});
  for (const auto& s : m.scopes)
    scopes.push_back({{"id", s.id}, {"digit", s.digit}, {"zh", s.name.zh}, {"en", s.name.en}});
  for (const auto& t : m.target_types) types.push_back({{"id", t.id}, {"zh", t.name.zh}, {"en", t.name.en}});
  return {{"id", m.id},         {"title", m.title.zh}, {"title_en", m.title.en}, {"source", m.source},
          {"categories", cats}, {"scopes", scopes},    {"target_types", types}};
}

}  // namespace

Status RunCatalogList(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto items = FilterItems(ctx, **cat);
  if (!items) return std::unexpected(items.error());
  if (ctx.json()) {
    json arr = json::array();
    for (const auto* item : *items) arr.push_back(ItemJson(**cat, *item));
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* item : *items)
    rows.push_back({item->unit, item->scope, item->control_point.zh,
                    std::string(1, catalog::SagLetter(item->sag)), WeightText(*item),
                    Truncate(item->text.zh, 60)});
  PrintTable(ctx.out(), {"编号", "范围", "控制点", "SAG", "权重", "要求"}, rows);
  ctx.out() << "共 " << items->size() << " 个测评单元\n";
  return {};
}

Status RunCatalogShow(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  const std::string& unit = ctx.args().positional[0];
  const catalog::Item* item = (*cat)->FindItem(unit);
  if (item == nullptr) {
    std::string hint;
    if (unit == "L3-CES1-16" || unit == "L3-CMS2-06" || unit == "L4-CMS2-06")
      hint = "（GB/T 28448 的编号在此处跳号，该编号本就不存在）";
    return MakeError(ErrorCode::kNotFound, "测评单元 " + unit + " 不存在" + hint + " (no such unit)");
  }
  auto cases = (*cat)->CasesForUnit(item->unit);
  if (ctx.json()) {
    json j = ItemJson(**cat, *item);
    json arr = json::array();
    for (const auto* c : cases) arr.push_back(CaseJson(*c));
    j["cases"] = arr;
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  const auto* category = (*cat)->manifest().FindCategory(item->category);
  const auto* scope = (*cat)->manifest().FindScope(item->scope);
  std::vector<std::string> objects;
  for (const auto& o : item->objects) {
    const auto* t = (*cat)->manifest().FindTargetType(o);
    objects.push_back(t ? t->name.zh : o);
  }
  auto& os = ctx.out();
  os << item->unit << "  " << item->control_point.zh << "（" << item->control_point.en << "）\n"
     << "  级别: 第" << item->level << "级    范围: " << (scope ? scope->name.zh : item->scope)
     << "    安全类: " << (category ? category->name.zh : "") << " " << item->category << "\n"
     << "  GB/T 22239 条款: " << (item->clause.empty() ? "（无，GB/T 28448 增列）" : item->clause)
     << (item->clause_28448.empty() ? "" : "    GB/T 28448 条款: " + item->clause_28448) << "\n"
     << "  S/A/G: " << catalog::SagLetter(item->sag) << "    权重: " << WeightText(*item)
     << (item->optional ? "    （可选要求）" : "") << "\n"
     << "  测评对象: " << Join(objects, "、") << "\n"
     << "  取证方式: " << Join(item->evidence, ", ") << "\n"
     << "  要求: " << item->text.zh << "\n"
     << "  Requirement: " << item->text.en << "\n";
  if (!item->note.empty()) os << "  备注: " << item->note << "\n";
  for (const auto* c : cases) {
    os << "  高风险案例 " << c->id << " " << c->title.zh << "（最低第" << c->min_level << "级"
       << (c->business_continuity_only ? "，仅业务连续性要求高的系统" : "") << "）\n"
       << "    判定条件: " << c->condition.zh << "\n"
       << "    补偿措施: " << (c->compensation ? c->compensation->zh : "无（不可降级）") << "\n";
  }
  return {};
}

Status RunCatalogStats(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto only_opt = ctx.IntOption("level", 1, 4);
  if (!only_opt) return std::unexpected(only_opt.error());
  const std::optional<int> only = *only_opt;
  const auto& m = (*cat)->manifest();
  // counts[scope][category][level]
  std::map<std::string, std::map<std::string, std::map<int, int>>> counts;
  for (const auto& item : (*cat)->items()) {
    if (only && item.level != *only) continue;
    ++counts[item.scope][item.category][item.level];
  }
  std::vector<int> levels = only ? std::vector<int>{*only} : std::vector<int>{1, 2, 3, 4};
  if (ctx.json()) {
    json j = {{"catalog", m.id}, {"total", 0}, {"high_risk_cases", (*cat)->high_risk_cases().size()}};
    int total = 0;
    for (const auto& s : m.scopes) {
      for (int l : levels) {
        json by_cat = json::object();
        int sum = 0;
        for (const auto& c : m.categories) {
          int n = counts[s.id][c.code][l];
          if (n) by_cat[c.code] = n;
          sum += n;
        }
        j["levels"][std::to_string(l)][s.id] = {{"total", sum}, {"categories", by_cat}};
        total += sum;
      }
    }
    j["total"] = total;
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  auto& os = ctx.out();
  os << m.title.zh << "\n";
  for (const auto& s : m.scopes) {
    os << "\n" << s.name.zh << "（" << s.id << "）\n";
    std::vector<std::string> header = {"安全类"};
    for (int l : levels) header.push_back("第" + std::to_string(l) + "级");
    std::vector<std::vector<std::string>> rows;
    std::map<int, int> sums;
    for (const auto& c : m.categories) {
      std::vector<std::string> row = {c.code + " " + c.name.zh};
      for (int l : levels) {
        int n = counts[s.id][c.code][l];
        sums[l] += n;
        row.push_back(n ? std::to_string(n) : "-");
      }
      rows.push_back(row);
    }
    std::vector<std::string> total = {"合计"};
    for (int l : levels) total.push_back(std::to_string(sums[l]));
    rows.push_back(total);
    PrintTable(os, header, rows);
  }
  os << "\n高风险判定案例: " << (*cat)->high_risk_cases().size() << " 个\n";
  return {};
}

Status RunCatalogValidate(Context& ctx) {
  json files = json::array();
  std::optional<Error> first;
  for (const auto& p : ctx.args().positional) {
    std::filesystem::path path(p);
    std::vector<Error> diags;
    Status st;
    std::error_code ec;
    bool whole = std::filesystem::is_directory(path, ec);
    if (!whole && std::filesystem::is_regular_file(path, ec)) {
      auto text = catalog::ReadTextFile(path, catalog::kMaxCatalogFileBytes);
      whole = text && catalog::DocumentFormat(*text) == catalog::kManifestFormat;
    }
    if (whole) {
      auto loaded = catalog::LoadCatalog(path, &diags);
      if (!loaded) st = std::unexpected(loaded.error());
    } else {
      auto base = ctx.Catalog();
      if (!base) return std::unexpected(base.error());
      st = catalog::ValidatePath(path, **base, &diags);
    }
    json errs = json::array();
    for (const auto& e : diags) {
      errs.push_back(ErrorJson(e));
      if (!ctx.json()) ctx.err() << e.ToString() << "\n";
    }
    if (!st && !first) first = st.error();
    files.push_back({{"path", p}, {"valid", st.has_value()}, {"errors", errs}});
    if (!ctx.json()) {
      if (st)
        ctx.out() << p << ": 校验通过 (valid)\n";
      else
        ctx.err() << p << ": 发现 " << diags.size() << " 个错误 (invalid)\n";
    }
  }
  if (ctx.json()) ctx.out() << json{{"valid", !first.has_value()}, {"files", files}}.dump(2) << "\n";
  if (first) {
    ctx.MarkErrorReported();
    return std::unexpected(*first);
  }
  return {};
}

Status RunCatalogExport(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto format = ctx.args().Get("format");
  if (!format || (*format != "json" && *format != "csv" && *format != "yaml"))
    return MakeError(ErrorCode::kUsage,
                     "--format 必填，取值 json|csv|yaml (expected --format json|csv|yaml)");
  auto items = FilterItems(ctx, **cat);
  if (!items) return std::unexpected(items.error());
  std::string content;
  if (*format == "json") {
    json arr = json::array(), cases = json::array();
    for (const auto* item : *items) arr.push_back(ItemJson(**cat, *item));
    for (const auto& c : (*cat)->high_risk_cases()) cases.push_back(CaseJson(c));
    json j = ManifestJson((*cat)->manifest());
    j["items"] = arr;
    j["high_risk_cases"] = cases;
    content = j.dump(2) + "\n";
  } else if (*format == "csv") {
    content = ExportCsv(**cat, *items, ctx.args().Flag("bom"));
  } else {
    content = ExportYaml(*items);
  }
  if (auto out = ctx.args().Get("output")) return WriteFileAtomic(*out, content);
  ctx.out() << content;
  return {};
}

Status RunCatalogCases(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto level_opt = ctx.IntOption("level", 1, 4);
  if (!level_opt) return std::unexpected(level_opt.error());
  const std::optional<int> level = *level_opt;
  auto family = ctx.args().Get("family");
  if (family && (*cat)->manifest().FindScope(*family) == nullptr)
    return MakeError(ErrorCode::kInvalidArgument, "未知 family '" + *family + "' (unknown family)");
  std::vector<const catalog::HighRiskCase*> picked;
  for (const auto& c : (*cat)->high_risk_cases()) {
    if (family && c.family != *family) continue;
    if (level && !c.units.contains(*level)) continue;
    picked.push_back(&c);
  }
  if (ctx.json()) {
    json arr = json::array();
    for (const auto* c : picked) arr.push_back(CaseJson(*c));
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* c : picked) {
    std::vector<std::string> units;
    for (const auto& [l, ids] : c->units) units.insert(units.end(), ids.begin(), ids.end());
    rows.push_back({c->id, c->family, Truncate(c->title.zh, 30), std::to_string(c->min_level),
                    c->compensation ? "有" : "无", Join(units, " ")});
  }
  PrintTable(ctx.out(), {"案例", "范围", "名称", "最低级别", "可补偿", "测评单元"}, rows);
  ctx.out() << "共 " << picked.size() << " 个高风险判定案例\n";
  return {};
}

}  // namespace dengbao::cli
