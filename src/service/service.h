// The workflow services (issue #5): the domain operations of grading, filing, rounds,
// remediation items, evidence, finalised reports and users, built on the Store's audited records
// and the pure rules of src/workflow. The CLI calls these now and the HTTP API (issue #6) will
// call the same functions, so every rule lives here once. Not thread-safe (one Store per thread).
#pragma once

#include <string>

#include "store/store.h"
#include "workflow/dates.h"

namespace dengbao::service {

using store::Record;

// Who acts, on what store, and when. `today` (Asia/Shanghai) decides deadlines; `now` (UTC ISO
// 8601) stamps events.
struct Ctx {
  store::Store& db;
  std::string actor;
  workflow::Date today;
  std::string now;
};

// Today from workflow::TodayShanghai (DENGBAO_TODAY overrides) and now from the clock; when
// DENGBAO_TODAY is set, `now` is that day at 04:00 UTC (noon in Beijing) so a scripted scenario
// gives the same stamps every run.
Result<Ctx> MakeCtx(store::Store& db, std::string actor);

// Record helpers: a missing row is kNotFound with a zh-first message naming `what`.
Result<Record> Require(store::Store& db, std::string_view kind, const std::vector<std::string>& keys,
                       std::string_view what);

}  // namespace dengbao::service
