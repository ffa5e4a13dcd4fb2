// Renderings of a host scan: JSON (the contract of `scan --json`), a Chinese text table for the
// terminal and a self-contained HTML page. Stateless.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "rules/scan.h"
#include "rules/scan_json.h"

namespace dengbao::cli {

using rules::ScanJson;  // rules/scan_json.h
std::string ScanText(const rules::ScanReport& report);
std::string ScanHtml(const rules::ScanReport& report);
// 0 no findings; 1 findings (noncompliant or partial units); 6 no findings but checks errored.
int ScanExitCode(const rules::ScanReport& report);

}  // namespace dengbao::cli
