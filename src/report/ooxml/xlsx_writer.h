// Writes XLSX workbooks (SpreadsheetML, ECMA-376 transitional) that open in Excel and
// LibreOffice: sheets of text and number cells, column widths, a styled, frozen and filtered
// header row, wrapped text, and drop-down list validation. The model is plain data; build it,
// then call WriteXlsx. Stateless functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "report/ooxml/package.h"

namespace dengbao::ooxml {

enum class CellStyle {
  kDefault,  // no border, no wrap
  kHeader,   // bold on a light fill, centred, wrapped, thin border
  kWrap,     // wrapped text aligned to the top, thin border: long Chinese text in a form
};

struct Cell {
  enum class Kind { kEmpty, kText, kNumber };
  Kind kind = Kind::kEmpty;
  std::string text;   // kText: UTF-8; cut to Excel's 32,767 characters, forbidden chars dropped
  double number = 0;  // kNumber; NaN and infinities are written as text
  CellStyle style = CellStyle::kDefault;

  static Cell Text(std::string s, CellStyle style = CellStyle::kDefault) {
    return {Kind::kText, std::move(s), 0, style};
  }
  static Cell Number(double v, CellStyle style = CellStyle::kDefault) {
    return {Kind::kNumber, {}, v, style};
  }
  static Cell Empty(CellStyle style = CellStyle::kDefault) { return {Kind::kEmpty, {}, 0, style}; }
};

// A drop-down of allowed values on a range; typing anything else shows the error and is refused.
struct ListValidation {
  std::string range;                // sqref such as "E2:E500" (several ranges space-separated)
  std::vector<std::string> values;  // no commas; joined length at most 255 characters
  std::string error_title;          // cut to 32 characters
  std::string error_message;        // cut to 255 characters
  std::string prompt;               // optional input hint shown on the cell; cut to 255
};

struct Sheet {
  // Made valid on writing: []:*?/\ become '_', cut to 31 characters, made unique; see
  // XlsxSheetNames.
  std::string name;
  std::vector<double> column_widths;    // characters, column A first; 0 keeps the default
  std::vector<std::vector<Cell>> rows;  // row 1 first
  // Row 1 is a header: drawn in the header style (cells left at kDefault), frozen while
  // scrolling, with an autofilter over the used range.
  bool header_row = false;
  std::vector<ListValidation> validations;
};

struct Workbook {
  DocumentProperties properties;
  std::vector<Sheet> sheets;  // at least one
};

// The sheet names as they will be written, in order (after replacing, cutting, de-duplicating).
std::vector<std::string> XlsxSheetNames(const Workbook& workbook);

// Serialises the workbook. kInvalidArgument for no sheets, more rows or columns than Excel
// allows, a malformed validation range or list, or a bad created date.
Result<std::string> WriteXlsx(const Workbook& workbook);

// WriteXlsx, then writes the file atomically; kIo naming the path on failure.
Status WriteXlsxFile(const Workbook& workbook, const std::filesystem::path& path);

}  // namespace dengbao::ooxml
