#include "catalog/yaml_reader.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace dengbao::catalog {

void Diagnostics::Add(ErrorCode code, std::string detail, SourceLocation where) {
  if (errors_.size() < kMaxRecorded) errors_.push_back(Error{code, std::move(detail), std::move(where)});
}

Result<std::string> ReadTextFile(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    return MakeError(ErrorCode::kNotFound, "文件不存在 (no such file)", {path.string()});
  if (!std::filesystem::is_regular_file(status))
    return MakeError(ErrorCode::kIo, "不是普通文件 (not a regular file)", {path.string()});
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return MakeError(ErrorCode::kIo, ec.message(), {path.string()});
  if (size > max_bytes)
    return MakeError(
        ErrorCode::kValidation,
        "文件过大 (file too large): " + std::to_string(size) + " bytes, limit " + std::to_string(max_bytes),
        {path.string()});
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法打开 (cannot open)", {path.string()});
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "读取失败 (read failed)", {path.string()});
  return buf.str();
}

Result<YAML::Node> ParseYaml(std::string_view text, const std::string& file) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    SourceLocation where{file, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.is_null()) where = {file, 0, 0};
    return MakeError(ErrorCode::kSyntax, "YAML: " + e.msg, where);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kSyntax, std::string("YAML: ") + e.what(), {file});
  }
}

SourceLocation LocationOf(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return {file};
  YAML::Mark m = node.Mark();
  if (m.is_null()) return {file};
  return {file, m.line + 1, m.column + 1};
}

MapReader::MapReader(const YAML::Node& node, std::string file, std::string what, Diagnostics& diags)
    : node_(node), file_(std::move(file)), what_(std::move(what)), diags_(diags) {
  is_map_ = node_.IsDefined() && node_.IsMap();
  if (!is_map_) {
    Fail(node_, what_ + "：应为映射 (expected a mapping of fields)");
    return;
  }
  std::map<std::string, SourceLocation> first;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key_node = it->first;  // copy: `it->` yields a short-lived proxy
    if (!key_node.IsScalar()) {
      Fail(key_node, what_ + "：字段名应为字符串 (expected a scalar key)");
      continue;
    }
    const std::string& key = key_node.Scalar();
    auto [pos, inserted] = first.emplace(key, LocationOf(key_node, file_));
    if (!inserted)
      Fail(key_node,
           what_ + "：字段 '" + key + "' 重复，首次出现于 " + pos->second.ToString() + " (duplicate key)",
           ErrorCode::kDuplicate);
  }
}

void MapReader::Fail(const YAML::Node& at, std::string detail, ErrorCode code) {
  diags_.Add(code, std::move(detail), LocationOf(at.IsDefined() ? at : node_, file_));
}

bool MapReader::Has(std::string_view key) const { return is_map_ && node_[std::string(key)].IsDefined(); }

YAML::Node MapReader::Get(std::string_view key, bool required) {
  asked_.emplace(key);
  if (!is_map_) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node v = node_[std::string(key)];
  if (!v.IsDefined() && required)
    Fail(node_, what_ + "：缺少必填字段 '" + std::string(key) + "' (missing required field)");
  return v;
}

std::optional<std::string> MapReader::ScalarOf(const YAML::Node& value, std::string_view key) {
  if (!value.IsScalar()) {
    Fail(value, what_ + "：字段 '" + std::string(key) + "' 应为标量 (expected a scalar value)");
    return std::nullopt;
  }
  return value.Scalar();
}

std::string MapReader::String(std::string_view key) {
  YAML::Node v = Get(key, true);
  if (!v.IsDefined()) return {};
  auto s = ScalarOf(v, key);
  if (!s) return {};
  if (s->empty() || v.IsNull())
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 不能为空 (expected a non-empty string)");
  return v.IsNull() ? std::string() : *s;
}

std::string MapReader::OptionalString(std::string_view key) {
  YAML::Node v = Get(key, false);
  if (!v.IsDefined() || v.IsNull()) return {};
  return ScalarOf(v, key).value_or("");
}

std::optional<std::string> MapReader::NullableString(std::string_view key) {
  YAML::Node v = Get(key, true);
  if (!v.IsDefined() || v.IsNull()) return std::nullopt;
  return ScalarOf(v, key);
}

