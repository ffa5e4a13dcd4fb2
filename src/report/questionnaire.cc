#include "report/questionnaire.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "assess/applicability.h"
#include "catalog/yaml_reader.h"
#include "report/ooxml/cell_ref.h"
#include "report/ooxml/xlsx_reader.h"
#include "report/ooxml/xlsx_writer.h"

namespace dengbao::report {

using assess::Outcome;

namespace {

constexpr std::string_view kInstructionsSheet = "填写说明";
// Column headers, in order. The importer finds columns by these names, so users may reorder
// or add columns; the first three and 符合情况 are required.
constexpr std::string_view kColTarget = "测评对象";
constexpr std::string_view kColTargetName = "对象名称";
constexpr std::string_view kColUnit = "编号";
constexpr std::string_view kColControlPoint = "控制点";
constexpr std::string_view kColItem = "测评项";
constexpr std::string_view kColRecord = "结果记录";
constexpr std::string_view kColResult = "符合情况";
constexpr std::string_view kColWeight = "权重";
constexpr std::string_view kColMethod = "测评方法";
constexpr std::string_view kColHighRisk = "高风险案例";
constexpr std::string_view kColNotHighRisk = "不构成高风险的理由";

std::vector<const assess::Cell*> RowsFor(const assess::Assessment& a, bool all) {
  std::vector<const assess::Cell*> rows;
  for (const auto& c : a.cells)
    if (all || c.outcome == Outcome::kUntested) rows.push_back(&c);
  return rows;
}

std::string JoinStrings(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == ' ') cur.pop_back();
    size_t b = cur.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b));
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';' || s[i] == '\n') {
      flush();
    } else if (s.substr(i, 3) == "，" || s.substr(i, 3) == "、" || s.substr(i, 3) == "；") {
      flush();
      i += 2;
    } else {
      cur += s[i];
    }
  }
  flush();
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string WeightText(const catalog::Item& item) {
  if (!item.weight) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", *item.weight);
  return buf;
}

}  // namespace

std::string YamlQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string QuestionnaireYaml(const assess::Assessment& a, bool all) {
  std::ostringstream y;
  y << "# 问卷：" << a.system.name << "（第 " << a.system.level << " 级）\n"
    << "# result 可填：符合、部分符合、不符合、不适用、未测；record "
       "填写结果记录（看到了什么、问到了什么）。\n"
    << "# "
       "可选：method（访谈/核查/"
       "测试）、high_risk（确认成立的高风险案例编号）、not_high_risk（案例条件不成立的理由）。\n"
    << "format: dengbao-questionnaire/1\n"
    << "system: " << a.system.id << "\n"
    << "answers:\n";
  for (const auto* c : RowsFor(a, all)) {
    const auto& t = a.TargetOf(*c);
    y << "  # " << c->item->control_point.zh << "：" << c->item->text.zh << "\n";
    for (const auto* hc : a.catalog->CasesForUnit(c->item->unit))
      if (hc->units.contains(a.system.level) && hc->min_level <= a.system.level)
        y << "  #   可能涉及高风险案例 " << hc->id << "（" << hc->title.zh << "）\n";
    y << "  - target: " << t.spec.id << "\n"
      << "    unit: " << c->item->unit << "\n"
      << "    result: " << assess::OutcomeNameZh(c->outcome) << "\n"
      << "    record: " << YamlQuote(c->record) << "\n";
  }
  return y.str();
}

