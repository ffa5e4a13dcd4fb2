// Reader tests on hand-made packages: what other producers write (prefixes, rich text, inline
// strings, omitted references, unusual part names) and what hostile or broken files look like.
#include "report/ooxml/xlsx_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/ooxml/zip.h"

namespace dengbao::ooxml {
namespace {

constexpr const char* kRootRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/>)"
    R"(</Relationships>)";

// A workbook with one sheet stored at xl/data/first.xml (not sheet1.xml) and shared strings.
std::vector<ZipEntry> Package(const std::string& sheet_xml, const std::string& shared_xml) {
  return {
      {"[Content_Types].xml", "<Types/>"},
      {"_rels/.rels", kRootRels},
      {"xl/workbook.xml",
       R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
       R"(xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
       R"(<x:sheets><x:sheet name="问卷" sheetId="7" rel:id="rIdA"/></x:sheets></x:workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="data/first.xml"/>)"
       R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../xl/./strings.xml"/>)"
       R"(</Relationships>)"},
      {"xl/data/first.xml", sheet_xml},
      {"xl/strings.xml", shared_xml},
  };
}

std::string Sheet(const std::string& rows) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

const std::string kShared =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<si><t>符合</t></si>)"
    R"(<si><r><rPr><b/></rPr><t>部分</t></r><r><t xml:space="preserve">符合 </t></r><rPh><t>ぶぶん</t></rPh></si>)"
    R"(</sst>)";

Result<WorkbookCells> Read(const std::vector<ZipEntry>& entries, const XlsxReadLimits& limits = {}) {
  auto bytes = WriteZip(entries);
  EXPECT_TRUE(bytes);
  return ReadXlsx(*bytes, limits);
}

TEST(XlsxReaderTest, ReadsWhatOtherProducersWrite) {
  auto book =
      Read(Package(Sheet(R"(<row r="2"><c r="B2" t="s"><v>0</v></c><c t="s"><v>1</v></c>)"
                         R"(<c t="inlineStr"><is><t>内联</t></is></c><c t="b"><v>1</v></c></row>)"
                         R"(<row><c><v>3.5</v></c><c t="e"><v>#N/A</v></c><c t="str"><v>公式结果</v></c>)"
                         R"(<c r="F3"/><c r="G3" t="s"/></row>)"),
                   kShared));
  ASSERT_TRUE(book) << book.error().ToString();
  ASSERT_EQ(book->sheets.size(), 1u);
  const SheetCells& s = book->sheets[0];
  EXPECT_EQ(s.name, "问卷");
  EXPECT_EQ(s.At(2, 2), "符合");
  EXPECT_EQ(s.At(2, 3), "部分符合 ");  // runs joined, phonetic run left out
  EXPECT_EQ(s.At(2, 4), "内联");
  EXPECT_EQ(s.At(2, 5), "TRUE");
  EXPECT_EQ(s.At(3, 1), "3.5");  // row without r follows row 2
  EXPECT_EQ(s.At(3, 2), "#N/A");
  EXPECT_EQ(s.At(3, 3), "公式结果");
  EXPECT_EQ(s.cells.size(), 7u);
  EXPECT_EQ(s.max_row, 3);
  EXPECT_EQ(s.max_column, 5);
}

TEST(XlsxReaderTest, CellRefHelpers) {
  EXPECT_EQ(CellRef(12, 3), "C12");
  EXPECT_EQ(CellRef(1, 27), "AA1");
  EXPECT_EQ(CellRef(1, 16384), "XFD1");
  EXPECT_EQ(CellRef(0, 1), "");
  EXPECT_EQ(CellRef(1, 16385), "");
  EXPECT_EQ(ParseCellRef("$C$12"), (CellPos{12, 3}));
  EXPECT_EQ(ParseCellRef("xfd1048576"), (CellPos{kMaxRows, kMaxColumns}));
  for (const char* bad : {"", "C", "12", "C0", "XFE1", "A1048577", "A1B", "AAAAA1", "A99999999999"})
    EXPECT_FALSE(ParseCellRef(bad)) << bad;
  EXPECT_TRUE(IsValidRange("A1:B2 D4"));
  EXPECT_FALSE(IsValidRange("B2:A1"));
  EXPECT_FALSE(IsValidRange("A1:"));
}

struct BrokenCase {
  const char* what;
  std::vector<ZipEntry> entries;
  ErrorCode code;
  const char* part;  // expected in where.file
};

std::vector<ZipEntry> Without(std::vector<ZipEntry> entries, const std::string& name) {
  std::erase_if(entries, [&](const ZipEntry& e) { return e.name == name; });
  return entries;
}

std::vector<ZipEntry> Replace(std::vector<ZipEntry> entries, const std::string& name,
                              const std::string& data) {
  for (auto& e : entries)
    if (e.name == name) e.data = data;
  return entries;
}