int MapReader::Int(std::string_view key, int min, int max) {
  YAML::Node v = Get(key, true);
  if (!v.IsDefined()) return min;
  auto s = ScalarOf(v, key);
  if (!s) return min;
  int value = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), value);
  if (ec != std::errc() || end != s->data() + s->size() || value < min || value > max) {
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为 " + std::to_string(min) + "–" +
                std::to_string(max) + " 的整数，实际为 '" + *s + "' (expected an integer in range)");
    return min;
  }
  return value;
}

std::optional<double> MapReader::OptionalDouble(std::string_view key, double min_exclusive, double max) {
  YAML::Node v = Get(key, false);
  if (!v.IsDefined() || v.IsNull()) return std::nullopt;
  auto s = ScalarOf(v, key);
  if (!s) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(s->c_str(), &end);
  if (s->empty() || end != s->c_str() + s->size() || !(value > min_exclusive && value <= max)) {
    std::ostringstream range;
    range << "(" << min_exclusive << ", " << max << "]";
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为区间 " + range.str() + " 内的数，实际为 '" + *s +
                "' (expected a number in range)");
    return std::nullopt;
  }
  return value;
}

bool MapReader::OptionalBool(std::string_view key, bool default_value) {
  YAML::Node v = Get(key, false);
  if (!v.IsDefined() || v.IsNull()) return default_value;
  auto s = ScalarOf(v, key);
  if (!s) return default_value;
  if (*s == "true") return true;
  if (*s == "false") return false;
  Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为 true 或 false，实际为 '" + *s +
              "' (expected a boolean)");
  return default_value;
}

bool MapReader::Bool(std::string_view key) {
  if (!Has(key)) {
    Get(key, true);  // records the missing field
    return false;
  }
  return OptionalBool(key, false);
}

std::vector<std::string> MapReader::StringList(std::string_view key) {
  std::vector<std::string> out;
  YAML::Node v = Get(key, true);
  if (!v.IsDefined()) return out;
  if (!v.IsSequence() || v.size() == 0) {
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为非空列表 (expected a non-empty list)");
    return out;
  }
  for (const auto& e : v) {
    auto s = ScalarOf(e, key);
    if (s && !s->empty() && !e.IsNull())
      out.push_back(*s);
    else if (s)
      Fail(e, what_ + "：字段 '" + std::string(key) + "' 含空元素 (empty list element)");
  }
  return out;
}

Text MapReader::LocalizedText(std::string_view key) {
  Text t;
  YAML::Node v = Get(key, true);
  if (!v.IsDefined()) return t;
  MapReader sub(v, file_, what_ + "." + std::string(key), diags_);
  if (!sub.is_map()) return t;
  t.zh = sub.String("zh");
  t.en = sub.String("en");
  sub.Finish();
  return t;
}

std::optional<Text> MapReader::NullableText(std::string_view key) {
  YAML::Node v = Get(key, true);
  if (!v.IsDefined() || v.IsNull()) return std::nullopt;
  return LocalizedText(key);
}

YAML::Node MapReader::Sequence(std::string_view key) {
  YAML::Node v = Get(key, true);
  if (v.IsDefined() && !v.IsSequence()) {
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为列表 (expected a list)");
    return YAML::Node(YAML::NodeType::Sequence);
  }
  return v.IsDefined() ? v : YAML::Node(YAML::NodeType::Sequence);
}

YAML::Node MapReader::Map(std::string_view key) {
  YAML::Node v = Get(key, true);
  if (v.IsDefined() && !v.IsMap()) {
    Fail(v, what_ + "：字段 '" + std::string(key) + "' 应为映射 (expected a mapping)");
    return YAML::Node(YAML::NodeType::Map);
  }
  return v.IsDefined() ? v : YAML::Node(YAML::NodeType::Map);
}

YAML::Node MapReader::Raw(std::string_view key) { return Get(key, false); }

void MapReader::Finish() {
  if (!is_map_) return;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key_node = it->first;  // copy: `it->` yields a short-lived proxy
    if (!key_node.IsScalar()) continue;
    const std::string& key = key_node.Scalar();
    if (!asked_.contains(key)) Fail(key_node, what_ + "：未知字段 '" + key + "' (unknown field)");
  }
}

}  // namespace dengbao::catalog
