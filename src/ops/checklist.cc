#include "ops/checklist.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include "catalog/yaml_reader.h"

namespace dengbao::ops {

namespace fs = std::filesystem;
using catalog::Diagnostics;
using catalog::LocationOf;
using catalog::MapReader;

namespace {

constexpr std::string_view kFormat = "dengbao-checklist/1";
constexpr size_t kMaxChecklistBytes = 1u << 20;

struct FrequencyName {
  std::string_view id;
  std::string_view label;
  workflow::Frequency value;
};
// Local on purpose: the checklist loader must not need the workflow library linked (the enum is
// all it shares), so it maps the names itself rather than calling workflow::ParseFrequency.
constexpr std::array<FrequencyName, 5> kFrequencies{{
    {"daily", "每日", workflow::Frequency::kDaily},
    {"weekly", "每周", workflow::Frequency::kWeekly},
    {"monthly", "每月", workflow::Frequency::kMonthly},
    {"quarterly", "每季度", workflow::Frequency::kQuarterly},
    {"yearly", "每年", workflow::Frequency::kYearly},
}};

struct KindName {
  std::string_view id;
  ItemKind value;
};
constexpr std::array<KindName, 3> kKinds{{
    {"check", ItemKind::kCheck},
    {"number", ItemKind::kNumber},
    {"text", ItemKind::kText},
}};

constexpr std::array<std::string_view, 2> kDomains{"it", "school"};
constexpr std::array<std::string_view, 2> kSeverities{"major", "general"};

std::optional<workflow::Frequency> FrequencyOf(std::string_view text) {
  for (const auto& f : kFrequencies)
    if (text == f.id || text == f.label) return f.value;
  return std::nullopt;
}

// Ids end up in URLs, file names and CSV exports, so they stay plain ASCII.
bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

// The node under `key` of a mapping, without inserting anything into it.
YAML::Node Child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& m = map;
  return m[std::string(key)];
}

std::optional<double> ParseNumber(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<double> Bound(MapReader& r, const YAML::Node& map, std::string_view key,
                            const std::string& file, Diagnostics& diags) {
  YAML::Node v = r.Raw(key);
  if (!v.IsDefined() || v.IsNull()) return std::nullopt;
  auto n = v.IsScalar() ? ParseNumber(v.Scalar()) : std::nullopt;
  if (!n) {
    diags.Add(ErrorCode::kValidation,
              "检查项：字段 '" + std::string(key) + "' 应为有限数值 (expected a finite number)",
              LocationOf(v.IsDefined() ? v : map, file));
  }
  return n;
}

ChecklistItem ParseItem(const YAML::Node& node, const std::string& file, Diagnostics& diags) {
  ChecklistItem item;
  MapReader r(node, file, "检查项 (item)", diags);
  if (!r.is_map()) return item;
  item.id = r.String("id");
  if (!item.id.empty() && !IsValidId(item.id))
    diags.Add(ErrorCode::kValidation,
              "检查项 id '" + item.id + "' 只能含字母、数字、'-'、'_'、'.'，至多 64 个字符 (invalid item id)",
              LocationOf(Child(node, "id"), file));
  item.text = r.String("text");

  std::string kind = r.OptionalString("kind");
  if (kind.empty()) kind = "check";
  const auto* k = std::ranges::find(kKinds, std::string_view(kind), &KindName::id);
  if (k == kKinds.end())
    diags.Add(
        ErrorCode::kValidation,
        "检查项 '" + item.id + "'：kind 应为 check、number 或 text，实际为 '" + kind + "' (unknown kind)",
        LocationOf(Child(node, "kind"), file));
  else
    item.kind = k->value;

  item.min = Bound(r, node, "min", file, diags);
  item.max = Bound(r, node, "max", file, diags);
  if ((item.min || item.max) && item.kind != ItemKind::kNumber)
    diags.Add(ErrorCode::kValidation,
              "检查项 '" + item.id + "'：min/max 只能用于 kind: number (bounds on a non-number item)",
              LocationOf(Child(node, item.min ? "min" : "max"), file));
  if (item.min && item.max && *item.min > *item.max)
    diags.Add(ErrorCode::kValidation, "检查项 '" + item.id + "'：min 不能大于 max (min > max)",
              LocationOf(Child(node, "min"), file));

  // Text items are never abnormal, so only they may go without a hazard description.
  if (item.kind == ItemKind::kText)
    item.hazard = r.OptionalString("hazard");
  else
    item.hazard = r.String("hazard");

  item.severity = r.OptionalString("severity");
  if (item.severity.empty()) item.severity = "general";
  if (std::ranges::find(kSeverities, std::string_view(item.severity)) == kSeverities.end())
    diags.Add(ErrorCode::kValidation,
              "检查项 '" + item.id + "'：severity 应为 major（重大隐患）或 general（一般隐患），实际为 '" +
                  item.severity + "' (unknown severity)",
              LocationOf(Child(node, "severity"), file));
  r.Finish();
  return item;
}

void ParseUnits(MapReader& r, const std::string& file, ChecklistTemplate& t, Diagnostics& diags) {
  YAML::Node units = r.Raw("units");
  if (!units.IsDefined() || units.IsNull()) return;
  if (!units.IsSequence()) {
    diags.Add(ErrorCode::kValidation, "units 应为单元编号列表 (expected a list of unit ids)",
              LocationOf(units, file));
    return;
  }
  for (const auto& u : units) {
    if (!u.IsScalar() || u.IsNull() || u.Scalar().empty()) {
      diags.Add(ErrorCode::kValidation, "units 的元素应为非空单元编号 (expected a unit id)",
                LocationOf(u, file));
      continue;
    }
    t.units.push_back(u.Scalar());
  }
}

void ParseTemplate(const YAML::Node& doc, const std::string& file, ChecklistTemplate& t, Diagnostics& diags) {
  MapReader r(doc, file, "检查表模板 (checklist)", diags);
  if (!r.is_map()) return;
  const std::string format = r.String("format");
  if (!format.empty() && format != kFormat)
    diags.Add(ErrorCode::kValidation,
              "format 应为 " + std::string(kFormat) + "，实际为 '" + format + "' (wrong format)",
              LocationOf(Child(doc, "format"), file));
  t.id = r.String("id");
  if (!t.id.empty() && !IsValidId(t.id))
    diags.Add(ErrorCode::kValidation,
              "模板 id '" + t.id + "' 只能含字母、数字、'-'、'_'、'.'，至多 64 个字符 (invalid template id)",
              LocationOf(Child(doc, "id"), file));
  t.name = r.String("name");

  const std::string frequency = r.String("frequency");
  if (auto f = FrequencyOf(frequency))
    t.frequency = *f;
  else if (!frequency.empty())
    diags.Add(ErrorCode::kValidation,
              "frequency 应为 daily/weekly/monthly/quarterly/yearly（每日/每周/每月/每季度/每年），实际为 '" +
                  frequency + "' (unknown frequency)",
              LocationOf(Child(doc, "frequency"), file));

  t.domain = r.String("domain");
  if (!t.domain.empty() && std::ranges::find(kDomains, std::string_view(t.domain)) == kDomains.end())
    diags.Add(ErrorCode::kValidation, "domain 应为 it 或 school，实际为 '" + t.domain + "' (unknown domain)",
              LocationOf(Child(doc, "domain"), file));
  ParseUnits(r, file, t, diags);

  const YAML::Node items = r.Sequence("items");
  if (items.IsSequence() && items.size() == 0)
    diags.Add(ErrorCode::kValidation, "items 不能为空 (expected at least one item)",
              LocationOf(Child(doc, "items"), file));
  std::map<std::string, SourceLocation> seen;
  for (const auto& node : items) {
    ChecklistItem item = ParseItem(node, file, diags);
    if (item.id.empty()) continue;
    SourceLocation where = LocationOf(Child(node, "id"), file);
    auto [pos, inserted] = seen.emplace(item.id, where);
    if (!inserted) {
      diags.Add(
          ErrorCode::kDuplicate,
          "检查项 id '" + item.id + "' 重复，首次出现于 " + pos->second.ToString() + " (duplicate item id)",
          where);
      continue;
    }
    t.items.push_back(std::move(item));
  }
  r.Finish();
}

std::string Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(kSpace) - b + 1));
}

