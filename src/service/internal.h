// Internal to the services: helpers shared between their .cc files.
#pragma once

#include <string>

#include "service/service.h"

namespace dengbao::service {

// Appends the next entry (seq 1, 2, …) to an item's history.
Status AppendItemEvent(Ctx& ctx, const std::string& round_id, const std::string& item_id,
                       const std::string& from, const std::string& to, const std::string& note);

}  // namespace dengbao::service
