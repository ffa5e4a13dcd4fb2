// JSON and text views shared by every front end of the services (the CLI now, the HTTP API in
// issue #6), so a deadline or a record reads the same everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/store.h"
#include "workflow/deadlines.h"

namespace dengbao::service {

// A record as a JSON object of its columns.
nlohmann::json RecordJson(const store::Record& r);
// {stage, stage_label, days_left, days_overdue}.
nlohmann::json StateJson(const workflow::DeadlineState& s);
// "逾期（逾期 3 天）" / "提醒（剩 2 天）".
std::string StateText(const workflow::DeadlineState& s);

}  // namespace dengbao::service
