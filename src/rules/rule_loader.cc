#include "rules/rule_loader.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace dengbao::rules {
namespace {

namespace fs = std::filesystem;
using catalog::Diagnostics;
using catalog::LocationOf;
using catalog::MapReader;

struct OpRow {
  Op op;
  std::string_view name;
};

constexpr std::array kOps = {
    OpRow{Op::kAll, "all"},
    OpRow{Op::kAny, "any"},
    OpRow{Op::kNone, "none"},
    OpRow{Op::kNot, "not"},
    OpRow{Op::kEq, "eq"},
    OpRow{Op::kNe, "ne"},
    OpRow{Op::kLt, "lt"},
    OpRow{Op::kLe, "le"},
    OpRow{Op::kGt, "gt"},
    OpRow{Op::kGe, "ge"},
    OpRow{Op::kIn, "in"},
    OpRow{Op::kNotIn, "not_in"},
    OpRow{Op::kMatches, "matches"},
    OpRow{Op::kNotMatches, "not_matches"},
    OpRow{Op::kExists, "exists"},
    OpRow{Op::kEmpty, "empty"},
    OpRow{Op::kContains, "contains"},
    OpRow{Op::kNotContains, "not_contains"},
    OpRow{Op::kSubsetOf, "subset_of"},
    OpRow{Op::kDisjointWith, "disjoint_with"},
    OpRow{Op::kIntersects, "intersects"},
    OpRow{Op::kSizeLe, "size_le"},
    OpRow{Op::kSizeGe, "size_ge"},
};

// True when the namespace of `fact` is written by one of the declared probes.
bool FactFromProbes(const std::string& fact, const std::vector<std::string>& declared,
                    const probes::Registry& registry) {
  std::string_view ns = std::string_view(fact).substr(0, fact.find('.'));
  for (const auto& p : declared) {
    if (p == ns) return true;
    const probes::ProbeSpec* spec = registry.Find(p);
    if (spec != nullptr && spec->Writes(ns)) return true;
  }
  return false;
}

bool IsCombinator(Op op) { return op == Op::kAll || op == Op::kAny || op == Op::kNone || op == Op::kNot; }

std::string OpList() {
  std::string s;
  for (const auto& r : kOps) s += (s.empty() ? "" : ", ") + std::string(r.name);
  return s;
}

// YAML scalar -> JSON value: true/false, integers, decimals, otherwise a string. Quoted scalars
// (tag "!") stay strings so `eq: "no"` compares with the string "no".
nlohmann::json ScalarToJson(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;
  if (n.IsNull()) return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  if (!s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-')) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() + s.size()) return v;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) return d;
  }
  return s;
}

nlohmann::json NodeToJson(const YAML::Node& n) {
  if (n.IsSequence()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : n) arr.push_back(NodeToJson(e));
    return arr;
  }
  if (n.IsMap()) {
    nlohmann::json obj = nlohmann::json::object();
    for (auto it = n.begin(); it != n.end(); ++it) {
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      obj[k.IsScalar() ? k.Scalar() : "?"] = NodeToJson(v);
    }
    return obj;
  }
  if (n.IsScalar()) return ScalarToJson(n);
  return nullptr;
}

class ConditionParser {
 public:
  ConditionParser(const std::string& file, const std::vector<std::string>& probes,
                  const probes::Registry& registry, Diagnostics& diags)
      : file_(file), probes_(probes), registry_(registry), diags_(diags) {}

