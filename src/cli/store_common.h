// Shared by the store-backed commands: the --db option, opening the store, who the audit trail
// records, and the service context (today, now).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "service/service.h"
#include "store/store.h"
#include "workflow/deadlines.h"

namespace dengbao::cli {

inline constexpr OptionSpec kDbOption{
    "db", "URL",
    "数据库：sqlite:PATH 或 postgresql://…（默认 sqlite:$XDG_DATA_HOME/dengbao/dengbao.db）/ database"};

// --db, or sqlite: + $XDG_DATA_HOME/dengbao/dengbao.db (~/.local/share/… without it). The
// default's folder is created 0700; the file itself is created 0600 by the SQLite driver.
Result<std::string> DbUrl(Context& ctx);
Result<std::unique_ptr<store::Store>> OpenDb(Context& ctx);
// Who the audit trail records: --as LOGIN when given (a stored user; recorded as "cli:<os
// user>/<login>"), else "cli:<os user>".
Result<std::string> Actor(Context& ctx, store::Store& db);
// Actor + today/now (DENGBAO_TODAY overrides today).
Result<service::Ctx> ServiceCtx(Context& ctx, store::Store& db);
// Prints a JSON value or, without --json, the text.
void PrintJsonOr(Context& ctx, const std::string& json_dump, const std::string& text);

// A record as a JSON object of its columns.
nlohmann::json RecordJson(const store::Record& r);
// {stage, stage_label, days_left, days_overdue} and the zh text "逾期（逾期 3 天）".
nlohmann::json StateJson(const workflow::DeadlineState& s);
std::string StateText(const workflow::DeadlineState& s);

}  // namespace dengbao::cli
