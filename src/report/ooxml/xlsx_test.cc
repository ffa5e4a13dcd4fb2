#include <gtest/gtest.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "report/ooxml/xlsx_reader.h"
#include "report/ooxml/xlsx_writer.h"
#include "report/ooxml/xml_util.h"

namespace dengbao::ooxml {
namespace {

const std::vector<std::string> kVerdicts = {"符合", "部分符合", "不符合", "不适用", "未测"};

Workbook SampleWorkbook(int rows) {
  Workbook wb;
  wb.properties = {"测评记录表", "", "Dengbao 测试", "2025-01-31T08:00:00Z"};
  Sheet records;
  records.name = "测评记录";
  records.header_row = true;
  records.column_widths = {10, 40, 12};
  records.rows.push_back({Cell::Text("序号"), Cell::Text("测评项"), Cell::Text("结果"), Cell::Text("得分")});
  for (int i = 1; i <= rows; ++i)
    records.rows.push_back(
        {Cell::Number(i),
         Cell::Text("应对登录的用户进行身份标识和鉴别 #" + std::to_string(i), CellStyle::kWrap),
         Cell::Text(kVerdicts[i % kVerdicts.size()]), Cell::Number(i * 0.25)});
  records.validations.push_back(
      {"C2:C" + std::to_string(rows + 1), kVerdicts, "输入无效", "请从下拉列表中选择", "选择结论"});
  wb.sheets.push_back(records);
  Sheet notes;
  notes.name = "说明/备注";  // '/' is not allowed in sheet names
  notes.rows = {
      {Cell::Text("  前后空格  ")}, {}, {Cell::Empty(), Cell::Text("第一行\n第二行 & <标签> \"引号\"")}};
  wb.sheets.push_back(notes);
  return wb;
}

Sheet Named(std::string name, std::vector<std::vector<Cell>> rows = {}) {
  Sheet s;
  s.name = std::move(name);
  s.rows = std::move(rows);
  return s;
}

ListValidation List(std::string range, std::vector<std::string> values) {
  ListValidation v;
  v.range = std::move(range);
  v.values = std::move(values);
  return v;
}

std::string PartOf(const std::string& xlsx, const std::string& part) {
  auto zip = ReadZip(xlsx);
  EXPECT_TRUE(zip);
  const std::string* data = zip ? zip->Find(part) : nullptr;
  return data ? *data : std::string();
}

TEST(XlsxTest, RoundTripChineseNumbersAndManyRows) {
  auto bytes = WriteXlsx(SampleWorkbook(2000));
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  auto book = ReadXlsx(*bytes);
  ASSERT_TRUE(book) << book.error().ToString();
  ASSERT_EQ(book->sheets.size(), 2u);
  const SheetCells& s = book->sheets[0];
  EXPECT_EQ(s.name, "测评记录");
  EXPECT_EQ(s.max_row, 2001);
  EXPECT_EQ(s.max_column, 4);
  EXPECT_EQ(s.At(1, 2), "测评项");
  EXPECT_EQ(s.At(2, 1), "1");
  EXPECT_EQ(s.At(2, 4), "0.25");
  EXPECT_EQ(s.At(2001, 2), "应对登录的用户进行身份标识和鉴别 #2000");
  EXPECT_EQ(s.At(2001, 3), kVerdicts[2000 % kVerdicts.size()]);
  EXPECT_EQ(s.At(5000, 1), "");

  const SheetCells* notes = book->Find("说明_备注");
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(notes->At(1, 1), "  前后空格  ");
  EXPECT_EQ(notes->At(3, 2), "第一行\n第二行 & <标签> \"引号\"");
  EXPECT_EQ(notes->At(3, 1), "");
  EXPECT_EQ(notes->cells.size(), 2u);
}

TEST(XlsxTest, OutputIsDeterministic) {
  EXPECT_EQ(*WriteXlsx(SampleWorkbook(10)), *WriteXlsx(SampleWorkbook(10)));
}

TEST(XlsxTest, DataValidationHeaderAndFilterAreInTheXml) {
  auto bytes = *WriteXlsx(SampleWorkbook(10));
  pugi::xml_document sheet;
  ASSERT_TRUE(sheet.load_string(PartOf(bytes, "xl/worksheets/sheet1.xml").c_str()));
  auto ws = sheet.child("worksheet");
  auto dv = ws.child("dataValidations").child("dataValidation");
  EXPECT_STREQ(dv.attribute("type").value(), "list");
  EXPECT_STREQ(dv.attribute("sqref").value(), "C2:C11");
  EXPECT_STREQ(dv.attribute("showErrorMessage").value(), "1");
  EXPECT_STREQ(dv.attribute("error").value(), "请从下拉列表中选择");
  EXPECT_STREQ(dv.child_value("formula1"), "\"符合,部分符合,不符合,不适用,未测\"");
  EXPECT_STREQ(ws.child("autoFilter").attribute("ref").value(), "A1:D11");
  auto pane = ws.child("sheetViews").child("sheetView").child("pane");
  EXPECT_STREQ(pane.attribute("state").value(), "frozen");
  EXPECT_STREQ(pane.attribute("topLeftCell").value(), "A2");
  EXPECT_STREQ(ws.child("cols").child("col").attribute("width").value(), "10");
  // Element order matters to Excel: sheetData, autoFilter, dataValidations, pageMargins.
  std::vector<std::string> order;
  for (auto child : ws.children()) order.emplace_back(child.name());
  EXPECT_EQ(order, (std::vector<std::string>{"dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
                                             "autoFilter", "dataValidations", "pageMargins"}));
  // The header cells use the bold header style (cellXfs index 1).
  EXPECT_STREQ(ws.child("sheetData").child("row").child("c").attribute("s").value(), "1");

  pugi::xml_document workbook;
  ASSERT_TRUE(workbook.load_string(PartOf(bytes, "xl/workbook.xml").c_str()));
  auto name = workbook.child("workbook").child("definedNames").child("definedName");
  EXPECT_STREQ(name.attribute("name").value(), "_xlnm._FilterDatabase");
  EXPECT_STREQ(name.child_value(), "'测评记录'!$A$1:$D$11");

  const std::string core = PartOf(bytes, "docProps/core.xml");
  EXPECT_NE(core.find("<dc:title>测评记录表</dc:title>"), std::string::npos);
  EXPECT_NE(core.find("2025-01-31T08:00:00Z"), std::string::npos);
}

TEST(XlsxTest, EveryPartIsWellFormedXml) {
  auto zip = ReadZip(*WriteXlsx(SampleWorkbook(3)));
  ASSERT_TRUE(zip);
  std::vector<std::string> names;
  for (const auto& e : zip->entries) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer(e.data.data(), e.data.size())) << e.name;
    names.push_back(e.name);
  }
  EXPECT_EQ(names.front(), "[Content_Types].xml");
  for (const char* part : {"_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                           "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"})
    EXPECT_NE(std::ranges::find(names, part), names.end()) << part;
}

TEST(XlsxTest, SheetNamesAreMadeValidAndUnique) {
  Workbook wb;
  for (const char* n : {"a[b]:c*d?e/f\\g", "Data", "data", "", "'quoted'", "history",
                        "这是一个非常非常非常非常非常非常非常非常非常长的工作表名称超过三十一个字"})
    wb.sheets.push_back(Named(n));
  wb.sheets.push_back(Named("这是一个非常非常非常非常非常非常非常非常非常长的工作表名称超过三十一个字"));
  auto names = XlsxSheetNames(wb);
  ASSERT_EQ(names.size(), 8u);
  EXPECT_EQ(names[0], "a_b__c_d_e_f_g");
  EXPECT_EQ(names[1], "Data");
  EXPECT_EQ(names[2], "data(2)");
  EXPECT_EQ(names[3], "Sheet4");
  EXPECT_EQ(names[4], "quoted");
  EXPECT_EQ(names[5], "history_");
  EXPECT_EQ(Utf16Length(names[6]), 31u);
  EXPECT_EQ(Utf16Length(names[7]), 31u);
  EXPECT_TRUE(names[7].ends_with("(2)"));

  auto book = ReadXlsx(*WriteXlsx(wb));
  ASSERT_TRUE(book) << book.error().ToString();
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(book->sheets[i].name, names[i]);
}

TEST(XlsxTest, ControlCharactersAreDroppedAndLongTextCut) {
  Workbook wb;
  wb.sheets.push_back(Named("s", {{Cell::Text(std::string("a\x01"
                                                          "b\x0b"
                                                          "c\xff"
                                                          "d")),
                                   Cell::Text(std::string(40'000, 'x')), Cell::Number(1.0 / 0.0)}}));
  auto book = ReadXlsx(*WriteXlsx(wb));
  ASSERT_TRUE(book) << book.error().ToString();
  EXPECT_EQ(book->sheets[0].At(1, 1),
            "abc\xEF\xBF\xBD"
            "d");  // invalid byte -> U+FFFD
  EXPECT_EQ(book->sheets[0].At(1, 2).size(), 32'767u);
  EXPECT_EQ(book->sheets[0].At(1, 3), "inf");
}

TEST(XlsxTest, WriterRejectsBadInput) {
  EXPECT_EQ(WriteXlsx(Workbook{}).error().code, ErrorCode::kInvalidArgument);
  Workbook wb = SampleWorkbook(1);
  wb.sheets[0].validations = {List("C2:B1", kVerdicts)};
  EXPECT_EQ(WriteXlsx(wb).error().code, ErrorCode::kInvalidArgument);
  wb.sheets[0].validations = {List("C2", {"a,b"})};
  EXPECT_EQ(WriteXlsx(wb).error().code, ErrorCode::kInvalidArgument);
  wb.sheets[0].validations = {List("C2", {std::string(300, 'x')})};
  EXPECT_EQ(WriteXlsx(wb).error().code, ErrorCode::kInvalidArgument);
  wb.sheets[0].validations = {};
  wb.properties.created = "yesterday";
  EXPECT_EQ(WriteXlsx(wb).error().code, ErrorCode::kInvalidArgument);
}

TEST(XlsxTest, FileRoundTrip) {
  auto path = std::filesystem::path(testing::TempDir()) / "ooxml_xlsx_test.xlsx";
  ASSERT_TRUE(WriteXlsxFile(SampleWorkbook(5), path));
  auto book = ReadXlsxFile(path);
  ASSERT_TRUE(book) << book.error().ToString();
  EXPECT_EQ(book->sheets[0].At(6, 1), "5");
  std::filesystem::remove(path);
  auto missing = ReadXlsxFile(path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace dengbao::ooxml
