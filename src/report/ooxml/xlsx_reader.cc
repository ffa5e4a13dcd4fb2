#include "report/ooxml/xlsx_reader.h"

#include <charconv>
#include <pugixml.hpp>
#include <set>

#include "report/ooxml/xml_util.h"

namespace dengbao::ooxml {

namespace {

// pugixml drops whitespace-only text by default; <t> </t> is a real value in a cell.
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata_single;

std::unexpected<Error> PartError(const std::string& part, std::string detail) {
  return MakeError(ErrorCode::kSyntax, std::move(detail), {part});
}

bool Is(const pugi::xml_node& node, std::string_view local) { return LocalName(node.name()) == local; }

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (const auto& child : node.children())
    if (child.type() == pugi::node_element && Is(child, local)) return child;
  return {};
}

// The attribute with this local name, whatever its namespace prefix.
pugi::xml_attribute Attr(const pugi::xml_node& node, std::string_view local) {
  for (const auto& a : node.attributes())
    if (LocalName(a.name()) == local) return a;
  return {};
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Parses a part into `doc` and checks the root element's local name.
Result<pugi::xml_node> LoadPart(const ZipArchive& zip, const std::string& part, std::string_view root,
                                pugi::xml_document& doc) {
  const std::string* data = zip.Find(part);
  if (data == nullptr) return PartError(part, "缺少部件 (missing part)");
  const auto parsed = doc.load_buffer(data->data(), data->size(), kParseOptions);
  if (!parsed)
    return PartError(part, "XML 解析失败 (malformed XML) at byte " + std::to_string(parsed.offset) + ": " +
                               parsed.description());
  const pugi::xml_node top = doc.document_element();
  if (!Is(top, root))
    return PartError(part, "根元素应为 <" + std::string(root) + "> (unexpected root element)");
  return top;
}

// "xl/workbook.xml" -> "xl/"
std::string DirOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

// Resolves a relationship target against the directory of its source part: absolute targets
// start at the package root; "." and ".." segments are folded (never above the root).
std::string ResolveTarget(const std::string& base_dir, std::string_view target) {
  std::string joined =
      target.starts_with('/') ? std::string(target.substr(1)) : base_dir + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

struct Relationship {
  std::string type;    // full URI; matched by its last segment
  std::string target;  // resolved part name
};

// Reads the relationships of `source` ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"), by Id.
Result<std::map<std::string, Relationship>> ReadRels(const ZipArchive& zip, const std::string& source) {
  const std::string dir = DirOf(source);
  const std::string rels_part = dir + "_rels/" + source.substr(dir.size()) + ".rels";
  pugi::xml_document doc;
  auto root = LoadPart(zip, rels_part, "Relationships", doc);
  if (!root) return std::unexpected(root.error());
  std::map<std::string, Relationship> rels;
  for (const auto& rel : root->children()) {
    if (!Is(rel, "Relationship")) continue;
    const std::string id = rel.attribute("Id").value();
    const std::string target = rel.attribute("Target").value();
    if (id.empty() || target.empty())
      return PartError(rels_part, "关系缺少 Id 或 Target (relationship without Id or Target)");
    const bool external = std::string_view(rel.attribute("TargetMode").value()) == "External";
    rels[id] = {rel.attribute("Type").value(), external ? "" : ResolveTarget(dir, target)};
  }
  return rels;
}

// The text of a string item (<si> or <is>): a plain <t>, or the <t> of each rich-text run <r>.
// Phonetic runs (<rPh>) are not part of the value.
std::string StringItemText(const pugi::xml_node& item) {
  std::string text;
  for (const auto& child : item.children()) {
    if (Is(child, "t")) {
      text += child.child_value();
    } else if (Is(child, "r")) {
      if (auto t = Child(child, "t")) text += t.child_value();
    }
  }
  return text;
}

Result<std::vector<std::string>> ReadSharedStrings(const ZipArchive& zip, const std::string& part,
                                                   size_t max_strings) {
  pugi::xml_document doc;
  auto root = LoadPart(zip, part, "sst", doc);
  if (!root) return std::unexpected(root.error());
  std::vector<std::string> strings;
  for (const auto& si : root->children()) {
    if (!Is(si, "si")) continue;
    if (strings.size() >= max_strings)
      return MakeError(ErrorCode::kTooLarge, "共享字符串过多 (too many shared strings)", {part});
    strings.push_back(StringItemText(si));
  }
  return strings;
}

std::optional<int> ParseIndex(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// The value of one <c> element, or nullopt when it has none.
Result<std::optional<std::string>> CellValue(const pugi::xml_node& c, const std::vector<std::string>& shared,
                                             const std::string& part, const std::string& ref) {
  const std::string_view type = c.attribute("t").value();
  if (type == "inlineStr") {
    const auto is = Child(c, "is");
    if (!is) return std::optional<std::string>();
    return std::optional<std::string>(StringItemText(is));
  }
  const auto v = Child(c, "v");
  if (!v) return std::optional<std::string>();
  const std::string_view text = v.child_value();
  if (type == "s") {
    const auto index = ParseIndex(text);
    if (!index || static_cast<size_t>(*index) >= shared.size())
      return PartError(part, "单元格 " + ref + " 的共享字符串序号无效 (shared string index out of range): '" +
                                 std::string(text.substr(0, 20)) + "'");
    return std::optional<std::string>(shared[*index]);
  }
  if (type == "b") return std::optional<std::string>(text == "1" ? "TRUE" : "FALSE");
  return std::optional<std::string>(std::string(text));
}

Status ReadSheetCells(const ZipArchive& zip, const std::string& part, const std::vector<std::string>& shared,
                      size_t& cell_budget, SheetCells& sheet) {
  pugi::xml_document doc;
  auto root = LoadPart(zip, part, "worksheet", doc);
  if (!root) return std::unexpected(root.error());
  const auto data = Child(*root, "sheetData");
  if (!data) return PartError(part, "缺少 <sheetData> (missing sheetData)");
  int row = 0;
  for (const auto& r : data.children()) {
    if (!Is(r, "row")) continue;
    // Rows and cells may omit their reference; they then follow the previous one.
    if (const auto attr = r.attribute("r")) {
      const auto n = ParseIndex(attr.value());
      if (!n || *n < 1 || *n > kMaxRows)
        return PartError(part,
                         "行号无效 (invalid row number) '" + std::string(attr.value()).substr(0, 20) + "'");
      row = *n;
    } else if (++row > kMaxRows) {
      return PartError(part, "行数超过 1048576 (too many rows)");
    }
    int column = 0;
    for (const auto& c : r.children()) {
      if (!Is(c, "c")) continue;
      CellPos pos{row, column + 1};
      if (const auto attr = c.attribute("r")) {
        const auto parsed = ParseCellRef(attr.value());
        if (!parsed)
          return PartError(part, "单元格引用无效 (invalid cell reference) '" +
                                     std::string(attr.value()).substr(0, 20) + "'");
        pos = *parsed;
      } else if (pos.column > kMaxColumns) {
        return PartError(part, "列数超过 16384 (too many columns)");
      }
      column = pos.column;
      auto value = CellValue(c, shared, part, CellRef(pos.row, pos.column));
      if (!value) return std::unexpected(value.error());
      if (!*value || (*value)->empty()) continue;
      if (cell_budget == 0) return MakeError(ErrorCode::kTooLarge, "单元格过多 (too many cells)", {part});
      --cell_budget;
      sheet.cells[{pos.row, pos.column}] = std::move(**value);
      sheet.max_row = std::max(sheet.max_row, pos.row);
      sheet.max_column = std::max(sheet.max_column, pos.column);
    }
  }
  return {};
}

// The main part named by _rels/.rels (normally xl/workbook.xml).
Result<std::string> WorkbookPart(const ZipArchive& zip) {
  if (zip.Find("[Content_Types].xml") == nullptr)
    return PartError("[Content_Types].xml",
                     "缺少部件，不是 Office Open XML 文件 (missing part: not an OOXML package)");
  auto rels = ReadRels(zip, "");
  if (!rels) return std::unexpected(rels.error());
  for (const auto& [id, rel] : *rels)
    if (EndsWith(rel.type, "/officeDocument") && !rel.target.empty()) return rel.target;
  return PartError("_rels/.rels", "缺少 officeDocument 关系 (no officeDocument relationship)");
}

}  // namespace

const std::string& SheetCells::At(int row, int column) const {
  static const std::string kEmpty;
  const auto it = cells.find({row, column});
  return it == cells.end() ? kEmpty : it->second;
}

const SheetCells* WorkbookCells::Find(std::string_view name) const {
  for (const auto& s : sheets)
    if (s.name == name) return &s;
  return nullptr;
}

Result<WorkbookCells> ReadXlsx(std::string_view bytes, const XlsxReadLimits& limits) {
  auto zip = ReadZip(bytes, limits.zip);
  if (!zip) return std::unexpected(zip.error());
  auto workbook_part = WorkbookPart(*zip);
  if (!workbook_part) return std::unexpected(workbook_part.error());
  pugi::xml_document doc;
  auto workbook = LoadPart(*zip, *workbook_part, "workbook", doc);
  if (!workbook) return std::unexpected(workbook.error());
  auto rels = ReadRels(*zip, *workbook_part);
  if (!rels) return std::unexpected(rels.error());

  std::vector<std::string> shared;
  for (const auto& [id, rel] : *rels) {
    if (!EndsWith(rel.type, "/sharedStrings") || rel.target.empty()) continue;
    auto strings = ReadSharedStrings(*zip, rel.target, limits.max_cells);
    if (!strings) return std::unexpected(strings.error());
    shared = std::move(*strings);
    break;
  }

  WorkbookCells result;
  size_t budget = limits.max_cells;
  std::set<std::string> parts_read;
  for (const auto& s : Child(*workbook, "sheets").children()) {
    if (!Is(s, "sheet")) continue;
    if (result.sheets.size() >= limits.max_sheets)
      return MakeError(ErrorCode::kTooLarge, "工作表过多 (too many sheets)", {*workbook_part});
    SheetCells sheet;
    sheet.name = s.attribute("name").value();
    const std::string id = Attr(s, "id").value();
    const auto rel = rels->find(id);
    if (rel == rels->end())
      return PartError(*workbook_part,
                       "工作表 '" + sheet.name + "' 的关系 '" + id + "' 不存在 (no such relationship)");
    if (rel->second.target.empty())
      return MakeError(ErrorCode::kUnsupported, "工作表 '" + sheet.name + "' 指向外部文件 (external sheet)",
                       {*workbook_part});
    // Chart sheets and dialog sheets have no cells; keep them so the tab order is complete.
    if (EndsWith(rel->second.type, "/worksheet")) {
      // A part read twice would let a small file cost many parses; no producer does it.
      if (!parts_read.insert(rel->second.target).second)
        return PartError(*workbook_part,
                         "工作表部件被重复引用 (sheet part used twice) '" + rel->second.target + "'");
      if (auto ok = ReadSheetCells(*zip, rel->second.target, shared, budget, sheet); !ok)
        return std::unexpected(ok.error());
    }
    result.sheets.push_back(std::move(sheet));
  }
  if (result.sheets.empty()) return PartError(*workbook_part, "工作簿没有工作表 (no <sheet> in <sheets>)");
  return result;
}

Result<WorkbookCells> ReadXlsxFile(const std::filesystem::path& path, const XlsxReadLimits& limits) {
  auto bytes = ReadFileBytes(path, limits.zip.max_total_size);
  if (!bytes) return std::unexpected(bytes.error());
  auto book = ReadXlsx(*bytes, limits);
  if (!book) {
    Error e = book.error();
    e.where.file = e.where.file.empty() ? path.string() : path.string() + " [" + e.where.file + "]";
    return std::unexpected(std::move(e));
  }
  return book;
}

}  // namespace dengbao::ooxml