  Condition Parse(const YAML::Node& node, int depth) {
    Condition c;
    c.where = LocationOf(node, file_);
    if (depth > 32) return Fail(c, "条件嵌套过深（上限 32 层） (condition nested too deeply)");
    if (!node.IsMap())
      return Fail(c, "条件应为映射，如 {fact: x, eq: 1} 或 {all: [...]} (expected a mapping)");
    std::vector<std::pair<std::string, YAML::Node>> keys;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      keys.emplace_back(k.IsScalar() ? k.Scalar() : "", v);
    }
    std::optional<std::pair<Op, YAML::Node>> op;
    bool has_fact = false;
    for (const auto& [key, value] : keys) {
      if (key == "fact") {
        has_fact = true;
        if (!value.IsScalar() || value.Scalar().empty())
          return Fail(c, "fact 应为事实路径字符串 (expected a fact path)");
        c.fact = value.Scalar();
        continue;
      }
      auto row = std::find_if(kOps.begin(), kOps.end(), [&](const OpRow& r) { return r.name == key; });
      if (row == kOps.end())
        return Fail(c, "未知的条件键 '" + key + "'，可用: fact, " + OpList() + " (unknown condition key)");
      if (op) return Fail(c, "一个条件只能有一个运算符 (exactly one operator per condition)");
      op.emplace(row->op, value);
    }
    if (!op) return Fail(c, "条件缺少运算符，可用: " + OpList() + " (missing operator)");
    c.op = op->first;
    const YAML::Node& value = op->second;
    if (IsCombinator(c.op)) {
      if (has_fact) return Fail(c, "all/any/none/not 不能与 fact 同用 (combinators take no fact)");
      if (c.op == Op::kNot) {
        c.children.push_back(Parse(value, depth + 1));
      } else {
        if (!value.IsSequence() || value.size() == 0)
          return Fail(c, std::string(OpName(c.op)) + " 应为非空条件列表 (expected a non-empty list)");
        for (const auto& child : value) c.children.push_back(Parse(child, depth + 1));
      }
      return c;
    }
    if (!has_fact) return Fail(c, std::string(OpName(c.op)) + " 需要 fact (a comparison needs a fact)");
    CheckFactBelongsToProbe(c);
    c.operand = NodeToJson(value);
    CheckOperand(c);
    return c;
  }

 private:
  Condition Fail(Condition c, std::string msg) {
    diags_.Add(ErrorCode::kValidation, std::move(msg), c.where);
    return c;
  }

  void CheckFactBelongsToProbe(const Condition& c) {
    if (!FactFromProbes(c.fact, probes_, registry_))
      diags_.Add(
          ErrorCode::kValidation,
          "事实 '" + c.fact + "' 不属于 probes 中列出的探针 (fact does not belong to a declared probe)",
          c.where);
  }

  void CheckOperand(Condition& c) {
    const auto& v = c.operand;
    auto fail = [&](const char* what) {
      diags_.Add(ErrorCode::kValidation,
                 std::string(OpName(c.op)) + " 的取值应为" + what + " (wrong operand type)", c.where);
    };
    switch (c.op) {
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        if (!v.is_number()) fail("数字");
        break;
      case Op::kSizeLe:
      case Op::kSizeGe:
        if (!v.is_number_integer() || v.get<long long>() < 0) fail("非负整数");
        break;
      case Op::kIn:
      case Op::kNotIn:
      case Op::kSubsetOf:
      case Op::kDisjointWith:
      case Op::kIntersects:
        if (!v.is_array()) fail("列表");
        break;
      case Op::kExists:
      case Op::kEmpty:
        if (!v.is_boolean()) fail(" true 或 false");
        break;
      case Op::kMatches:
      case Op::kNotMatches:
        if (!v.is_string()) {
          fail("正则表达式字符串");
          break;
        }
        try {
          c.regex = std::make_shared<const std::regex>(v.get<std::string>(), std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          diags_.Add(ErrorCode::kValidation, std::string("正则表达式无效 (invalid regex): ") + e.what(),
                     c.where);
        }
        break;
      default:
        break;
    }
  }

  const std::string& file_;
  const std::vector<std::string>& probes_;
  const probes::Registry& registry_;
  Diagnostics& diags_;
};

}  // namespace

std::string_view OpName(Op op) {
  for (const auto& r : kOps)
    if (r.op == op) return r.name;
  return "?";
}

