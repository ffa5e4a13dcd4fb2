// Output helpers shared by CLI commands: JSON views of catalog objects, aligned text tables that
// count CJK characters as two columns, CSV quoting and atomic file writes. Stateless.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"

namespace dengbao::cli {

nlohmann::json ItemJson(const catalog::Catalog& catalog, const catalog::Item& item);
nlohmann::json CaseJson(const catalog::HighRiskCase& c);
// One validation error: file, line, column, code and the zh-first message.
nlohmann::json ErrorJson(const Error& e);

// Terminal columns a UTF-8 string occupies (East Asian wide characters count 2).
int DisplayWidth(std::string_view utf8);
// Cuts a UTF-8 string to at most `width` columns, ending with "…" when cut.
std::string Truncate(std::string_view utf8, int width);
// Prints rows under a header, columns padded to their widest cell.
void PrintTable(std::ostream& os, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string CsvField(std::string_view s);

// Writes `content` to a temporary file beside `path`, flushes it and renames it over `path`,
// so a reader never sees a half-written file. Returns kIo with the path on failure.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content);

}  // namespace dengbao::cli
