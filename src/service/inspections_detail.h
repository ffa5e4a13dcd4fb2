// Helpers shared by inspections.cc, hazards.cc and inspection_report.cc; not part of the
// service's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ops/checklist.h"
#include "service/inspections.h"
#include "service/views.h"
#include "workflow/deadlines.h"

namespace dengbao::service::detail {

// The template with `id`, or kNotFound naming it.
Result<const ops::ChecklistTemplate*> FindTemplate(const Templates& templates, std::string_view id);
// A stored date column; kInternal naming the column when the row holds a malformed date.
Result<workflow::Date> StoredDate(const Record& r, std::string_view column);
using service::StateJson;  // views.h
using service::StateText;
// The frequency stored on a schedule row.
Result<workflow::Frequency> ScheduleFrequency(const Record& schedule);
// Markdown table cell: pipes escaped and line breaks flattened; "—" when empty.
std::string Cell(std::string_view text);

}  // namespace dengbao::service::detail