std::optional<Rule> ParseRuleText(std::string_view text, const std::string& file, const catalog::Catalog& cat,
                                  const probes::Registry& registry, Diagnostics& diags) {
  auto doc = catalog::ParseYaml(text, file);
  if (!doc) {
    diags.Add(doc.error().code, doc.error().detail, doc.error().where);
    return std::nullopt;
  }
  size_t before = diags.size();
  MapReader r(*doc, file, "rule", diags);
  if (!r.is_map()) return std::nullopt;
  Rule rule;
  rule.where = r.where();
  std::string format = r.String("format");
  if (!format.empty() && format != kRuleFormat)
    diags.Add(ErrorCode::kValidation, "format 应为 '" + std::string(kRuleFormat) + "' (wrong format)",
              r.where());
  rule.id = r.String("id");
  rule.title = r.LocalizedText("title");
  rule.platforms = r.StringList("platforms");
  rule.probes = r.StringList("probes");
  rule.deep = r.OptionalBool("deep", false);
  YAML::Node units = r.Map("units");
  YAML::Node applies = r.Raw("applies_if");  // validated by the condition parser below
  YAML::Node check = r.Raw("check");
  if (!check.IsDefined())
    diags.Add(ErrorCode::kValidation, "rule：缺少必填字段 'check' (missing required field)", rule.where);
  if (r.Has("evidence")) rule.evidence = r.StringList("evidence");
  YAML::Node remediation = r.Map("remediation");
  if (r.Has("high_risk")) rule.high_risk = r.StringList("high_risk");
  YAML::Node refs = r.Has("references") ? r.Map("references") : YAML::Node();
  r.Finish();

  for (const auto& id : rule.id)
    if (!(std::islower(static_cast<unsigned char>(id)) || std::isdigit(static_cast<unsigned char>(id)) ||
          id == '-')) {
      diags.Add(ErrorCode::kValidation, "规则 id 只能含小写字母、数字和 - (expected [a-z0-9-]+)", rule.where);
      break;
    }
  for (const auto& p : rule.platforms)
    if (p != "any" && p != "debian" && p != "rhel")
      diags.Add(ErrorCode::kValidation,
                "platforms 取值应为 debian、rhel 或 any，实际为 '" + p + "' (unknown platform)", rule.where);
  for (const auto& p : rule.probes)
    if (registry.Find(p) == nullptr)
      diags.Add(ErrorCode::kValidation, "未知探针 '" + p + "' (unknown probe)", rule.where);

  for (auto it = units.begin(); it != units.end(); ++it) {
    const YAML::Node k = it->first;
    const YAML::Node v = it->second;
    std::string key = k.IsScalar() ? k.Scalar() : "";
    if (key.size() != 2 || key[0] != 'L' || key[1] < '1' || key[1] > '4') {
      diags.Add(ErrorCode::kValidation, "units 的键应为 L1–L4 (expected L1..L4)", LocationOf(k, file));
      continue;
    }
    int level = key[1] - '0';
    if (!v.IsSequence() || v.size() == 0) {
      diags.Add(ErrorCode::kValidation, "units." + key + " 应为非空列表 (expected a non-empty list)",
                LocationOf(v, file));
      continue;
    }
    for (const auto& u : v) {
      std::string id = u.IsScalar() ? u.Scalar() : "";
      const catalog::Item* item = cat.FindItem(id);
      if (item == nullptr)
        diags.Add(ErrorCode::kValidation, "测评单元 '" + id + "' 不存在 (unknown unit)", LocationOf(u, file));
      else if (item->level != level)
        diags.Add(ErrorCode::kValidation,
                  id + " 不属于第 " + std::to_string(level) + " 级 (unit at another level)",
                  LocationOf(u, file));
      else
        rule.units[level].push_back(id);
    }
  }
  if (rule.units.empty() && units.IsMap())
    diags.Add(ErrorCode::kValidation, "units 至少映射一个测评单元 (map at least one unit)", rule.where);

  ConditionParser cp(file, rule.probes, registry, diags);
  if (applies.IsDefined()) rule.applies_if = cp.Parse(applies, 0);
  if (check.IsDefined()) rule.check = cp.Parse(check, 0);
  for (const auto& e : rule.evidence) {
    if (!FactFromProbes(e, rule.probes, registry))
      diags.Add(ErrorCode::kValidation,
                "evidence 中的事实 '" + e + "' 不属于所列探针 (evidence fact outside probes)", rule.where);
  }

  MapReader rem(remediation, file, "remediation", diags);
  if (rem.is_map()) {
    rule.remediation.text = catalog::Text{rem.String("zh"), rem.String("en")};
    if (rem.Has("commands")) {
      YAML::Node cmds = rem.Map("commands");
      for (auto it = cmds.begin(); it != cmds.end(); ++it) {
        const YAML::Node k = it->first;
        const YAML::Node v = it->second;
        std::string fam = k.IsScalar() ? k.Scalar() : "";
        if (fam != "debian" && fam != "rhel")
          diags.Add(ErrorCode::kValidation, "commands 的键应为 debian 或 rhel (expected debian|rhel)",
                    LocationOf(k, file));
        else if (!v.IsScalar())
          diags.Add(ErrorCode::kValidation, "commands." + fam + " 应为字符串 (expected a string)",
                    LocationOf(v, file));
        else
          rule.remediation.commands[fam] = v.Scalar();
      }
    }
    rem.Finish();
  }
  for (const auto& h : rule.high_risk) {
    const catalog::HighRiskCase* c = cat.FindCase(h);
    if (c == nullptr)
      diags.Add(ErrorCode::kValidation, "高风险案例 '" + h + "' 不存在 (unknown high-risk case)", rule.where);
  }
  if (refs.IsDefined() && refs.IsMap()) {
    for (auto it = refs.begin(); it != refs.end(); ++it) {
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      std::vector<std::string> ids;
      if (v.IsScalar())
        ids.push_back(v.Scalar());
      else if (v.IsSequence())
        for (const auto& e : v)
          if (e.IsScalar()) ids.push_back(e.Scalar());
      rule.references[k.IsScalar() ? k.Scalar() : "?"] = ids;
    }
  }
  if (diags.size() != before) return std::nullopt;
  return rule;
}

