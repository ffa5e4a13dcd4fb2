// The documents a hospital hands in or works from: the 差距分析报告 (gap analysis: system, targets,
// estimated score with its arithmetic, conclusion under both templates, high-risk list, every
// finding) and the 整改方案 (rectification plan: the recommended cheapest passing set, every
// item with owner, deadline and cost, totals), as one Doc rendered to DOCX/HTML/Markdown; and
// the 测评记录表 workbook with one row per target × unit.
#pragma once

#include <string>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "core/error.h"
#include "plan/plan.h"
#include "report/document.h"

namespace dengbao::report {

enum class ReportKind { kFull, kGap, kPlan };

struct ReportInputs {
  const assess::Assessment* assessment = nullptr;
  const std::vector<assess::Profile>* profiles = nullptr;
  const plan::Plan* plan = nullptr;
  const plan::Goal* goal = nullptr;              // the target of the recommended set
  const plan::Optimised* recommended = nullptr;  // cheapest set reaching `goal` (may be infeasible)
  std::string generated_at;                      // ISO 8601 UTC
};

Doc BuildReport(const ReportInputs& in, ReportKind kind);

// The 测评记录表: a 概况 sheet and a 测评记录 sheet with one row per target × applicable unit.
Result<std::string> RecordWorkbookXlsx(const ReportInputs& in);

// One finished document as bytes, the same for the CLI and the HTTP API. `format`: docx | html |
// md (the report of `kind` full | gap | plan), xlsx (the 测评记录表), oscal (assessment results;
// with kind plan the POA&M). `goal` names the recommended set's target ("pass", "良", …).
// kUsage for an unknown format or kind; kInvalidArgument for a POA&M without items.
struct DocumentRequest {
  std::string format;
  std::string kind = "full";
  std::string goal = "pass";
  std::string generated_at;  // ISO 8601 UTC
};
Result<std::string> RenderDocument(const assess::Assessment& a, const std::vector<assess::Profile>& profiles,
                                   const plan::Plan& plan, const DocumentRequest& req);
// The media type and file extension of a format.
std::string_view DocumentMediaType(std::string_view format);

}  // namespace dengbao::report