std::string AsciiLower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

Result<ChecklistTemplate> ParseChecklist(std::string_view yaml_text, const std::string& source_name) {
  if (yaml_text.size() > kMaxChecklistBytes)
    return MakeError(ErrorCode::kTooLarge,
                     "检查表文件过大 (checklist too large): " + std::to_string(yaml_text.size()) +
                         " bytes, limit " + std::to_string(kMaxChecklistBytes),
                     {source_name});
  auto doc = catalog::ParseYaml(yaml_text, source_name);
  if (!doc) return std::unexpected(doc.error());
  ChecklistTemplate t;
  t.source = source_name;
  Diagnostics diags;
  // yaml-cpp may throw on node access for inputs its parser accepted; it stops here.
  try {
    ParseTemplate(*doc, source_name, t, diags);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kSyntax, std::string("YAML: ") + e.what(), {source_name});
  }
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return t;
}

Result<std::vector<ChecklistTemplate>> LoadChecklists(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return MakeError(ErrorCode::kNotFound, "检查表目录不存在 (no such checklist directory)", {dir.string()});
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ext = it->path().extension();
    if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec)
    return MakeError(ErrorCode::kIo, "无法列出检查表目录 (cannot list directory): " + ec.message(),
                     {dir.string()});
  std::ranges::sort(files);  // directory order is arbitrary; errors must be reproducible

  std::vector<ChecklistTemplate> out;
  std::map<std::string, std::string> by_id;
  for (const auto& path : files) {
    auto text = catalog::ReadTextFile(path, kMaxChecklistBytes);
    if (!text) return std::unexpected(text.error());
    auto t = ParseChecklist(*text, path.string());
    if (!t) return std::unexpected(t.error());
    auto [pos, inserted] = by_id.emplace(t->id, path.string());
    if (!inserted)
      return MakeError(
          ErrorCode::kDuplicate,
          "检查表模板 id '" + t->id + "' 重复，亦见于 " + pos->second + " (duplicate template id)",
          {path.string()});
    out.push_back(std::move(*t));
  }
  std::ranges::sort(out, {}, &ChecklistTemplate::id);
  return out;
}

