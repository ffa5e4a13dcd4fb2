#include "report/ooxml/xlsx_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "report/ooxml/cell_ref.h"
#include "report/ooxml/xml_util.h"
#include "report/ooxml/zip.h"

namespace dengbao::ooxml {

namespace {

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kTypePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
constexpr size_t kMaxCellText = 32'767;    // Excel's limit, in UTF-16 units
constexpr size_t kMaxSheetName = 31;       // likewise
constexpr size_t kMaxListFormula = 255;    // joined list values of a list validation
constexpr double kMaxColumnWidth = 255.0;  // characters

// styles.xml: cellXfs index per CellStyle. Fonts: 0 regular, 1 bold. Fills: 0 none, 1 gray125
// (both required by Excel), 2 the header fill. Borders: 0 none, 1 thin all round.
constexpr const char* kStylesXml =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\">"
    "<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
    "</fonts>"
    "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9E1F2\"/><bgColor indexed=\"64\"/>"
    "</patternFill></fill></fills>"
    "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
    "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
    "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom>"
    "<diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"3\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
    "applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\" "
    "wrapText=\"1\"/></xf>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" "
    "applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
    "</styleSheet>";

int StyleIndex(CellStyle s) { return static_cast<int>(s); }

// Collects the distinct strings of all sheets for sharedStrings.xml.
class SharedStrings {
 public:
  int Index(const std::string& text) {
    ++references_;
    auto [it, inserted] = index_.try_emplace(text, static_cast<int>(strings_.size()));
    if (inserted) strings_.push_back(text);
    return it->second;
  }
  std::string Xml() const {
    std::string x = kXmlDeclaration;
    x += std::string("<sst xmlns=\"") + kMainNs + "\" count=\"" + std::to_string(references_) +
         "\" uniqueCount=\"" + std::to_string(strings_.size()) + "\">";
    for (const auto& s : strings_) x += "<si><t xml:space=\"preserve\">" + XmlText(s) + "</t></si>";
    x += "</sst>";
    return x;
  }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> strings_;
  size_t references_ = 0;
};

std::string FormatNumber(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

// A sheet name quoted for use in a formula: 'name' with ' doubled.
std::string QuotedSheet(const std::string& name) {
  std::string q = "'";
  for (char c : name) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

std::string AbsoluteRange(int last_row, int last_col) {
  return "$A$1:$" + ColumnName(last_col) + "$" + std::to_string(last_row);
}

int ColumnCount(const Sheet& sheet) {
  size_t n = 0;
  for (const auto& row : sheet.rows) n = std::max(n, row.size());
  return static_cast<int>(n);
}

Status CheckSheet(const Sheet& sheet, const std::string& name) {
  const SourceLocation where{"sheet " + name};
  if (sheet.rows.size() > static_cast<size_t>(kMaxRows))
    return MakeError(ErrorCode::kInvalidArgument, "行数超过 1048576 (too many rows)", where);
  if (ColumnCount(sheet) > kMaxColumns || sheet.column_widths.size() > static_cast<size_t>(kMaxColumns))
    return MakeError(ErrorCode::kInvalidArgument, "列数超过 16384 (too many columns)", where);
  for (const auto& v : sheet.validations) {
    if (!IsValidRange(v.range))
      return MakeError(ErrorCode::kInvalidArgument,
                       "数据验证范围无效 (invalid validation range) '" + v.range + "'", where);
    if (v.values.empty())
      return MakeError(ErrorCode::kInvalidArgument, "下拉列表为空 (empty list validation)", where);
    size_t joined = v.values.size() - 1;
    for (const auto& value : v.values) {
      if (value.find(',') != std::string::npos)
        return MakeError(ErrorCode::kInvalidArgument,
                         "下拉列表值不能含逗号 (list value contains a comma) '" + value + "'", where);
      joined += Utf16Length(CleanXmlChars(value));
    }
    if (joined > kMaxListFormula)
      return MakeError(ErrorCode::kInvalidArgument,
                       "下拉列表总长度超过 255 字符 (list longer than 255 characters)", where);
  }
  return {};
}

std::string CellXml(const Cell& cell, int row, int col, int style, SharedStrings& strings) {
  std::string x = "<c r=\"" + CellRef(row, col) + "\"";
  if (style != 0) x += " s=\"" + std::to_string(style) + "\"";
  if (cell.kind == Cell::Kind::kNumber && std::isfinite(cell.number))
    return x + "><v>" + FormatNumber(cell.number) + "</v></c>";
  std::string text = cell.text;
  if (cell.kind == Cell::Kind::kNumber) text = FormatNumber(cell.number);  // nan, inf
  if (cell.kind == Cell::Kind::kEmpty) return x + "/>";
  text = TruncateUtf16(CleanXmlChars(text), kMaxCellText);
  return x + " t=\"s\"><v>" + std::to_string(strings.Index(text)) + "</v></c>";
}

std::string ValidationXml(const ListValidation& v) {
  std::string list;
  for (const auto& value : v.values) {
    if (!list.empty()) list += ',';
    for (char c : CleanXmlChars(value)) list += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  std::string x =
      "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\"";
  if (!v.error_title.empty())
    x += " errorTitle=\"" + XmlAttr(TruncateUtf16(CleanXmlChars(v.error_title), 32)) + "\"";
  if (!v.error_message.empty())
    x += " error=\"" + XmlAttr(TruncateUtf16(CleanXmlChars(v.error_message), 255)) + "\"";
  if (!v.prompt.empty()) x += " prompt=\"" + XmlAttr(TruncateUtf16(CleanXmlChars(v.prompt), 255)) + "\"";
  x += " sqref=\"" + XmlAttr(v.range) + "\"><formula1>\"" + XmlText(list) + "\"</formula1></dataValidation>";
  return x;
}

std::string SheetXml(const Sheet& sheet, bool selected, SharedStrings& strings) {
  const int rows = static_cast<int>(sheet.rows.size());
  const int cols = std::max(ColumnCount(sheet), 1);
  const std::string used = rows == 0 ? "A1" : "A1:" + CellRef(rows, cols);
  std::string x = kXmlDeclaration;
  x += std::string("<worksheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kOfficeRelsNamespace + "\">";
  x += "<dimension ref=\"" + used + "\"/>";
  x += "<sheetViews><sheetView workbookViewId=\"0\"";
  if (selected) x += " tabSelected=\"1\"";
  if (sheet.header_row) {
    x += "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
         "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView>";
  } else {
    x += "/>";
  }
  x += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
  std::string cols_xml;
  for (size_t i = 0; i < sheet.column_widths.size(); ++i) {
    const double w = std::min(sheet.column_widths[i], kMaxColumnWidth);
    if (!(w > 0)) continue;
    const std::string n = std::to_string(i + 1);
    cols_xml +=
        "<col min=\"" + n + "\" max=\"" + n + "\" width=\"" + FormatNumber(w) + "\" customWidth=\"1\"/>";
  }
  if (!cols_xml.empty()) x += "<cols>" + cols_xml + "</cols>";
  x += "<sheetData>";
  for (int r = 1; r <= rows; ++r) {
    const auto& row = sheet.rows[r - 1];
    std::string cells;
    for (int c = 1; c <= static_cast<int>(row.size()); ++c) {
      const Cell& cell = row[c - 1];
      CellStyle style = cell.style;
      if (r == 1 && sheet.header_row && style == CellStyle::kDefault) style = CellStyle::kHeader;
      if (cell.kind == Cell::Kind::kEmpty && style == CellStyle::kDefault) continue;
      cells += CellXml(cell, r, c, StyleIndex(style), strings);
    }
    if (!cells.empty()) x += "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>";
  }
  x += "</sheetData>";
  if (sheet.header_row) x += "<autoFilter ref=\"" + used + "\"/>";
  if (!sheet.validations.empty()) {
    x += "<dataValidations count=\"" + std::to_string(sheet.validations.size()) + "\">";
    for (const auto& v : sheet.validations) x += ValidationXml(v);
    x += "</dataValidations>";
  }
  x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>";
  x += "</worksheet>";
  return x;
}

std::string WorkbookXml(const Workbook& wb, const std::vector<std::string>& names) {
  std::string x = kXmlDeclaration;
  x += std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kOfficeRelsNamespace + "\">";
  x += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>";
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    x += "<sheet name=\"" + XmlAttr(names[i]) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
  }
  x += "</sheets>";
  // Excel expects the hidden _FilterDatabase name beside every autofilter.
  std::string defined;
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    const Sheet& s = wb.sheets[i];
    if (!s.header_row) continue;
    const int rows = std::max(static_cast<int>(s.rows.size()), 1);
    defined += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(i) +
               "\" hidden=\"1\">" +
               XmlText(QuotedSheet(names[i]) + "!" + AbsoluteRange(rows, std::max(ColumnCount(s), 1))) +
               "</definedName>";
  }
  if (!defined.empty()) x += "<definedNames>" + defined + "</definedNames>";
  x += "</workbook>";
  return x;
}

std::string WorkbookRelsXml(size_t sheets) {
  std::string x = kXmlDeclaration;
  x += std::string("<Relationships xmlns=\"") + kRelsNamespace + "\">";
  for (size_t i = 1; i <= sheets; ++i)
    x += RelationshipXml("rId" + std::to_string(i), "worksheet",
                         "worksheets/sheet" + std::to_string(i) + ".xml");
  x += RelationshipXml("rId" + std::to_string(sheets + 1), "styles", "styles.xml");
  x += RelationshipXml("rId" + std::to_string(sheets + 2), "sharedStrings", "sharedStrings.xml");
  x += "</Relationships>";
  return x;
}

bool SameNameIgnoringCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::ranges::equal(a, b, {}, lower, lower);
}

std::string CleanSheetName(std::string_view raw, size_t index) {
  std::string name;
  for (char c : CleanXmlChars(raw)) {
    const bool bad = std::string_view("[]:*?/\\").find(c) != std::string_view::npos ||
                     static_cast<unsigned char>(c) < 0x20;
    name += bad ? '_' : c;
  }
  name = TruncateUtf16(name, kMaxSheetName);
  // Excel refuses names that begin or end with an apostrophe, and reserves "History".
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (SameNameIgnoringCase(name, "History")) name += "_";
  if (name.empty()) name = "Sheet" + std::to_string(index + 1);
  return name;
}

Result<std::vector<ZipEntry>> XlsxParts(const Workbook& wb) {
  if (wb.sheets.empty())
    return MakeError(ErrorCode::kInvalidArgument, "工作簿没有工作表 (workbook has no sheets)");
  if (auto ok = CheckProperties(wb.properties); !ok) return std::unexpected(ok.error());
  const auto names = XlsxSheetNames(wb);
  for (size_t i = 0; i < wb.sheets.size(); ++i)
    if (auto ok = CheckSheet(wb.sheets[i], names[i]); !ok) return std::unexpected(ok.error());

  SharedStrings strings;
  std::vector<ZipEntry> sheets;
  std::vector<std::pair<std::string, std::string>> types = {
      {"/xl/workbook.xml", std::string(kTypePrefix) + "sheet.main+xml"},
      {"/xl/styles.xml", std::string(kTypePrefix) + "styles+xml"},
      {"/xl/sharedStrings.xml", std::string(kTypePrefix) + "sharedStrings+xml"},
  };
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    const std::string part = "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
    sheets.push_back({part, SheetXml(wb.sheets[i], i == 0, strings)});
    types.emplace_back("/" + part, std::string(kTypePrefix) + "worksheet+xml");
  }
  std::vector<ZipEntry> parts = {
      {"[Content_Types].xml", ContentTypesXml(types)},
      {"_rels/.rels", RootRelsXml("xl/workbook.xml")},
      {"docProps/core.xml", CorePropertiesXml(wb.properties)},
      {"docProps/app.xml", AppPropertiesXml()},
      {"xl/workbook.xml", WorkbookXml(wb, names)},
      {"xl/_rels/workbook.xml.rels", WorkbookRelsXml(wb.sheets.size())},
      {"xl/styles.xml", std::string(kXmlDeclaration) + kStylesXml},
  };
  for (auto& s : sheets) parts.push_back(std::move(s));
  parts.push_back({"xl/sharedStrings.xml", strings.Xml()});
  return parts;
}

}  // namespace

std::vector<std::string> XlsxSheetNames(const Workbook& workbook) {
  std::vector<std::string> names;
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    const std::string base = CleanSheetName(workbook.sheets[i].name, i);
    std::string name = base;
    for (int n = 2;; ++n) {
      const bool taken =
          std::ranges::any_of(names, [&](const auto& s) { return SameNameIgnoringCase(s, name); });
      if (!taken) break;
      const std::string suffix = "(" + std::to_string(n) + ")";
      name = TruncateUtf16(base, kMaxSheetName - suffix.size()) + suffix;
    }
    names.push_back(name);
  }
  return names;
}

Result<std::string> WriteXlsx(const Workbook& workbook) {
  auto parts = XlsxParts(workbook);
  if (!parts) return std::unexpected(parts.error());
  return WriteZip(*parts);
}

Status WriteXlsxFile(const Workbook& workbook, const std::filesystem::path& path) {
  auto parts = XlsxParts(workbook);
  if (!parts) return std::unexpected(parts.error());
  return WriteZipFile(path, *parts);
}

}  // namespace dengbao::ooxml
