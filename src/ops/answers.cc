#include "ops/answers.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "catalog/yaml_reader.h"

namespace dengbao::ops {
namespace {

Error At(const YAML::Node& node, const std::string& source, std::string detail) {
  return Error{ErrorCode::kValidation, std::move(detail), catalog::LocationOf(node, source)};
}

// One entry's value: a scalar, or {value, note} with scalar fields.
Result<ItemAnswer> Entry(const std::string& item, const YAML::Node& v, const std::string& source) {
  ItemAnswer a{item, "", ""};
  if (v.IsScalar()) {
    a.value = v.Scalar();
    return a;
  }
  if (!v.IsMap())
    return std::unexpected(
        At(v, source, "检查项 '" + item + "' 的答案应为取值或 {value, note} (expected a value)"));
  bool has_value = false;
  for (const auto& kv : v) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if ((key != "value" && key != "note") || !kv.second.IsScalar())
      return std::unexpected(
          At(kv.first, source,
             "检查项 '" + item + "' 只能有 value 和 note 两个取值字段 (unknown or non-scalar key): " + key));
    (key == "value" ? a.value : a.note) = kv.second.Scalar();
    has_value = has_value || key == "value";
  }
  if (!has_value) return std::unexpected(At(v, source, "检查项 '" + item + "' 缺少 value (value missing)"));
  return a;
}

}  // namespace

Result<std::vector<ItemAnswer>> ParseAnswers(std::string_view text, const std::string& source_name) {
  auto doc = catalog::ParseYaml(text, source_name);
  if (!doc) return std::unexpected(doc.error());
  // yaml-cpp throws on misuse; the checks below avoid it, the catch keeps a surprise inside.
  try {
    if (!doc->IsMap())
      return std::unexpected(
          At(*doc, source_name, "答案文件应为“检查项: 取值”的映射 (expected a mapping of item ids)"));
    std::vector<ItemAnswer> out;
    std::set<std::string> seen;
    for (const auto& kv : *doc) {
      const std::string item = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (item.empty()) return std::unexpected(At(kv.first, source_name, "检查项编号为空 (empty item id)"));
      if (!seen.insert(item).second)
        return std::unexpected(At(kv.first, source_name, "检查项 '" + item + "' 重复 (duplicate item)"));
      auto a = Entry(item, kv.second, source_name);
      if (!a) return std::unexpected(a.error());
      out.push_back(std::move(*a));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kSyntax, e.what(), SourceLocation{source_name, 0, 0});
  }
}

Result<std::vector<ItemAnswer>> ParseAnswerList(std::string_view text) {
  std::vector<ItemAnswer> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(pos, comma - pos);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return MakeError(ErrorCode::kUsage,
                       "--answer 应为 检查项=取值,检查项=取值 (expected item=value): " + std::string(part));
    out.push_back(ItemAnswer{std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)), ""});
    pos = comma + 1;
  }
  return out;
}

}  // namespace dengbao::ops