namespace {

ooxml::Workbook QuestionnaireWorkbook(const assess::Assessment& a, bool all) {
  ooxml::Workbook wb;
  wb.properties.title = a.system.name + " 测评问卷";
  wb.properties.creator = "dengbao";
  const std::vector<std::string> allowed = {"符合", "部分符合", "不符合", "不适用", "未测"};

  ooxml::Sheet intro;
  intro.name = std::string(kInstructionsSheet);
  intro.column_widths = {18, 90};
  auto line = [&](std::string k, std::string v) {
    intro.rows.push_back({ooxml::Cell::Text(std::move(k), ooxml::CellStyle::kWrap),
                          ooxml::Cell::Text(std::move(v), ooxml::CellStyle::kWrap)});
  };
  line("系统", a.system.name + "（" + a.system.id + "）");
  line("安全保护等级", "第 " + std::to_string(a.system.level) + " 级（" + a.system.grade.Label() + "）");
  line("填写方法",
       "每个工作表对应一类测评对象，每行是一个测评对象上的一个测评单元。在“结果记录”中写明核查、访谈或测试所"
       "见，"
       "在“符合情况”中从下拉列表选择：符合、部分符合、不符合、不适用、未测。“符合情况”留空的行按未测处理。");
  line("高风险",
       "如该行不符合且构成《高风险判定指引》中的案例，在“高风险案例”填写案例编号（多个用逗号分隔）；"
       "如不符合但案例条件并不成立，在“不构成高风险的理由”中写明理由。");
  line("导回", "dengbao assess --system 系统描述.yaml --questionnaire 本文件.xlsx");
  wb.sheets.push_back(std::move(intro));

  std::map<std::string, size_t> sheet_of_type;
  for (const auto* c : RowsFor(a, all)) {
    const auto& t = a.TargetOf(*c);
    auto [it, inserted] = sheet_of_type.emplace(t.spec.type, wb.sheets.size());
    if (inserted) {
      ooxml::Sheet s;
      s.name = t.type != nullptr ? t.type->name.zh : t.spec.type;
      s.header_row = true;
      s.column_widths = {14, 18, 13, 14, 50, 50, 11, 7, 10, 12, 24};
      std::vector<ooxml::Cell> header;
      for (auto h : {kColTarget, kColTargetName, kColUnit, kColControlPoint, kColItem, kColRecord, kColResult,
                     kColWeight, kColMethod, kColHighRisk, kColNotHighRisk})
        header.push_back(ooxml::Cell::Text(std::string(h)));
      s.rows.push_back(std::move(header));
      wb.sheets.push_back(std::move(s));
    }
    auto& s = wb.sheets[it->second];
    using ooxml::Cell;
    using ooxml::CellStyle;
    std::vector<Cell> row = {Cell::Text(t.spec.id),
                             Cell::Text(t.spec.name, CellStyle::kWrap),
                             Cell::Text(c->item->unit),
                             Cell::Text(c->item->control_point.zh, CellStyle::kWrap),
                             Cell::Text(c->item->text.zh, CellStyle::kWrap),
                             Cell::Text(c->record, CellStyle::kWrap),
                             c->outcome == Outcome::kUntested
                                 ? Cell::Empty()
                                 : Cell::Text(std::string(assess::OutcomeNameZh(c->outcome))),
                             Cell::Text(WeightText(*c->item)),
                             Cell::Text(JoinStrings(c->methods, "、")),
                             Cell::Text(JoinStrings(c->confirmed_cases, ",")),
                             Cell::Text(c->not_high_risk, CellStyle::kWrap)};
    s.rows.push_back(std::move(row));
  }
  for (size_t i = 1; i < wb.sheets.size(); ++i) {
    auto& s = wb.sheets[i];
    s.validations.push_back({.range = "G2:G" + std::to_string(std::max<size_t>(2, s.rows.size())),
                             .values = allowed,
                             .error_title = "符合情况无效",
                             .error_message = "请从下拉列表选择：符合、部分符合、不符合、不适用、未测",
                             .prompt = "选择符合情况"});
  }
  return wb;
}

}  // namespace

Result<std::string> QuestionnaireXlsxBytes(const assess::Assessment& a, bool all) {
  return ooxml::WriteXlsx(QuestionnaireWorkbook(a, all));
}

Status WriteQuestionnaireXlsx(const assess::Assessment& a, bool all, const std::filesystem::path& path) {
  return ooxml::WriteXlsxFile(QuestionnaireWorkbook(a, all), path);
}

