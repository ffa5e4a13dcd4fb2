#include "catalog/loader.h"

#include <algorithm>
#include <map>
#include <set>

namespace dengbao::catalog {
namespace {

namespace fs = std::filesystem;

bool IsUpperCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsIdentifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// Parts of a GB/T 28448 unit id "L3-CES1-01".
struct UnitId {
  int level = 0;
  std::string category;
  int digit = 0;
  int number = 0;
};

std::optional<UnitId> ParseUnitId(std::string_view s) {
  // L d - CCC d - dd  => 10 characters exactly.
  if (s.size() != 10 || s[0] != 'L' || s[2] != '-' || s[7] != '-') return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(s[1]) || !digit(s[6]) || !digit(s[8]) || !digit(s[9])) return std::nullopt;
  if (!IsUpperCode(s.substr(3, 3))) return std::nullopt;
  UnitId id{s[1] - '0', std::string(s.substr(3, 3)), s[6] - '0', (s[8] - '0') * 10 + (s[9] - '0')};
  if (id.number == 0) return std::nullopt;
  return id;
}

bool CheckFormat(MapReader& doc, std::string_view expected, Diagnostics& diags, const std::string& file) {
  std::string format = doc.String("format");
  if (format != expected) {
    if (!format.empty())
      diags.Add(ErrorCode::kValidation,
                "format 应为 '" + std::string(expected) + "'，实际为 '" + format + "' (wrong format)",
                doc.where().file.empty() ? SourceLocation{file} : doc.where());
    return false;
  }
  return true;
}

void CheckVocabulary(const std::vector<std::string>& values, std::span<const std::string_view> allowed,
                     std::string_view field, const SourceLocation& where, Diagnostics& diags) {
  for (const auto& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      diags.Add(ErrorCode::kValidation,
                std::string(field) + " 取值 '" + v + "' 无效，可选: " + list + " (unknown value)", where);
    }
  }
}

Item ParseItem(const YAML::Node& node, const std::string& file, const Manifest& m, Diagnostics& diags) {
  Item item;
  MapReader r(node, file, "item", diags);
  item.where = r.where();
  if (!r.is_map()) return item;
  item.unit = r.String("unit");
  item.level = r.Int("level", 1, 4);
  item.scope = r.String("scope");
  auto clause = r.NullableString("clause");
  item.clause_28448 = r.OptionalString("clause_28448");
  item.category = r.String("category");
  item.control_point = r.LocalizedText("control_point");
  std::string sag = r.String("sag");
  item.objects = r.StringList("objects");
  item.text = r.LocalizedText("text");
  item.weight = r.OptionalDouble("weight", 0.0, 1.0);
  item.evidence = r.StringList("evidence");
  item.optional = r.OptionalBool("optional", false);
  item.extra_in_28448 = r.OptionalBool("extra_in_28448", false);
  item.note = r.OptionalString("note");
  r.Finish();

  const std::string what = "item " + item.unit + "：";
  if (clause)
    item.clause = *clause;
  else if (r.Has("clause") && !item.extra_in_28448)
    diags.Add(
        ErrorCode::kValidation,
        what + "clause 仅在 extra_in_28448: true 时可为 null (clause may be null only for units 28448 adds)",
        item.where);

  if (sag == "S")
    item.sag = Sag::kS;
  else if (sag == "A")
    item.sag = Sag::kA;
  else if (sag == "G")
    item.sag = Sag::kG;
  else if (!sag.empty())
    diags.Add(ErrorCode::kValidation, what + "sag 应为 S、A 或 G，实际为 '" + sag + "' (expected S, A or G)",
              item.where);

  const Category* category = m.FindCategory(item.category);
  if (!item.category.empty() && category == nullptr)
    diags.Add(ErrorCode::kValidation, what + "未知安全类 '" + item.category + "' (unknown category)",
              item.where);
  const Scope* scope = m.FindScope(item.scope);
  if (!item.scope.empty() && scope == nullptr)
    diags.Add(ErrorCode::kValidation, what + "未知范围 '" + item.scope + "' (unknown scope)", item.where);
  if (scope != nullptr && scope->id != "general" && item.sag != Sag::kG)
    diags.Add(ErrorCode::kValidation, what + "扩展要求的 sag 应为 G (extension requirements are tagged G)",
              item.where);

  if (!item.unit.empty()) {
    auto id = ParseUnitId(item.unit);
    if (!id) {
      diags.Add(
          ErrorCode::kValidation,
          what +
              "测评单元编号格式应为 L<级别>-<安全类><扩展号>-<两位序号>，如 L3-CES1-01 (malformed unit id)",
          item.where);
    } else {
      if (id->level != item.level)
        diags.Add(ErrorCode::kValidation,
                  what + "编号中的级别 " + std::to_string(id->level) + " 与 level " +
                      std::to_string(item.level) + " 不一致 (level does not match id)",
                  item.where);
      if (id->category != item.category && !item.category.empty())
        diags.Add(ErrorCode::kValidation,
                  what + "编号中的安全类 " + id->category + " 与 category " + item.category +
                      " 不一致 (category does not match id)",
                  item.where);
      if (scope != nullptr && id->digit != scope->digit)
        diags.Add(ErrorCode::kValidation,
                  what + "编号中的扩展号 " + std::to_string(id->digit) + " 与 scope " + scope->id + "（" +
                      std::to_string(scope->digit) + "）不一致 (scope digit does not match id)",
                  item.where);
    }
  }
  for (const auto& o : item.objects)
    if (m.FindTargetType(o) == nullptr)
      diags.Add(ErrorCode::kValidation, what + "未知测评对象类型 '" + o + "' (unknown target type)",
                item.where);
  CheckVocabulary(item.evidence, EvidenceKinds(), what + "evidence", item.where, diags);
  return item;
}

