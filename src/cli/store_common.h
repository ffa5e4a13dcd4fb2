// Shared by the store-backed commands: the --db option, opening the store, who the audit trail
// records, and the service context (today, now).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/command.h"
#include "service/service.h"
#include "service/views.h"
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

using service::RecordJson;  // service/views.h
using service::StateJson;
using service::StateText;

// The store and the service context most commands need.
struct DbSession {
  std::unique_ptr<store::Store> db;
  std::optional<service::Ctx> sc;
};
Result<DbSession> OpenSession(Context& ctx);

}  // namespace dengbao::cli