Result<bool> IsAbnormal(const ChecklistTemplate& t, const ItemAnswer& a) {
  const auto item = std::ranges::find(t.items, a.item_id, &ChecklistItem::id);
  if (item == t.items.end())
    return MakeError(ErrorCode::kInvalidArgument,
                     "检查表 '" + t.id + "' 中没有检查项 '" + a.item_id + "' (unknown item)");
  const std::string value = Trim(a.value);
  switch (item->kind) {
    case ItemKind::kCheck: {
      const std::string v = AsciiLower(value);
      if (v == "ok" || v == "normal" || v == "正常") return false;
      if (v == "abnormal" || v == "异常") return true;
      return MakeError(ErrorCode::kInvalidArgument, "检查项 '" + item->id +
                                                        "' 的答案应为 正常/异常 (ok/abnormal)，实际为 '" +
                                                        value + "' (expected ok or abnormal)");
    }
    case ItemKind::kNumber: {
      auto n = ParseNumber(value);
      if (!n)
        return MakeError(ErrorCode::kInvalidArgument, "检查项 '" + item->id + "' 的答案应为数值，实际为 '" +
                                                          value + "' (expected a number)");
      return (item->min && *n < *item->min) || (item->max && *n > *item->max);
    }
    case ItemKind::kText:
      return false;
  }
  return false;
}

}  // namespace dengbao::ops