HighRiskCase ParseCase(const YAML::Node& node, const std::string& file, const Manifest& m,
                       Diagnostics& diags) {
  HighRiskCase c;
  MapReader r(node, file, "case", diags);
  c.where = r.where();
  if (!r.is_map()) return c;
  c.id = r.String("id");
  c.family = r.String("family");
  c.title = r.LocalizedText("title");
  c.control_point = r.String("control_point");
  c.min_level = r.Int("min_level", 1, 4);
  YAML::Node units = r.Map("units");
  c.business_continuity_only = r.Bool("business_continuity_only");
  c.detectable = r.StringList("detectable");
  c.condition = r.LocalizedText("condition");
  c.compensation = r.NullableText("compensation");
  c.note = r.OptionalString("note");
  r.Finish();

  const std::string what = "case " + c.id + "：";
  if (!c.family.empty() && m.FindScope(c.family) == nullptr)
    diags.Add(ErrorCode::kValidation, what + "未知 family '" + c.family + "' (unknown family)", c.where);
  CheckVocabulary(c.detectable, DetectionKinds(), what + "detectable", c.where, diags);
  for (auto it = units.begin(); it != units.end(); ++it) {
    // Copy both nodes: `it->` yields a proxy that dies at the end of the expression.
    const YAML::Node key_node = it->first;
    const YAML::Node value = it->second;
    std::string key = key_node.IsScalar() ? key_node.Scalar() : "";
    SourceLocation at = LocationOf(key_node, file);
    if (key.size() != 2 || key[0] != 'L' || key[1] < '1' || key[1] > '4') {
      diags.Add(ErrorCode::kValidation, what + "units 的键应为 L1–L4，实际为 '" + key + "' (expected L1..L4)",
                at);
      continue;
    }
    int level = key[1] - '0';
    if (!value.IsSequence() || value.size() == 0) {
      diags.Add(ErrorCode::kValidation, what + "units." + key + " 应为非空列表 (expected a non-empty list)",
                at);
      continue;
    }
    std::vector<std::string>& list = c.units[level];
    for (const auto& u : value) {
      if (u.IsScalar())
        list.push_back(u.Scalar());
      else
        diags.Add(ErrorCode::kValidation, what + "units." + key + " 的元素应为编号 (expected a unit id)",
                  LocationOf(u, file));
    }
  }
  if (r.is_map() && c.units.empty() && units.IsMap())
    diags.Add(ErrorCode::kValidation, what + "units 不能为空 (expected at least one level)", c.where);
  return c;
}

}  // namespace

std::string DocumentFormat(std::string_view text) {
  auto doc = ParseYaml(text, "");
  if (!doc || !doc->IsMap()) return {};
  YAML::Node f = (*doc)["format"];
  return f.IsDefined() && f.IsScalar() ? f.Scalar() : std::string();
}

