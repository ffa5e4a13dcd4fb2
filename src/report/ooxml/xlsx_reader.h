// Reads the cell values of an XLSX workbook, e.g. a questionnaire a user filled in. The input is
// untrusted: zip limits apply (see zip.h), the cell count is capped, and every malformed part is
// an error that names the part and what was expected, never a crash. Only values are read, not
// formulas or formatting: a number is returned as the text Excel stored ("12.5"), a boolean as
// "TRUE"/"FALSE", an error cell as its code ("#N/A"), a date as its serial number.
// Stateless functions; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "report/ooxml/cell_ref.h"
#include "report/ooxml/zip.h"

namespace dengbao::ooxml {

struct SheetCells {
  std::string name;
  // (row, column), both 1-based -> value. Cells without a value are absent. Ordered row by
  // row, so iterating walks the sheet top to bottom, left to right.
  std::map<std::pair<int, int>, std::string> cells;
  int max_row = 0;     // largest row holding a value, 0 for an empty sheet
  int max_column = 0;  // likewise for columns

  // The value at (row, column), or an empty string when the cell is absent.
  const std::string& At(int row, int column) const;
};

struct WorkbookCells {
  std::vector<SheetCells> sheets;  // in workbook order (the tab order)

  // The sheet with exactly this name, or nullptr.
  const SheetCells* Find(std::string_view name) const;
};

struct XlsxReadLimits {
  ZipLimits zip;
  size_t max_cells = 1'000'000;  // over all sheets
  size_t max_sheets = 1'000;
};

// Parses an XLSX held in memory. Errors: kSyntax (not a zip, not an OOXML package, a missing or
// malformed part, a bad cell reference or shared-string index; `where.file` names the part),
// kTooLarge (a limit), kUnsupported (encryption, external targets).
Result<WorkbookCells> ReadXlsx(std::string_view bytes, const XlsxReadLimits& limits = {});

// Reads the file (at most limits.zip.max_total_size bytes) and parses it. On error `where.file`
// is "path" or "path [part]".
Result<WorkbookCells> ReadXlsxFile(const std::filesystem::path& path, const XlsxReadLimits& limits = {});

}  // namespace dengbao::ooxml