TEST(XlsxReaderTest, BrokenPackagesNameThePart) {
  const auto good = Package(Sheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"), kShared);
  const std::vector<BrokenCase> cases = {
      {"no content types", Without(good, "[Content_Types].xml"), ErrorCode::kSyntax, "[Content_Types].xml"},
      {"no root rels", Without(good, "_rels/.rels"), ErrorCode::kSyntax, "_rels/.rels"},
      {"no workbook", Without(good, "xl/workbook.xml"), ErrorCode::kSyntax, "xl/workbook.xml"},
      {"no workbook rels", Without(good, "xl/_rels/workbook.xml.rels"), ErrorCode::kSyntax,
       "xl/_rels/workbook.xml.rels"},
      {"no sheet", Without(good, "xl/data/first.xml"), ErrorCode::kSyntax, "xl/data/first.xml"},
      {"no shared strings", Without(good, "xl/strings.xml"), ErrorCode::kSyntax, "xl/strings.xml"},
      {"malformed sheet", Replace(good, "xl/data/first.xml", "<worksheet><sheetData>"), ErrorCode::kSyntax,
       "xl/data/first.xml"},
      {"wrong root", Replace(good, "xl/workbook.xml", "<document/>"), ErrorCode::kSyntax, "xl/workbook.xml"},
      {"bad string index", Replace(good, "xl/data/first.xml", Sheet(R"(<row><c t="s"><v>9</v></c></row>)")),
       ErrorCode::kSyntax, "xl/data/first.xml"},
      {"negative string index",
       Replace(good, "xl/data/first.xml", Sheet(R"(<row><c t="s"><v>-1</v></c></row>)")), ErrorCode::kSyntax,
       "xl/data/first.xml"},
      {"bad cell ref", Replace(good, "xl/data/first.xml", Sheet(R"(<row><c r="1A"><v>1</v></c></row>)")),
       ErrorCode::kSyntax, "xl/data/first.xml"},
      {"bad row", Replace(good, "xl/data/first.xml", Sheet(R"(<row r="0"><c><v>1</v></c></row>)")),
       ErrorCode::kSyntax, "xl/data/first.xml"},
      {"no sheetData", Replace(good, "xl/data/first.xml", "<worksheet/>"), ErrorCode::kSyntax,
       "xl/data/first.xml"},
      {"dangling sheet id",
       Replace(good, "xl/workbook.xml",
               R"(<workbook><sheets><sheet name="a" r:id="nope"/></sheets></workbook>)"),
       ErrorCode::kSyntax, "xl/workbook.xml"},
      {"sheet part used twice",
       Replace(
           good, "xl/workbook.xml",
           R"(<workbook><sheets><sheet name="a" r:id="rIdA"/><sheet name="b" r:id="rIdA"/></sheets></workbook>)"),
       ErrorCode::kSyntax, "xl/workbook.xml"},
      {"no sheets", Replace(good, "xl/workbook.xml", "<workbook><sheets/></workbook>"), ErrorCode::kSyntax,
       "xl/workbook.xml"},
  };
  for (const auto& c : cases) {
    auto r = Read(c.entries);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().code, c.code) << c.what << ": " << r.error().ToString();
    EXPECT_EQ(r.error().where.file, c.part) << c.what << ": " << r.error().ToString();
  }
}

TEST(XlsxReaderTest, GarbageAndTruncatedFilesAreErrors) {
  EXPECT_EQ(ReadXlsx("").error().code, ErrorCode::kSyntax);
  EXPECT_EQ(ReadXlsx("PK\x03\x04 not really a zip").error().code, ErrorCode::kSyntax);
  auto bytes = *WriteZip(Package(Sheet(R"(<row><c><v>1</v></c></row>)"), kShared));
  for (size_t cut = 0; cut < bytes.size(); cut += 37) EXPECT_FALSE(ReadXlsx(bytes.substr(0, cut))) << cut;
  // A zip that is not an OOXML package at all.
  auto other = ReadXlsx(*WriteZip({{"readme.txt", "hello"}}));
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().detail.find("OOXML"), std::string::npos);
}

TEST(XlsxReaderTest, CellLimitIsEnforced) {
  std::string rows;
  for (int i = 1; i <= 50; ++i) rows += "<row><c><v>" + std::to_string(i) + "</v></c></row>";
  XlsxReadLimits limits;
  limits.max_cells = 49;
  auto r = Read(Package(Sheet(rows), kShared), limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  limits.max_cells = 50;
  EXPECT_TRUE(Read(Package(Sheet(rows), kShared), limits));
}

TEST(XlsxReaderTest, SheetLimitIsEnforced) {
  auto entries = Package(Sheet(""), kShared);
  XlsxReadLimits limits;
  limits.max_sheets = 0;
  auto r = Read(entries, limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
}

TEST(XlsxReaderTest, ExternalSheetTargetIsRefused) {
  auto entries = Replace(Package(Sheet(""), kShared), "xl/_rels/workbook.xml.rels",
                         R"(<Relationships><Relationship Id="rIdA" Type="x/worksheet" )"
                         R"(Target="file:///etc/passwd" TargetMode="External"/></Relationships>)");
  auto r = Read(entries);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace dengbao::ooxml