Manifest ParseManifestText(std::string_view text, const std::string& file, Diagnostics& diags) {
  Manifest m;
  m.where = {file};
  auto doc = ParseYaml(text, file);
  if (!doc) {
    diags.Add(doc.error().code, doc.error().detail, doc.error().where);
    return m;
  }
  MapReader r(*doc, file, "catalog.yaml", diags);
  if (!r.is_map()) return m;
  CheckFormat(r, kManifestFormat, diags, file);
  m.id = r.String("id");
  if (!m.id.empty() && !IsIdentifier(m.id))
    diags.Add(ErrorCode::kValidation, "id 只能含小写字母、数字和 - _ (expected [a-z0-9_-]+)", r.where());
  m.title = r.LocalizedText("title");
  m.source = r.String("source");

  std::set<std::string> seen;
  for (const auto& n : r.Sequence("categories")) {
    MapReader c(n, file, "category", diags);
    if (!c.is_map()) continue;
    Category cat{c.String("code"), {c.String("zh"), c.String("en")}, c.String("kind")};
    c.Finish();
    if (!cat.code.empty() && !IsUpperCode(cat.code))
      diags.Add(ErrorCode::kValidation, "安全类代码应为三个大写字母 (expected 3 upper-case letters)",
                c.where());
    if (!cat.kind.empty() && cat.kind != "technical" && cat.kind != "management")
      diags.Add(ErrorCode::kValidation, "kind 应为 technical 或 management (expected technical|management)",
                c.where());
    if (!seen.insert("c:" + cat.code).second)
      diags.Add(ErrorCode::kDuplicate, "安全类 " + cat.code + " 重复 (duplicate category)", c.where());
    m.categories.push_back(std::move(cat));
  }
  for (const auto& n : r.Sequence("scopes")) {
    MapReader c(n, file, "scope", diags);
    if (!c.is_map()) continue;
    Scope s{c.String("id"), c.Int("digit", 1, 9), {c.String("zh"), c.String("en")}};
    c.Finish();
    if (!seen.insert("s:" + s.id).second || !seen.insert("d:" + std::to_string(s.digit)).second)
      diags.Add(ErrorCode::kDuplicate, "范围 " + s.id + " 或其扩展号重复 (duplicate scope or digit)",
                c.where());
    m.scopes.push_back(std::move(s));
  }
  for (const auto& n : r.Sequence("target_types")) {
    MapReader c(n, file, "target_type", diags);
    if (!c.is_map()) continue;
    TargetType t{c.String("id"), {c.String("zh"), c.String("en")}};
    c.Finish();
    if (!seen.insert("t:" + t.id).second)
      diags.Add(ErrorCode::kDuplicate, "测评对象类型 " + t.id + " 重复 (duplicate target type)", c.where());
    m.target_types.push_back(std::move(t));
  }
  for (const auto& n : r.Sequence("include")) {
    if (!n.IsScalar() || n.Scalar().empty()) {
      diags.Add(ErrorCode::kValidation, "include 的元素应为相对路径 (expected a relative path)",
                LocationOf(n, file));
      continue;
    }
    fs::path p(n.Scalar());
    bool escapes =
        p.is_absolute() || std::any_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
    if (escapes) {
      diags.Add(ErrorCode::kValidation,
                "include 路径不得为绝对路径或含 '..'：" + n.Scalar() + " (path must stay inside the catalog)",
                LocationOf(n, file));
      continue;
    }
    m.includes.push_back(n.Scalar());
  }
  r.Finish();
  return m;
}

void ParseItemsText(std::string_view text, const std::string& file, const Manifest& manifest,
                    std::vector<Item>& out, Diagnostics& diags) {
  auto doc = ParseYaml(text, file);
  if (!doc) {
    diags.Add(doc.error().code, doc.error().detail, doc.error().where);
    return;
  }
  MapReader r(*doc, file, "items file", diags);
  if (!r.is_map()) return;
  CheckFormat(r, kItemsFormat, diags, file);
  YAML::Node items = r.Sequence("items");
  r.Finish();
  for (const auto& n : items) out.push_back(ParseItem(n, file, manifest, diags));
}

void ParseCasesText(std::string_view text, const std::string& file, const Manifest& manifest,
                    std::vector<HighRiskCase>& out, Diagnostics& diags) {
  auto doc = ParseYaml(text, file);
  if (!doc) {
    diags.Add(doc.error().code, doc.error().detail, doc.error().where);
    return;
  }
  MapReader r(*doc, file, "high-risk cases file", diags);
  if (!r.is_map()) return;
  CheckFormat(r, kCasesFormat, diags, file);
  r.String("source");
  YAML::Node cases = r.Sequence("cases");
  r.Finish();
  for (const auto& n : cases) out.push_back(ParseCase(n, file, manifest, diags));
}

