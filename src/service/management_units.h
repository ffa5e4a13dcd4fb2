// Which GB/T 22239-2019 management units (安全管理要求) the operational records of this module can
// serve as evidence for: incidents (安全事件处置), emergency plans and drills (应急预案管理) and
// training (安全意识教育和培训). The unit ids are those of catalogs/gbt22239-2019/general; a test
// checks that every one exists in the catalog. Thread-safe (constant data).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dengbao::service {

// Kinds: "incident", "incident_major" (extra units for 较大 and above), "plan", "drill",
// "training", "training_scored" (extra units when scores were recorded). Levels 1–4; an unknown
// kind or a level without such units gives an empty list.
std::vector<std::string> ManagementUnits(std::string_view kind, int level);

}  // namespace dengbao::service
