// A1-style cell references of spreadsheets: 1-based (row, column) <-> "C12". Stateless.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dengbao::ooxml {

// The grid of an Excel 2007+ sheet; references beyond it are invalid.
constexpr int kMaxRows = 1'048'576;
constexpr int kMaxColumns = 16'384;

struct CellPos {
  int row = 0;     // 1-based
  int column = 0;  // 1-based
  bool operator==(const CellPos&) const = default;
};

// 1 -> "A", 27 -> "AA", 16384 -> "XFD". Empty for a column outside 1..kMaxColumns.
std::string ColumnName(int column);

// (12, 3) -> "C12". Empty when outside the grid.
std::string CellRef(int row, int column);

// "C12" or "$C$12" -> {12, 3}; nullopt when malformed or outside the grid.
std::optional<CellPos> ParseCellRef(std::string_view ref);

// "A1", "A1:B9" or several of them separated by spaces (an sqref), each inside the grid with
// the first corner above and left of the second.
bool IsValidRange(std::string_view range);

}  // namespace dengbao::ooxml