void CheckCrossReferences(const std::vector<Item>& items, const std::vector<HighRiskCase>& cases,
                          const Catalog* known, Diagnostics& diags) {
  std::map<std::string, const Item*> by_id;
  for (const auto& item : items) {
    if (item.unit.empty()) continue;
    auto [it, inserted] = by_id.emplace(item.unit, &item);
    if (!inserted)
      diags.Add(ErrorCode::kDuplicate,
                "测评单元 " + item.unit + " 重复定义，首次定义于 " + it->second->where.ToString() +
                    " (duplicate unit id)",
                item.where);
  }
  std::map<std::string, const HighRiskCase*> case_ids;
  for (const auto& c : cases) {
    if (c.id.empty()) continue;
    auto [it, inserted] = case_ids.emplace(c.id, &c);
    if (!inserted)
      diags.Add(
          ErrorCode::kDuplicate,
          "高风险案例 " + c.id + " 重复，首次定义于 " + it->second->where.ToString() + " (duplicate case id)",
          c.where);
    for (const auto& [level, units] : c.units) {
      if (level < c.min_level)
        diags.Add(ErrorCode::kValidation,
                  "case " + c.id + "：L" + std::to_string(level) + " 低于 min_level " +
                      std::to_string(c.min_level) + " (unit level below min_level)",
                  c.where);
      for (const auto& u : units) {
        const Item* item = nullptr;
        if (auto f = by_id.find(u); f != by_id.end())
          item = f->second;
        else if (known != nullptr)
          item = known->FindItem(u);
        if (item == nullptr) {
          diags.Add(ErrorCode::kValidation, "case " + c.id + "：测评单元 " + u + " 不存在 (unknown unit)",
                    c.where);
        } else if (item->level != level) {
          diags.Add(ErrorCode::kValidation,
                    "case " + c.id + "：" + u + " 属于第 " + std::to_string(item->level) + " 级，不应列在 L" +
                        std::to_string(level) + " 下 (unit listed under the wrong level)",
                    c.where);
        }
      }
    }
  }
}

namespace {

void AppendAll(const Diagnostics& diags, std::vector<Error>* out) {
  if (out != nullptr) out->insert(out->end(), diags.errors().begin(), diags.errors().end());
}

// Reads one included file and dispatches on its format.
void LoadIncluded(const fs::path& path, const Manifest& m, std::vector<Item>& items,
                  std::vector<HighRiskCase>& cases, Diagnostics& diags) {
  auto text = ReadTextFile(path, kMaxCatalogFileBytes);
  if (!text) {
    diags.Add(text.error().code, text.error().detail, text.error().where);
    return;
  }
  std::string format = DocumentFormat(*text);
  if (format == kCasesFormat)
    ParseCasesText(*text, path.string(), m, cases, diags);
  else
    ParseItemsText(*text, path.string(), m, items, diags);
}

}  // namespace

Result<Catalog> LoadCatalog(const fs::path& path, std::vector<Error>* diagnostics) {
  fs::path manifest_path = fs::is_directory(path) ? path / "catalog.yaml" : path;
  Diagnostics diags;
  auto text = ReadTextFile(manifest_path, kMaxCatalogFileBytes);
  if (!text) {
    diags.Add(text.error().code, text.error().detail, text.error().where);
    AppendAll(diags, diagnostics);
    return std::unexpected(diags.errors().front());
  }
  Manifest m = ParseManifestText(*text, manifest_path.string(), diags);
  std::vector<Item> items;
  std::vector<HighRiskCase> cases;
  if (diags.empty()) {
    for (const auto& inc : m.includes)
      LoadIncluded(manifest_path.parent_path() / inc, m, items, cases, diags);
    CheckCrossReferences(items, cases, nullptr, diags);
  }
  AppendAll(diags, diagnostics);
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return Catalog(std::move(m), std::move(items), std::move(cases));
}

Status ValidatePath(const fs::path& path, const Catalog& base, std::vector<Error>* diagnostics) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    auto c = LoadCatalog(path, diagnostics);
    if (!c) return std::unexpected(c.error());
    return {};
  }
  Diagnostics diags;
  auto text = ReadTextFile(path, kMaxCatalogFileBytes);
  if (!text) {
    diags.Add(text.error().code, text.error().detail, text.error().where);
  } else {
    std::string format = DocumentFormat(*text);
    if (format == kManifestFormat) {
      auto c = LoadCatalog(path, diagnostics);
      if (!c) return std::unexpected(c.error());
      return {};
    }
    std::vector<Item> items;
    std::vector<HighRiskCase> cases;
    if (format == kCasesFormat)
      ParseCasesText(*text, path.string(), base.manifest(), cases, diags);
    else
      ParseItemsText(*text, path.string(), base.manifest(), items, diags);
    CheckCrossReferences(items, cases, &base, diags);
  }
  AppendAll(diags, diagnostics);
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return {};
}

}  // namespace dengbao::catalog
