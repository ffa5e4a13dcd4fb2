// The questionnaire for what a machine cannot judge: exported as a fillable workbook in the
// assessor's layout (a 填写说明 sheet, then one sheet per target type with columns 测评对象 /
// 对象名称 / 编号 / 控制点 / 测评项 / 结果记录 / 符合情况 / 权重 / 测评方法 / 高风险案例 /
// 不构成高风险的理由, 符合情况 as a drop-down) or as the equivalent YAML; either can be read back.
// Rows left without 符合情况 are skipped (still 未测); any other bad cell is rejected with its
// sheet, row, column and the allowed values.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "assess/model.h"
#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::report {

// Rows: the untested target × unit pairs, or every pair with `all` (pre-filled with the current
// result and record).
std::string QuestionnaireYaml(const assess::Assessment& a, bool all);
Status WriteQuestionnaireXlsx(const assess::Assessment& a, bool all, const std::filesystem::path& path);
Result<std::string> QuestionnaireXlsxBytes(const assess::Assessment& a, bool all);

// Reads a filled workbook back; answers are validated like a YAML questionnaire's.
Result<std::vector<assess::Answer>> ImportQuestionnaireXlsx(const std::filesystem::path& path,
                                                            const assess::SystemSpec& system,
                                                            const catalog::Catalog& catalog);
Result<std::vector<assess::Answer>> ParseQuestionnaireXlsx(std::string_view bytes, const std::string& file,
                                                           const assess::SystemSpec& system,
                                                           const catalog::Catalog& catalog);

// Double-quoted YAML scalar (escapes quotes, backslashes and control characters).
std::string YamlQuote(std::string_view s);

}  // namespace dengbao::report