Result<std::vector<assess::Answer>> ParseQuestionnaireXlsx(std::string_view bytes, const std::string& file,
                                                           const assess::SystemSpec& system,
                                                           const catalog::Catalog& cat) {
  auto wb = ooxml::ReadXlsx(bytes);
  if (!wb) {
    Error e = wb.error();
    e.where.file = file + (e.where.file.empty() ? "" : " [" + e.where.file + "]");
    return std::unexpected(e);
  }
  std::vector<assess::Answer> answers;
  catalog::Diagnostics diags;
  bool any_sheet = false;
  for (const auto& sheet : wb->sheets) {
    if (sheet.name == kInstructionsSheet) continue;
    std::map<std::string, int, std::less<>> col;
    for (int c = 1; c <= sheet.max_column; ++c) {
      std::string h = Trim(sheet.At(1, c));
      if (!h.empty()) col.emplace(h, c);
    }
    auto where = [&](int row, int column, std::string_view header) {
      return "工作表「" + sheet.name + "」第 " + std::to_string(row) + " 行 " + ooxml::ColumnName(column) +
             " 列（" + std::string(header) + "）";
    };
    if (!col.contains(kColTarget) || !col.contains(kColUnit) || !col.contains(kColResult)) {
      if (sheet.max_row == 0) continue;
      diags.Add(ErrorCode::kValidation,
                "工作表「" + sheet.name +
                    "」第 1 行缺少表头：须有 测评对象、编号、符合情况 (missing header columns)",
                {file, 1, 1});
      continue;
    }
    any_sheet = true;
    auto get = [&](int row, std::string_view h) -> std::string {
      auto it = col.find(h);
      return it == col.end() ? std::string() : Trim(sheet.At(row, it->second));
    };
    for (int row = 2; row <= sheet.max_row; ++row) {
      std::string result = get(row, kColResult);
      std::string target = get(row, kColTarget);
      std::string unit = get(row, kColUnit);
      if (result.empty()) continue;  // not answered yet: stays 未测
      SourceLocation loc{file, row, col[std::string(kColResult)]};
      auto outcome = assess::ParseOutcome(result);
      if (!outcome) {
        diags.Add(ErrorCode::kValidation,
                  where(row, col[std::string(kColResult)], kColResult) + "：'" + result +
                      "' 不是允许的值；允许：符合、部分符合、不符合、不适用、未测 (invalid value)",
                  loc);
        continue;
      }
      if (target.empty() || unit.empty()) {
        int c = target.empty() ? col[std::string(kColTarget)] : col[std::string(kColUnit)];
        diags.Add(
            ErrorCode::kValidation,
            where(row, c, target.empty() ? kColTarget : kColUnit) + "：已填符合情况但此格为空 (empty cell)",
            {file, row, c});
        continue;
      }
      assess::Answer ans;
      ans.target = target;
      ans.unit = unit;
      ans.outcome = *outcome;
      ans.record = get(row, kColRecord);
      ans.methods = SplitList(get(row, kColMethod));
      ans.high_risk = SplitList(get(row, kColHighRisk));
      ans.not_high_risk = get(row, kColNotHighRisk);
      ans.where = {file + " 工作表「" + sheet.name + "」", row, col[std::string(kColUnit)]};
      answers.push_back(std::move(ans));
    }
  }
  if (!any_sheet && diags.empty())
    diags.Add(ErrorCode::kValidation,
              "工作簿中没有问卷工作表（表头须有 测评对象、编号、符合情况）(no questionnaire sheet)", {file});
  if (diags.empty()) assess::ValidateAnswers(answers, system, cat, diags);
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return answers;
}

Result<std::vector<assess::Answer>> ImportQuestionnaireXlsx(const std::filesystem::path& path,
                                                            const assess::SystemSpec& system,
                                                            const catalog::Catalog& cat) {
  auto bytes = catalog::ReadTextFile(path, 64u << 20);
  if (!bytes) return std::unexpected(bytes.error());
  return ParseQuestionnaireXlsx(*bytes, path.string(), system, cat);
}

}  // namespace dengbao::report
