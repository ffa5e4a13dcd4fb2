// The JSON form of a scan (`dengbao scan --json`, a round's stored scan input, the API's scan
// endpoint): units with their result, rules with status and evidence (file:line), remediation
// per OS family, triggered high-risk cases, warnings and unknown facts. Invalid UTF-8 from a
// hostile file is replaced, never thrown.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "rules/scan.h"

namespace dengbao::rules {

nlohmann::json ScanJson(const ScanReport& report, bool include_facts);
// Unit verdict counts by verdict name.
std::map<std::string, int> CountVerdicts(const ScanReport& report);
// A fact value as one line of text (strings bare, everything else as compact JSON).
std::string ValueText(const nlohmann::json& v);

}  // namespace dengbao::rules
