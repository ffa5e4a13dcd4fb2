// Helpers shared by inspections.cc, hazards.cc and inspection_report.cc; not part of the
// service's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ops/checklist.h"
#include "service/inspections.h"
#include "workflow/deadlines.h"

namespace dengbao::service::detail {

// The template with `id`, or kNotFound naming it.
Result<const ops::ChecklistTemplate*> FindTemplate(const Templates& templates, std::string_view id);
// A stored date column; kInternal naming the column when the row holds a malformed date.
Result<workflow::Date> StoredDate(const Record& r, std::string_view column);
// {stage, stage_label, days_left, days_overdue}, as the CLI prints deadline states.
nlohmann::json StateJson(const workflow::DeadlineState& s);
// "逾期（逾期 3 天）" / "提醒（剩 2 天）".
std::string StateText(const workflow::DeadlineState& s);
// The frequency stored on a schedule row.
Result<workflow::Frequency> ScheduleFrequency(const Record& schedule);
// Markdown table cell: pipes escaped and line breaks flattened; "—" when empty.
std::string Cell(std::string_view text);

}  // namespace dengbao::service::detail
