#include "service/service.h"

#include <cstdlib>

#include "store/digest.h"

namespace dengbao::service {

Result<Ctx> MakeCtx(store::Store& db, std::string actor) {
  auto today = workflow::TodayShanghai();
  if (!today) return std::unexpected(today.error());
  std::string now = store::UtcNow();
  if (const char* fixed = std::getenv("DENGBAO_TODAY"); fixed != nullptr && *fixed != '\0')
    now = workflow::FormatDate(*today) + "T04:00:00Z";
  return Ctx{db, std::move(actor), *today, std::move(now)};
}

Result<Record> Require(store::Store& db, std::string_view kind, const std::vector<std::string>& keys,
                       std::string_view what) {
  auto r = db.Get(kind, keys);
  if (!r) return std::unexpected(r.error());
  if (!*r) {
    std::string key;
    for (const auto& k : keys) key += (key.empty() ? "" : "/") + k;
    return MakeError(ErrorCode::kNotFound, std::string(what) + " " + key + " 不存在 (not found)");
  }
  return **r;
}

}  // namespace dengbao::service
