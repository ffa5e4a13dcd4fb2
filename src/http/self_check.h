// `dengbao serve --self-check` and GET /api/v1/selfcheck (issue #6): the product's own
// configuration judged against the level-3 application units it must satisfy (identity, access
// control, audit, data in transit and at rest, residual information). Each unit gets a result
// (compliant / partial / noncompliant / manual) and the evidence it was judged on — the same
// discipline as every other check: what cannot be told from here is "manual", never "pass".
#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "http/server.h"

namespace dengbao::http {

nlohmann::json SelfCheckJson(const ServerConfig& config, std::span<const Route> routes);
nlohmann::json SelfCheckJson(const ServerConfig& config);  // over ApiRoutes()

}  // namespace dengbao::http