Result<std::vector<Rule>> LoadRules(const fs::path& path, const catalog::Catalog& cat,
                                    const probes::Registry& registry, std::vector<Error>* diagnostics) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file() && it->path().extension() == ".yaml") files.push_back(it->path());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  Diagnostics diags;
  if (ec) diags.Add(ErrorCode::kIo, ec.message(), {path.string()});
  std::vector<Rule> rules;
  std::map<std::string, SourceLocation> seen;
  for (const auto& f : files) {
    auto text = catalog::ReadTextFile(f, 1u << 20);
    if (!text) {
      diags.Add(text.error().code, text.error().detail, text.error().where);
      continue;
    }
    auto rule = ParseRuleText(*text, f.string(), cat, registry, diags);
    if (!rule) continue;
    auto [it, inserted] = seen.emplace(rule->id, rule->where);
    if (!inserted) {
      diags.Add(ErrorCode::kDuplicate,
                "规则 " + rule->id + " 重复，首次定义于 " + it->second.ToString() + " (duplicate rule id)",
                rule->where);
      continue;
    }
    rules.push_back(std::move(*rule));
  }
  if (files.empty()) diags.Add(ErrorCode::kNotFound, "没有找到规则文件 (no rule files)", {path.string()});
  if (diagnostics != nullptr)
    diagnostics->insert(diagnostics->end(), diags.errors().begin(), diags.errors().end());
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return rules;
}

}  // namespace dengbao::rules
