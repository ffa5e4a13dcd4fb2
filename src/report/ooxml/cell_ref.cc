#include "report/ooxml/cell_ref.h"

namespace dengbao::ooxml {

std::string ColumnName(int column) {
  if (column < 1 || column > kMaxColumns) return {};
  std::string name;
  while (column > 0) {
    const int rem = (column - 1) % 26;
    name.insert(name.begin(), static_cast<char>('A' + rem));
    column = (column - 1) / 26;
  }
  return name;
}

std::string CellRef(int row, int column) {
  if (row < 1 || row > kMaxRows) return {};
  const std::string col = ColumnName(column);
  return col.empty() ? std::string() : col + std::to_string(row);
}

std::optional<CellPos> ParseCellRef(std::string_view ref) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  long column = 0;
  const size_t col_start = i;
  for (; i < ref.size() && i - col_start < 4; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + (c - 'A' + 1);
  }
  if (i == col_start || column > kMaxColumns) return std::nullopt;
  if (i < ref.size() && ref[i] == '$') ++i;
  long row = 0;
  const size_t row_start = i;
  for (; i < ref.size() && i - row_start < 8; ++i) {
    if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
    row = row * 10 + (ref[i] - '0');
  }
  if (i != ref.size() || i == row_start || row < 1 || row > kMaxRows) return std::nullopt;
  return CellPos{static_cast<int>(row), static_cast<int>(column)};
}

bool IsValidRange(std::string_view range) {
  if (range.empty()) return false;
  size_t start = 0;
  while (start <= range.size()) {
    size_t end = range.find(' ', start);
    if (end == std::string_view::npos) end = range.size();
    const std::string_view part = range.substr(start, end - start);
    const size_t colon = part.find(':');
    const auto first = ParseCellRef(part.substr(0, colon));
    if (!first) return false;
    if (colon != std::string_view::npos) {
      const auto last = ParseCellRef(part.substr(colon + 1));
      if (!last || last->row < first->row || last->column < first->column) return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace dengbao::ooxml
