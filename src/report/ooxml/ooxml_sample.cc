// Sample files for the LibreOffice conversion test (tests/ooxml/office_test.sh) and for opening
// by hand in Word or Excel, plus a dump of what the reader sees in any XLSX.
// Usage: ooxml_sample write DIR     writes DIR/sample.docx and DIR/sample.xlsx
//        ooxml_sample dump FILE     prints "sheet<TAB>C12<TAB>value" per cell (newlines as \n)
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "report/ooxml/docx_writer.h"
#include "report/ooxml/xlsx_reader.h"
#include "report/ooxml/xlsx_writer.h"

namespace {

using namespace dengbao::ooxml;

Document SampleDocument() {
  Document doc;
  doc.properties = {"差距分析报告", "样例", "Dengbao", "2025-01-31T08:00:00Z"};
  doc.AddTitleBlock("差距分析报告", {"示例系统", "2025年1月"});
  doc.AddPageBreak();
  doc.AddHeading(1, "第一章 概述");
  doc.AddParagraph("本报告由 Dengbao 生成，用于检验文档格式。Latin text mixed with 中文。");
  doc.AddParagraph(std::vector<Run>{{"加粗的结论：", true}, {"普通文字。", false}});
  doc.AddHeading(2, "1.1 范围");
  doc.AddBulletList({"第一项", "第二项 & <特殊> \"字符\""});
  doc.AddHeading(3, "1.1.1 表格");
  Table table;
  table.header = {"序号", "测评项", "结论"};
  table.column_widths_cm = {1.5, 11, 3.5};
  for (int i = 1; i <= 80; ++i)
    table.rows.push_back(
        {std::to_string(i), "表格单元格文字第" + std::to_string(i) + "行\n第二行", "部分符合"});
  doc.AddTable(table);
  return doc;
}

Workbook SampleWorkbook() {
  Workbook wb;
  wb.properties = {"测评记录表", "", "Dengbao", "2025-01-31T08:00:00Z"};
  Sheet sheet;
  sheet.name = "测评记录";
  sheet.header_row = true;
  sheet.column_widths = {8, 40, 12};
  sheet.rows.push_back({Cell::Text("序号"), Cell::Text("测评项"), Cell::Text("结果")});
  for (int i = 1; i <= 20; ++i)
    sheet.rows.push_back({Cell::Number(i),
                          Cell::Text("身份鉴别 第" + std::to_string(i) + "项", CellStyle::kWrap),
                          Cell::Text(i % 2 ? "符合" : "不符合")});
  ListValidation verdicts;
  verdicts.range = "C2:C21";
  verdicts.values = {"符合", "部分符合", "不符合", "不适用", "未测"};
  verdicts.error_title = "输入无效";
  verdicts.error_message = "请从下拉列表中选择结论";
  sheet.validations.push_back(verdicts);
  wb.sheets.push_back(sheet);
  return wb;
}

int Write(const std::filesystem::path& dir) {
  if (auto ok = WriteDocxFile(SampleDocument(), dir / "sample.docx"); !ok) {
    std::cerr << ok.error().ToString() << "\n";
    return 1;
  }
  if (auto ok = WriteXlsxFile(SampleWorkbook(), dir / "sample.xlsx"); !ok) {
    std::cerr << ok.error().ToString() << "\n";
    return 1;
  }
  return 0;
}

int Dump(const std::filesystem::path& file) {
  auto book = ReadXlsxFile(file);
  if (!book) {
    std::cerr << book.error().ToString() << "\n";
    return 1;
  }
  for (const auto& sheet : book->sheets) {
    for (const auto& [pos, value] : sheet.cells) {
      std::string escaped;
      for (char c : value) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
      std::cout << sheet.name << '\t' << CellRef(pos.first, pos.second) << '\t' << escaped << '\n';
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc == 3 ? argv[1] : "";
  if (command == "write") return Write(argv[2]);
  if (command == "dump") return Dump(argv[2]);
  std::cerr << "usage: ooxml_sample write DIR | ooxml_sample dump FILE.xlsx\n";
  return 2;
}
